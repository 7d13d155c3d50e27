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
  ]

  static func run(_ context: LessonContext) throws {
    let say = context.transcript
    let folder = try context.dataFolder(number)
    say.heading("Chapter 4: \(title)")
    say("preset \(context.preset.rawValue), seed \(context.seed)")

    // A shard runs its slice of Table 1's sweep and nothing else; a merge joins the
    // slices and draws the correlation figures (README, "Spreading a sweep").
    if context.shard != nil || context.merge {
      try correlationTable(context, folder: folder)
      if context.shard == nil {
        try say.save(to: folder)
        context.render(["04-correlation-psi", "04-correlation-phi"], from: folder)
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
      let trainCorrelation = try PearsonCorrelation(results.map { $0[1] }, validation)
      rows.append([
        set.name.displayName, "training loss", fmt(trainCorrelation.r, 3),
        fmt(trainCorrelation.pValue, 2),
        trainCorrelation.confidenceInterval.map {
          "[\(fmt($0.lowerBound, 3)), \(fmt($0.upperBound, 3))]"
        } ?? "-",
      ])
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

  // MARK: - 4. Figure 4: teleport to change φ or ψ, then keep training

  static func teleportRuns(_ context: LessonContext, folder: URL) throws {
    let say = context.transcript
    say.heading("4. Figure 4: teleporting to lower or raise φ and ψ", level: 2)
    let preset = context.preset
    let epochs = preset.choose(quick: 6, standard: 40, paper: 40)
    let resume = preset.choose(quick: 2, standard: 15, paper: 15)
    let teleportEpoch = preset.choose(quick: 3, standard: 20, paper: 20)
    let runs = preset.choose(quick: 2, standard: 5, paper: 5)
    let teleportBatchSize = preset.choose(quick: 200, standard: 2000, paper: 2000)
    let directions = preset.choose(quick: 1, standard: 4, paper: 100)
    let innerSteps = preset.choose(quick: 2, standard: 10, paper: 10)
    let trainLimit = preset.choose(quick: 1000, standard: 10_000, paper: Int.max)
    say(
      "SGD for \(epochs) epochs; from the epoch-\(resume) weights, \(runs) runs each teleport before the first"
    )
    say(
      "mini-batch steps of epoch \(teleportEpoch) on fresh batches of \(teleportBatchSize), as the paper's Figure 4:"
    )
    say(
      "φ with action (C) on every pair, \(innerSteps) inner steps, \(directions) direction(s) per radius 0.1 … 0.9;"
    )
    say("ψ with a scalar step along exp(tM) on the second pair only. Teleport counts: lower φ 10,")
    say("raise φ 2, lower ψ 5, raise ψ 10.")
    var blocks: [DataFile.Block] = []
    var summary: [[String]] = []
    for set in try dataSets(context, forTeleport: true) {
      let name = set.name.displayName
      let train = set.splits.train.subset(count: trainLimit)
      let test = set.splits.test.subset(count: preset == .quick ? 1000 : set.splits.test.count)
      let probes = try probeBatches(
        train, count: preset.choose(quick: 4, standard: 20, paper: 50), size: 200,
        seed: context.seed &+ 5000
      ).map(ProbeBatch.init)
      let radii = paperSharpnessRadii(mnist: set.name == .mnist)
      // κ_C: the curvature the ψ teleport moves, averaged over 10 fixed M on one probe batch.
      var kappaRNG = SplitMix64(seed: context.seed &+ 99)
      let kappaDirections = (0..<10).map { _ in
        Matrix.uniform(set.dims[2], set.dims[2], using: &kappaRNG)
      }
      let kappaMeter = CurvatureTeleporter(direction: .increase, learningRate: 0)
      func measures(_ w: [Matrix]) throws -> (phi: Double, psi: Double, kappa: Double) {
        let kappas = kappaDirections.map { m in
          (try? kappaMeter.curvatureAndRate(weights: w, generator: m, input: probes[0].batch.input))?
            .curvature ?? .nan
        }
        return (
          sharpness(
            weights: w, probes: probes.map(\.batch), radii: radii, seed: context.seed &+ 12),
          try orbitCurvature(weights: w, probes: probes, seed: context.seed &+ 12345),
          Toolkit.mean(kappas)
        )
      }
      // The paper's learning rates (`paper.md` §3.4).
      let rates =
        set.name == .fashionMNIST
        ? (phiDown: 3e-1, phiUp: 1e-1, psiDown: 3e-3, psiUp: 5e-3)
        : (phiDown: 5e-2, phiUp: 5e-2, psiDown: 5e-2, psiUp: 2e-1)

      let clock = Stopwatch()
      var rng = SplitMix64(seed: context.seed &+ 54321)
      // The SGD baseline, in two legs so that the epoch-`resume` weights are kept
      // (SGD has no state, so two legs are the same run as one).
      let early = try Toolkit.train(
        MLP(dimensions: set.dims, using: &rng), on: train, test: test,
        configuration: plainSGDConfiguration(epochs: resume, learningRate: set.learningRate))
      let resumeWeights = early.model.weights
      let late = try Toolkit.train(
        early.model, on: train, test: test,
        configuration: plainSGDConfiguration(
          epochs: epochs - resume, learningRate: set.learningRate))
      let baseline = (early.history.epochs.dropFirst() + late.history.epochs.dropFirst())
        .map { (train: $0.trainLoss, test: $0.testLoss) }
      enum Kind: CaseIterable { case phiDown, phiUp, psiDown, psiUp }
      typealias Outcome = (
        losses: [(Double, Double)], before: (Double, Double, Double),
        after: (Double, Double, Double), diverged: Bool, longestStep: Double
      )
      let kinds = Kind.allCases
      let outcomes = try runInParallel(
        count: kinds.count * runs, seed: context.seed &+ 77, maxConcurrency: 2
      ) {
        job, rng -> Outcome in
        let kind = kinds[job / runs]
        let net = MLP(weights: resumeWeights)
        var losses: [(Double, Double)] = []
        var before = (0.0, 0.0, 0.0), after = (Double.nan, Double.nan, Double.nan)
        var longestStep = 0.0
        let count: Int
        switch kind {
        case .phiDown: count = 10
        case .phiUp: count = 2
        case .psiDown: count = 5
        case .psiUp: count = 10
        }
        var teleportRNG = SplitMix64(seed: rng.next())
        // From the resume weights to the end, teleporting before the first `count` steps of
        // epoch `teleportEpoch`; a run whose loss blows up is recorded as diverged.
        let run: TrainingRun
        do {
          run = try Toolkit.train(
            net, on: train, test: test,
            configuration: plainSGDConfiguration(
              epochs: epochs - resume, learningRate: set.learningRate),
            beforeStep: { epoch, step, net in
              guard resume + epoch == teleportEpoch, step < count else { return }
              let batch = probeBatches(
                train, count: 1, size: teleportBatchSize, seed: teleportRNG.next())[0]
              let curvature = CurvatureTeleporter(
                direction: kind == .psiUp ? .increase : .decrease,
                learningRate: kind == .psiUp ? rates.psiUp : rates.psiDown)
              if step == 0 { before = try measures(net.weights) }
              switch kind {
              case .phiDown, .phiUp:
                let objective = SharpnessObjective.paper(
                  direction: kind == .phiUp ? .increase : .decrease,
                  directionsPerRadius: directions, seed: teleportRNG.next())
                let teleporter = Teleporter(
                  symmetry: NetworkSymmetry(ProjectedAction()), objective: objective,
                  settings: TeleportSettings(
                    learningRate: kind == .phiUp ? rates.phiUp : rates.phiDown,
                    stepCount: innerSteps, objectiveCap: 2.0))
                net.weights = try teleporter.teleport(net.weights, on: batch).weights
              case .psiDown, .psiUp:
                let outcome = try curvature.teleport(net.weights, on: batch, using: &teleportRNG)
                longestStep = max(longestStep, outcome.steps.map(abs).max() ?? 0)
                net.weights = outcome.weights
              }
              if step == count - 1 { after = try measures(net.weights) }
            })
        } catch is TrainingDivergedError {
          // SGD after a long teleport step can blow up; we record it and keep the others.
          losses = Array(repeating: (Double.nan, Double.nan), count: epochs - resume)
          return (losses, before, after, true, longestStep)
        }
        losses = run.history.epochs.dropFirst().map { ($0.trainLoss, $0.testLoss) }
        return (losses, before, after, false, longestStep)
      }
      say.time(
        "\(name): SGD baseline and \(kinds.count * runs) teleport runs: \(fmt(clock.elapsedSeconds, 3)) s"
      )

      for (objective, pair) in [
        ("φ", (Kind.phiDown, Kind.phiUp)), ("ψ", (Kind.psiDown, Kind.psiUp)),
      ] {
        var rows: [[Double]] = []
        let groups = [pair.0, pair.1].map { kind in
          (0..<runs).map { outcomes[kinds.firstIndex(of: kind)! * runs + $0] }
        }
        // Bands over the runs that did not diverge (all NaN when none survived).
        let bands = try groups.map { all in
          let group = all.filter { !$0.diverged }.isEmpty ? all : all.filter { !$0.diverged }
          return (
            train: try Band(runs: group.map { $0.losses.map(\.0) }),
            test: try Band(runs: group.map { $0.losses.map(\.1) })
          )
        }
        for epoch in 0..<epochs {
          var row = [Double(epoch + 1), baseline[epoch].train, baseline[epoch].test]
          for band in bands {
            if epoch >= resume {
              let i = epoch - resume
              row += [
                band.train.mean[i], band.train.standardDeviation[i], band.test.mean[i],
                band.test.standardDeviation[i],
              ]
            } else {
              row += [.nan, .nan, .nan, .nan]
            }
          }
          rows.append(row)
        }
        blocks.append(.init(title: "\(name) \(objective)", rows: rows))
        for (g, kind) in [pair.0, pair.1].enumerated() {
          let group = groups[g].filter { !$0.diverged }
          let diverged = runs - group.count
          let final = group.map { $0.losses.last!.1 }
          func mean3(
            _ pick: (((Double, Double, Double)) -> Double),
            _ which: KeyPath<Outcome, (Double, Double, Double)>
          ) -> Double {
            group.isEmpty ? .nan : Toolkit.mean(group.map { pick($0[keyPath: which]) })
          }
          let longest = groups[g].map(\.longestStep).max() ?? 0
          summary.append([
            name, "\(kind == pair.0 ? "lower" : "raise") \(objective)",
            meanAndSpread(final)
              + (diverged > 0 ? " (\(diverged) diverged)" : ""),
            objective == "ψ" ? fmt(longest, 3) : "-",
            fmt(mean3({ $0.0 }, \.before), 3) + " → " + fmt(mean3({ $0.0 }, \.after), 3),
            fmt(mean3({ $0.1 }, \.before), 3) + " → " + fmt(mean3({ $0.1 }, \.after), 3),
            fmt(mean3({ $0.2 }, \.before), 3) + " → " + fmt(mean3({ $0.2 }, \.after), 3),
          ])
        }
      }
      summary.append([name, "SGD", fmt(baseline[epochs - 1].test), "-", "-", "-", "-"])
    }
    say()
    say("Final validation loss (mean ± std over runs) and, averaged over runs, the measures just")
    say("before the first and after the last teleport: φ and ψ of Table 1 (action (B), all pairs),")
    say("and κ_C, the curvature of the (C) curve on the second pair that the ψ teleport moves")
    say("(mean over 10 fixed random M, on one batch of 200);")
    say(
      "largest |t|: the longest step exp(tM) a ψ teleport took (M uniform in [0, 1), not normalised)."
    )
    say()
    say.table(
      [
        "data set", "teleport", "final validation loss", "largest |t|", "φ", "ψ (Table 1)",
        "κ_C (Figure 4)",
      ],
      summary)
    try context.write(
      DataFile(
        lesson: number, preset: preset, seed: context.seed,
        columns: [
          "epoch", "sgd_train", "sgd_test",
          "lower_train", "lower_train_sd", "lower_test", "lower_test_sd",
          "raise_train", "raise_train_sd", "raise_test", "raise_test_sd",
        ],
        comments: ["blocks: for each data set, φ then ψ; loss after each epoch (1-based)"],
        blocks: blocks),
      named: "teleport.dat", in: folder)
  }

  /// "mean ± std" over runs; a spread below the mean's fourth significant digit prints as
  /// "< 1e-3" (its digits differ between BLAS kernels), and one run says so.
  static func meanAndSpread(_ values: [Double]) -> String {
    guard let first = values.first else { return "-" }
    if values.count == 1 { return fmt(first) + " (one run)" }
    let m = Toolkit.mean(values), s = sampleStandardDeviation(values)
    let resolution = pow(10, (log10(abs(m))).rounded(.down) - 3)
    return fmt(m) + " ± " + (s < resolution ? "< " + fmt(resolution, 1) : fmt(s, 2))
  }
}
