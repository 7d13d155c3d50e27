// Chapter 04: sharpness, curvature and generalization.

import Foundation
import Toolkit

/// `swift run lesson 4`: sharpness φ and orbit curvature ψ, whether they predict
/// the validation loss (Table 1), teleports that move them (Figure 4), and the
/// displacement of a curved set of minima under a random shift (Figure 7).
enum Lesson04: Lesson {
  static let number = "04"
  static let title = "Sharpness, curvature and generalization"
  static let chapter = "chapters/04-curvature-generalization.md"
  static let options: Set<LessonOption> = [.dataset, .dataDir, .shard, .merge, .fresh]
  static let datasets = DatasetName.allCases
  static let figures = [
    "04-displacement", "04-correlation-psi", "04-correlation-phi", "04-teleport",
    "04-teleport-difference",
  ]

  static func run(_ context: LessonContext) throws {
    let say = context.transcript
    let folder = try context.dataFolder(number)
    say.heading("Chapter 4: \(title)")
    say("preset \(context.preset.rawValue), seed \(context.seed)")

    // A shard runs its slice of the sweeps of Table 1 and Figure 4 and nothing else; a merge
    // joins the slices and draws their figures (README, "Spreading a sweep").
    if context.shard != nil || context.merge {
      // A shard runs Figure 4's sweep first (the shorter on a full data set); a merge prints in
      // the chapter's order.
      if context.shard != nil { try teleportRuns(context, folder: folder) }
      try correlationTable(context, folder: folder)
      if context.shard == nil {
        try teleportRuns(context, folder: folder)
        try say.save(to: folder)
        context.render(Array(figures.dropFirst()), from: folder)
      }
      return
    }
    try verifyDerivatives(context)
    try displacement(context, folder: folder)
    try correlationTable(context, folder: folder)
    try teleportRuns(context, folder: folder)

    try say.save(to: folder)
    context.render(figures, from: folder)
  }

  // MARK: - 1. Verify it works: γ′, γ″, γ‴ and dκ/dt against finite differences

  static func verifyDerivatives(_ context: LessonContext) throws {
    let say = context.transcript
    say.heading(
      "1. The closed-form derivatives of orbit curves, against finite differences", level: 2)
    var rng = SplitMix64(seed: context.seed &+ 41)
    let net = MLP(dimensions: [12, 6, 5, 4], using: &rng)
    let w = net.weights
    let x = Matrix.uniform(12, 10, using: &rng)
    let mB = Matrix.uniform(6, 6, using: &rng)
    let mC = Matrix.uniform(5, 5, using: &rng)

    // (B) on the first pair alone (exact derivatives of the action's curve, Eq. 57 and 60).
    let one = [w[0], matmul(w[1], Matrix.identity(6))]  // [6, 12], [5, 6]: a one-hidden-layer net
    let (first, second) = try orbitCurveDerivatives(weights: one, generators: [mB], input: x)
    let curveB = { (t: Double) throws -> [Matrix] in
      let (u, v) = try LeakyReLUAction().transform(
        u: Variable(constant: one[1]), v: Variable(constant: one[0]), input: Variable(constant: x),
        g: Variable(constant: matrixExponential(t * mB)),
        gInverse: Variable(constant: matrixExponential(-t * mB)),
        negativeSlope: defaultNegativeSlope)
      return [v.value, u.value]
    }
    // (C) on the second pair, the curvature teleport's curve, at t = 0.
    let h1 = net.activations(x)[1]
    let jet = try projectedCurveDerivatives(u: w[2], v: w[1], input: h1, generator: mC, t: 0)
    let curveC = { (t: Double) throws -> [Matrix] in
      let (u, v) = try ProjectedAction().transform(
        u: Variable(constant: w[2]), v: Variable(constant: w[1]), input: Variable(constant: h1),
        g: Variable(constant: matrixExponential(t * mC)),
        gInverse: Variable(constant: matrixExponential(-t * mC)),
        negativeSlope: defaultNegativeSlope)
      return [u.value, v.value]
    }
    let kappaC = { (t: Double) throws -> Double in
      curvatureAndRate(
        try projectedCurveDerivatives(u: w[2], v: w[1], input: h1, generator: mC, t: t)
          .map { [$0.u, $0.v] }
      ).curvature
    }
    let h = 1e-4, h3 = 2e-3
    func row(_ name: String, _ analytic: [Matrix], _ numeric: [Matrix], _ tolerance: Double)
      -> [String]
    {
      let error = relativeDistance(analytic, numeric)
      return [
        name, fmt(combinedNorm(analytic)), fmt(combinedNorm(numeric)),
        error < tolerance ? "yes" : "NO",
        "\(tolerance)",
      ]
    }
    let rate = curvatureAndRate(jet.map { [$0.u, $0.v] }).rate
    let rateNumeric = try centralDifference(order: 1, step: h) { t in [.scalar(try kappaC(t))] }[0]
      .scalarValue
    say("A [12, 6, 5, 4] network, 10 samples; M with entries uniform in [0, 1).")
    say("Relative error ‖analytic − numeric‖ / ‖numeric‖ (central differences in t).")
    say()
    say.table(
      ["quantity", "‖analytic‖", "‖numeric‖", "agree", "tolerance"],
      [
        row("γ′ of (B), Eq. 57", first, try centralDifference(order: 1, step: h, of: curveB), 1e-6),
        row(
          "γ″ of (B), Eq. 60", second, try centralDifference(order: 2, step: h, of: curveB), 1e-5),
        row(
          "γ′ of (C)", [jet[0].u, jet[0].v], try centralDifference(order: 1, step: h, of: curveC),
          1e-6),
        row(
          "γ″ of (C)", [jet[1].u, jet[1].v], try centralDifference(order: 2, step: h, of: curveC),
          1e-5),
        row(
          "γ‴ of (C)", [jet[2].u, jet[2].v], try centralDifference(order: 3, step: h3, of: curveC),
          1e-3),
        row("dκ/dt of (C)", [.scalar(rate)], [.scalar(rateNumeric)], 1e-5),
      ])
  }

  // MARK: - 2. Figure 7: displacement of a curve of minima under a random shift

  static func displacement(_ context: LessonContext, folder: URL) throws {
    let say = context.transcript
    say.heading("2. Figure 7: how far does a shifted curve of minima move from w?", level: 2)
    let thin = context.preset.choose(quick: 6, standard: 1, paper: 1)
    let parabolaShifts = [2, 1, 0.5, 0.2, 0.1]
    let circleShifts = [0.1, 0.05, 0.02, 0.01, 0.005]
    // The paper's grids: k₁ = 0, 0.3, …, 39.9; k₂ = 0.1 … 0.99 by 0.01, then 1 … 9.9 by 0.1.
    let k1: [Double] = stride(from: 0, to: 134, by: thin).map { 0.3 * Double($0) }
    let small: [Double] = stride(from: 0, to: 90, by: thin).map { 0.1 + 0.01 * Double($0) }
    let large: [Double] = stride(from: 0, to: 90, by: thin).map { 1 + 0.1 * Double($0) }
    let k2 = small + large
    let clock = Stopwatch()
    let parabola = k1.map { k in
      [2 * k]
        + parabolaShifts.map { expectedDisplacement(of: .parabola(coefficient: k), shift: $0) }
    }
    let circle = k2.reversed().map { k in
      [1 / k] + circleShifts.map { expectedDisplacement(of: .circle(radius: k), shift: $0) }
    }
    say.time(
      "\(parabola.count + circle.count) curves × 5 shifts by adaptive Simpson: \(fmt(clock.elapsedSeconds, 2)) s"
    )
    for (name, rows, shifts) in [
      ("displacement-parabola.dat", parabola, parabolaShifts),
      ("displacement-circle.dat", circle, circleShifts),
    ] {
      try context.write(
        DataFile(
          lesson: number, preset: context.preset, seed: nil,
          columns: ["kappa"] + shifts.map { "r_\(fmt($0, 3))" },
          comments: ["(1/r) E dist(w, shifted curve), exact distances, adaptive Simpson"],
          blocks: [.init(rows: rows)]),
        named: name, in: folder)
    }
    say(
      "(1/r)·E[dist] for a straight line (κ = 0) is 2/π = \(fmt(2 / Double.pi)) for every shift r.")
    say()
    say("γ₁, the parabola y = k₁x² (κ = 2k₁):")
    let parabolaKappas = [0.0, 0.6, 2, 6, 20, 40, 79.8]
    say.table(
      ["κ"] + parabolaShifts.map { "r = \(fmt($0, 3))" },
      parabolaKappas.map { kappa in
        [fmt(kappa, 3)]
          + parabolaShifts.map {
            fmt(expectedDisplacement(of: .parabola(coefficient: kappa / 2), shift: $0))
          }
      })
    say()
    say("γ₂, the circle of radius k₂ touching w (κ = 1/k₂):")
    let circleKappas = [0.1, 1, 2, 5, 10]
    say.table(
      ["κ"] + circleShifts.map { "r = \(fmt($0, 3))" },
      circleKappas.map { kappa in
        [fmt(kappa, 3)]
          + circleShifts.map {
            fmt(expectedDisplacement(of: .circle(radius: 1 / kappa), shift: $0))
          }
      })
    let dip = parabola.min { $0[2] < $1[2] } ?? parabola[0]
    say()
    say(
      "Parabola, r = 1: the smallest value is \(fmt(dip[2])) at κ = \(fmt(dip[0], 3)), below 2/π;")
    say("from there it rises with κ. Circle: the value only falls as κ grows, most for large r·κ.")
  }

  // MARK: - 3. Table 1: do φ and ψ predict the validation loss?

  /// The data sets of Table 1 and Figure 4, with the network and learning rate of each.
  static func dataSets(_ context: LessonContext, forTeleport: Bool) throws
    -> [(name: DatasetName, splits: DatasetSplits, dims: [Int], learningRate: Double)]
  {
    var sets: [(DatasetName, DatasetSplits, [Int], Double)] = []
    for name in context.datasets([.mnist, .fashionMNIST, .cifar10]) {
      let splits: DatasetSplits
      do {
        splits = try context.loadDataset(
          name, train: 20, test: 1, purpose: "batches of 20 and a validation loss")
      } catch DataError.missingDataSet where name == .cifar10 && context.dataset == nil {
        context.transcript("CIFAR-10: not found, skipped (\(name.remedy))")
        continue
      }
      let dims =
        name == .cifar10
        ? (forTeleport ? [3072, 32, 10, 10] : [3072, 128, 32, 10]) : [784, 16, 10, 10]
      sets.append((name, splits, dims, name == .cifar10 ? 2e-2 : 1e-2))
    }
    return sets
  }

  /// Plain SGD with the paper's batch of 20 in fixed order, through the Toolkit's one
  /// training loop (`train`, which drops a final partial batch; there is none here).
  static func plainSGDConfiguration(epochs: Int, learningRate: Double) -> TrainingConfiguration {
    TrainingConfiguration(
      epochCount: epochs, batchSize: 20, optimizer: SGD(learningRate: learningRate))
  }

  /// `count` batches of `size` training samples drawn with a seeded generator.
  static func probeBatches(_ train: Dataset, count: Int, size: Int, seed: UInt64) -> [Batch] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in
      let (x, labels) = train.batch(rng.nextIndices(size, below: train.count))
      return Batch(input: x, labels: labels)
    }
  }

  /// The version of the code that computes a Table 1 run; raise it when a change moves the
  /// numbers, so that saved sweeps computed by the older code are refused (design.md D17).
  static let table1CodeVersion = "table-1 1"

  static func correlationTable(_ context: LessonContext, folder: URL) throws {
    let say = context.transcript
    say.heading("3. Table 1: Pearson r between the validation loss and φ, ψ", level: 2)
    let preset = context.preset
    let runs = preset.choose(quick: 6, standard: 24, paper: 100)
    let epochs = preset.choose(quick: 1, standard: 8, paper: 40)
    let probeCount = preset.choose(quick: 4, standard: 50, paper: 200)
    let probeSize = preset.choose(quick: 100, standard: 200, paper: 200)
    let trainLimit = preset.choose(quick: 1000, standard: Int.max, paper: Int.max)
    say("\(runs) runs of plain SGD per data set (learning rate 0.01, 0.02 for CIFAR-10; batch 20,")
    say(
      "fixed order; run i from its own seeded initialisation), \(epochs) epoch(s); then, at the final"
    )
    say(
      "weights, φ over \(probeCount) batches of \(probeSize) training samples × 20 radii (one random"
    )
    say(
      "direction each) and ψ over \(probeCount) curves (one batch and one M per hidden layer each)."
    )
    say("Validation loss = loss on the test set, as in the paper.")
    var rows: [[String]] = []
    var scatter: [DataFile.Block] = []
    for set in try dataSets(context, forTeleport: false) {
      let train = set.splits.train.subset(count: trainLimit)
      let test = set.splits.test.subset(count: preset == .quick ? 1000 : set.splits.test.count)
      let testBatch = Batch(input: test.images, labels: test.labels)
      let probes = probeBatches(
        train, count: probeCount, size: probeSize, seed: context.seed &+ 4000)
      let clock = Stopwatch()
      let curvatureProbes = try runInParallel(
        count: probes.count, seed: context.seed, maxConcurrency: 2
      ) { i, _ in
        try ProbeBatch(probes[i])
      }
      let radii = paperSharpnessRadii(mnist: set.name == .mnist)
      // One file per finished run, so an interrupted sweep resumes and shards can run on
      // other machines; run i's generator depends on i alone, not on the shard.
      let sweepFolder = context.dataRoot.deletingLastPathComponent()
        .appendingPathComponent(
          "sweeps/04-\(preset.rawValue)-\(set.name.rawValue)", isDirectory: true)
      // The sweep's key: everything besides the seed that its numbers depend on (design.md D17).
      let key = context.resultKey(
        [
          "epochs": "\(epochs)", "probes": "\(probeCount) x \(probeSize)",
          "training samples": "\(train.count)",
          "test samples": "\(test.count)", "network": "\(set.dims)",
          "learning rate": "\(set.learningRate)",
          "radii": "\(radii)",
          "measure seeds":
            "\(context.seed &+ 4000), \(context.seed &+ 12), \(context.seed &+ 12345)",
        ],
        code: table1CodeVersion, data: [set.splits.fingerprint()])
      let sweep: Sweep<[Double]>
      do {
        sweep = try Sweep<[Double]>(
          runCount: runs, seed: context.seed &+ 400, key: key, folder: sweepFolder,
          fresh: context.fresh && !context.merge && context.shard == nil,
          createdBy: "git commit \(context.record.gitCommit)")
      } catch let error as ExperimentError {
        throw LessonError.staleResult("Table 1, \(set.name.displayName): \(error)")
      }
      if !context.merge {
        let bar = ProgressBar(
          total: context.shard.map { $0.runs(of: runs).count } ?? runs,
          label: "Table 1, \(set.name.displayName)")
        defer { bar.finish() }
        let ran = try sweep.run(shard: context.shard ?? .all, maxConcurrency: 2, progress: bar) {
          _, rng in
          var configuration = plainSGDConfiguration(epochs: epochs, learningRate: set.learningRate)
          configuration.evaluateEveryEpoch = false
          let run = try Toolkit.train(
            MLP(dimensions: set.dims, using: &rng), on: train, test: test,
            configuration: configuration)
          let net = run.model
          let trainLoss = run.history.epochs[epochs].trainLoss
          let phi = sharpness(
            weights: net.weights, probes: probes, radii: radii, seed: context.seed &+ 12)
          let psi = try orbitCurvature(
            weights: net.weights, probes: curvatureProbes, seed: context.seed &+ 12345)
          return [net.loss(on: testBatch), trainLoss, phi, psi]
        }
        if ran.count < runs && context.shard == nil {
          say.time(
            "\(set.name.displayName): resumed a sweep, \(runs - ran.count) runs were already done in \(sweepFolder.path)"
          )
        }
        if let shard = context.shard {
          say(
            "\(set.name.displayName): shard \(shard) ran \(ran.count) of its runs (the others were done); "
              + "results in \(sweepFolder.path)")
          continue
        }
      }
      let results = try sweep.merge(shardCount: context.shard?.count)
      say.time(
        context.merge
          ? "\(set.name.displayName): merged \(runs) runs in \(fmt(clock.elapsedSeconds, 3)) s (their time is the shards')"
          : "\(set.name.displayName): \(runs) runs × \(epochs) epochs and their φ, ψ: \(fmt(clock.elapsedSeconds, 3)) s"
      )
      let validation = results.map { $0[0] }
      for (measure, column) in [("φ (sharpness)", 2), ("ψ (curvature)", 3)] {
        let c = try PearsonCorrelation(results.map { $0[column] }, validation)
        let interval =
          c.confidenceInterval.map { "[\(fmt($0.lowerBound, 3)), \(fmt($0.upperBound, 3))]" } ?? "-"
        rows.append([set.name.displayName, measure, fmt(c.r, 3), fmt(c.pValue, 2), interval])
      }
      let trainLoss = results.map { $0[1] }
      let trainCorrelation = try PearsonCorrelation(trainLoss, validation)
      rows.append([
        set.name.displayName, "training loss", fmt(trainCorrelation.r, 3),
        fmt(trainCorrelation.pValue, 2),
        trainCorrelation.confidenceInterval.map {
          "[\(fmt($0.lowerBound, 3)), \(fmt($0.upperBound, 3))]"
        } ?? "-",
      ])
      // Beyond the paper: is a sharper minimum just a less-trained one?
      for (measure, column) in [("φ | training loss", 2), ("ψ | training loss", 3)] {
        let c = try PartialCorrelation(
          results.map { $0[column] }, validation, controllingFor: trainLoss)
        let interval =
          c.confidenceInterval.map { "[\(fmt($0.lowerBound, 3)), \(fmt($0.upperBound, 3))]" } ?? "-"
        rows.append([set.name.displayName, measure, fmt(c.r, 3), fmt(c.pValue, 2), interval])
      }
      say(
        "\(set.name.displayName): validation loss \(fmt(validation.min() ?? 0)) … \(fmt(validation.max() ?? 0)), "
          + "φ \(fmt(results.map { $0[2] }.min() ?? 0)) … \(fmt(results.map { $0[2] }.max() ?? 0)), "
          + "ψ \(fmt(results.map { $0[3] }.min() ?? 0)) … \(fmt(results.map { $0[3] }.max() ?? 0))")
      scatter.append(
        .init(
          title: set.name.displayName,
          rows: results.enumerated().map { [Double($0.offset)] + $0.element }))
    }
    if context.shard != nil {
      say("When every shard has finished: lesson 4 --merge (with the same preset, seed and --out).")
      return
    }
    say()
    say.table(["data set", "measure", "Pearson r", "p-value", "95% interval"], rows)
    say("(φ | training loss: the partial correlation of φ and the validation loss given the final")
    say("training loss, the part of φ's correlation that is not \"how far training got\"; p-value")
    say("from t with n − 3 degrees of freedom, interval from Fisher's z with 1/√(n − 4).)")
    try context.write(
      DataFile(
        lesson: number, preset: preset, seed: context.seed,
        columns: ["run", "validation_loss", "train_loss", "phi", "psi"],
        comments: [
          "one block per data set, in the order MNIST, Fashion-MNIST, CIFAR-10 (when present)"
        ],
        blocks: scatter),
      named: "correlation.dat", in: folder)
  }
}
