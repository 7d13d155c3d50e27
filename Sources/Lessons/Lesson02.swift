// Chapter 02: teleportation speeds up convergence, over the whole orbit.

import Foundation
import Toolkit

/// `swift run lesson 2`: the predecessor's test functions and regression, SGD with
/// teleportation on MNIST and Fashion-MNIST, and Theorem 3.1 made visible.
enum Lesson02: Lesson {
  static let number = "02"
  static let title = "Teleportation speeds up convergence, over the whole orbit"
  static let chapter = "chapters/02-orbit-convergence.md"
  static let options: Set<LessonOption> = [.dataset, .dataDir, .shard, .merge, .fresh]
  static let datasets = greyscaleDatasets
  static let figures = ["02-test-functions", "02-regression", "02-classification", "02-orbit-norm"]

  static func run(_ context: LessonContext) throws {
    let say = context.transcript
    let folder = try context.dataFolder(number)
    say.heading("Chapter 2: \(title)")
    say("preset \(context.preset.rawValue), seed \(context.seed)")

    // A shard runs its slice of the classification sweeps and nothing else.
    if context.shard != nil {
      for dataset in [DatasetName.mnist, .fashionMNIST] {
        try classification(context, dataset: dataset, folder: folder)
      }
      say("When every shard has finished: lesson 2 --merge (with the same preset, seed and --out).")
      return
    }
    try testFunctions(context, folder: folder)
    try regression(context, folder: folder)
    for dataset in context.datasets([.mnist, .fashionMNIST]) {
      try classification(context, dataset: dataset, folder: folder)
    }

    try say.save(to: folder)
    // Two figures set MNIST beside Fashion-MNIST; with --dataset only one of them ran.
    let pairs = ["02-classification", "02-orbit-norm"]
    if let only = context.dataset {
      printError(
        "lesson 02: with --dataset \(only.rawValue), \(pairs.joined(separator: " and ")) are not drawn "
          + "(they show MNIST and Fashion-MNIST side by side); the data are in \(folder.path)")
    }
    context.render(
      context.dataset == nil ? figures : figures.filter { !pairs.contains($0) }, from: folder)
  }

  // MARK: - 1. The predecessor's Figure 2: Rosenbrock and Booth

  static func testFunctions(_ context: LessonContext, folder: URL) throws {
    let say = context.transcript
    say.heading("1. Gradient descent on Rosenbrock and Booth, with and without teleports", level: 2)
    struct Setup {
      let f: any SumOfSquaresFunction
      let start: (x: Double, y: Double)
      let learningRate: Double
      let stepCount: Int
      let teleportBefore: (Int) -> Bool
      let angleRate: Double
      let halfWidth: Double
      let center: (x: Double, y: Double)
      let schedule: String
    }
    let setups = [
      Setup(
        f: Rosenbrock(), start: (-1, -1), learningRate: 1e-3, stepCount: 1000,
        teleportBefore: { $0 % 100 == 99 }, angleRate: 0.1, halfWidth: 2, center: (0, 0),
        schedule: "before steps 99, 199, …, 999"),
      Setup(
        f: Booth(), start: (5, -5), learningRate: 0.08, stepCount: 10,
        teleportBefore: { $0 == 4 }, angleRate: 1e-3, halfWidth: 10, center: (0, 0),
        schedule: "before step 4"),
    ]
    var rng = SplitMix64(seed: context.seed)
    var rows: [[String]] = []
    for s in setups {
      let name = s.f.name.lowercased()
      try writeSurface(
        of: s.f, center: s.center, halfWidth: s.halfWidth,
        gridSize: context.preset == .quick ? 60 : 200, named: "\(name)-surface.dat",
        lesson: number, context: context, folder: folder)
      var finals: [Double] = []
      for teleporting in [false, true] {
        var p = s.start
        var trajectory: [[Double]] = []
        var jumps: [DataFile.Block] = []
        for step in 0...s.stepCount {
          if teleporting, step < s.stepCount, s.teleportBefore(step) {
            // The predecessor's teleport: a random rotation θ ∈ [0, π), then 10 ascent steps.
            let q = s.f.teleport(
              p, learningRate: s.angleRate, stepCount: 10,
              initialAngle: Double.pi * rng.nextUniform())
            jumps.append(.init(rows: [[p.x, p.y], [q.x, q.y]]))
            p = q
          }
          trajectory.append([Double(step), p.x, p.y, s.f.loss(p), s.f.gradientNormSquared(p)])
          if step == s.stepCount { break }
          let g = s.f.gradient(p)
          p = (p.x - s.learningRate * g.x, p.y - s.learningRate * g.y)
        }
        let tag = teleporting ? "teleport" : "gd"
        try context.write(
          DataFile(
            lesson: number, preset: context.preset, seed: context.seed,
            columns: ["step", "x", "y", "loss", "dL_dt"],
            comments: [
              "\(s.f.name), GD lr \(s.learningRate)"
                + (teleporting ? ", teleports \(s.schedule)" : "")
            ],
            blocks: [.init(rows: trajectory)]),
          named: "\(name)-\(tag).dat", in: folder)
        if teleporting {
          try context.write(
            DataFile(
              lesson: number, preset: context.preset, seed: context.seed,
              columns: ["x", "y"], comments: ["one block per teleport: from, to"],
              blocks: jumps), named: "\(name)-jumps.dat", in: folder)
        }
        finals.append(trajectory.last![3])
        rows.append([
          s.f.name, teleporting ? "GD + teleport" : "GD", "\(s.stepCount)",
          fmt(trajectory.last![3]), fmt(trajectory.last![4]),
          "(\(fmt(p.x, 4)), \(fmt(p.y, 4)))",
        ])
      }
    }
    say.table(["function", "method", "steps", "final ℒ", "final dℒ/dt", "final point"], rows)
    say(
      "Minima: Rosenbrock (1, 1), Booth (1, 3). Rosenbrock teleports before steps 99, 199, …, 999;")
    say("Booth teleports once, before step 4.")
  }

  // MARK: - 2. The predecessor's multi-layer regression

  static func regression(_ context: LessonContext, folder: URL) throws {
    let say = context.transcript
    say.heading(
      "2. Multi-layer regression, [4, 5, 6, 7, 8]: GD and AdaGrad, one teleport at step 5", level: 2
    )
    let runCount = context.preset.choose(quick: 2, standard: 5, paper: 5)
    let stepCount = context.preset.choose(quick: 60, standard: 300, paper: 300)
    struct Method {
      let name: String
      let optimizer: any Optimizer
      let teleporter: Teleporter?
    }
    // The predecessor's code: first-order action (B′), no cap; AdaGrad keeps its accumulator.
    // The batch (4) fits every width here, so the exact action (B) is a true symmetry: we run
    // it too, to separate what the teleport gains from what (B′)'s loss change does. A step so
    // large that rounding breaks its invariance (an ill-conditioned exp(T)) is rolled back.
    func teleporter(rate: Double, steps: Int, exact: Bool = false) -> Teleporter {
      Teleporter(
        symmetry: NetworkSymmetry(LeakyReLUAction(inverse: exact ? .exact : .firstOrder)),
        settings: TeleportSettings(
          learningRate: rate, stepCount: steps, objectiveCap: nil,
          parametrisation: exact ? .exponential : .firstOrder,
          acceptanceTolerance: exact ? 1e-6 : nil))
    }
    let methods = [
      Method(name: "GD", optimizer: SGD(learningRate: 1e-4), teleporter: nil),
      Method(
        name: "GD + teleport", optimizer: SGD(learningRate: 1e-4),
        teleporter: teleporter(rate: 1e-7, steps: 8)),
      Method(name: "AdaGrad", optimizer: AdaGrad(learningRate: 1e-1), teleporter: nil),
      Method(
        name: "AdaGrad + teleport", optimizer: AdaGrad(learningRate: 1e-1),
        teleporter: teleporter(rate: 1e-5, steps: 2)),
      Method(
        name: "GD + exact teleport", optimizer: SGD(learningRate: 1e-4),
        teleporter: teleporter(rate: 1e-7, steps: 8, exact: true)),
      Method(
        name: "AdaGrad + exact teleport", optimizer: AdaGrad(learningRate: 1e-1),
        teleporter: teleporter(rate: 1e-5, steps: 2, exact: true)),
    ]
    // Untimed warm-up runs of every method, "so that the wall-clock comparison is fair"
    // (the predecessor's code warms up GD only; we warm up the teleport's code paths too).
    let warmup = SyntheticTasks.multiLayerRegression(run: 0)
    for method in methods {
      _ = try trainFullBatch(
        MLP(weights: warmup.weights), on: Batch(input: warmup.input, target: warmup.target),
        stepCount: stepCount, optimizer: method.optimizer,
        teleportBefore: method.teleporter == nil ? [] : [5], teleporter: method.teleporter)
    }
    var histories = [[FullBatchHistory]](repeating: [], count: methods.count)
    for run in 0..<runCount {
      let task = SyntheticTasks.multiLayerRegression(run: run)
      let batch = Batch(input: task.input, target: task.target)
      for (k, method) in methods.enumerated() {
        let (_, history) = try trainFullBatch(
          MLP(weights: task.weights), on: batch, stepCount: stepCount, optimizer: method.optimizer,
          teleportBefore: method.teleporter == nil ? [] : [5], teleporter: method.teleporter,
          statePolicy: .keep)
        histories[k].append(history)
      }
    }
    var blocks: [DataFile.Block] = []
    var rows: [[String]] = []
    for (k, method) in methods.enumerated() {
      let loss = try bandColumns(histories[k].map(\.losses))
      let rate = try bandColumns(histories[k].map(\.gradientNormsSquared))
      let time = try bandColumns(histories[k].map(\.wallSeconds))
      // One task that blows up drags a mean by orders of magnitude; the figure draws medians.
      let lossMedian = QuantileBand(runs: histories[k].map(\.losses), length: stepCount + 1).median
      let rateMedian = QuantileBand(
        runs: histories[k].map(\.gradientNormsSquared), length: stepCount + 1
      ).median
      let series: [[Double]] = (0...stepCount).map { i -> [Double] in
        [
          Double(i), loss.mean[i], loss.std[i], rate.mean[i], time.mean[i], lossMedian[i],
          rateMedian[i],
        ]
      }
      blocks.append(.init(title: method.name, rows: series))
      let finals = histories[k].map { $0.losses.last! }
      let at50 = histories[k].map { $0.losses[min(50, stepCount)] }
      rows.append([method.name, meanPlusMinus(at50), meanPlusMinus(finals)])
      if method.teleporter != nil {
        let t = histories[k].map { $0.teleports[0] }
        say(
          "\(method.name): ‖∇ℒ‖² at the teleport \(meanPlusMinus(t.map(\.objectiveBefore))) → "
            + "\(meanPlusMinus(t.map(\.objectiveAfter)));")
        let rolledBack = t.filter(\.rolledBack).count
        say(
          "  loss at the teleport \(meanPlusMinus(t.map(\.lossBefore))) → \(meanPlusMinus(t.map(\.lossAfter)))"
            + (rolledBack > 0
              ? "; \(rolledBack) of \(t.count) rolled back (invariance broken by rounding)" : ""))
      }
    }
    try context.write(
      DataFile(
        lesson: number, preset: context.preset, seed: nil,
        columns: [
          "step", "loss_mean", "loss_std", "dL_dt_mean", "seconds_mean",
          "loss_median", "dL_dt_median",
        ],
        comments: ["\(runCount) tasks (seeds n²·12345), one block per method"],
        blocks: blocks), named: "regression.dat", in: folder)
    say()
    say.table(["method", "ℒ at step 50 (mean ± std)", "ℒ at step \(stepCount)"], rows)
    for (k, method) in methods.enumerated() {
      say.time(
        "\(method.name): \(fmt(mean(histories[k].map { $0.wallSeconds.last! }) * 1e3, 3)) ms per run"
      )
    }
  }

  // MARK: - 3. SGD with teleportation on MNIST and Fashion-MNIST

  /// Raise when a change to the code changes the classification sweep's numbers, so that
  /// saved runs computed by the old code are refused (design.md D17).
  static let classificationCodeVersion = "2"

  /// One run of the classification sweep: its records and, for pair 0, the orbit-norm probe.
  struct ClassificationRun: Codable {
    var attempt: TrainingAttempt
    var norms: [[Double]]  // step, ‖∇ℒ(w_t)‖², orbit estimate, its loss change
  }

  static func classification(_ context: LessonContext, dataset: DatasetName, folder: URL) throws {
    let say = context.transcript
    say.heading(
      "3. \(dataset.displayName): SGD with and without teleportation, [784, 16, 10, 10]", level: 2)
    let splits = try context.loadDataset(
      dataset, train: 200, test: 1,
      purpose: "batches of 20, a probe batch of 200 and a test loss")
    let trainSet = context.preset == .quick ? splits.train.subset(count: 1000) : splits.train
    let testSet = context.preset == .quick ? splits.test.subset(count: 500) : splits.test
    let pairCount = context.preset.choose(quick: 2, standard: 8, paper: 20)
    let epochCount = context.preset.choose(quick: 4, standard: 10, paper: 40)
    let checkpoints = context.preset.choose(quick: 4, standard: 10, paper: 40)
    say(
      "\(pairCount) paired seeds × \(epochCount) epochs on \(trainSet.count) images; SGD lr 0.01, batch 20;"
    )
    say("teleports: before each of the first 8 steps of epoch 2 (the third), 10 ascent steps on")
    say(
      "‖∇ℒ‖² on a fresh batch of 200, action (C) as in the paper's code, η_tele = 1e-4 (the paper's"
    )
    say(
      "rate for SGD) with our exact convention and with the paper code's (stale pair inputs, cap in"
    )
    say(
      "both directions); and, to see what a bolder teleport does, η_tele = 0.05 (exact convention)")
    say(
      "with an acceptance test that rolls back a teleport changing the batch loss by more than 2 %."
    )
    say(
      "Every arm of a pair starts from the same initialisation and draws the same teleport batches."
    )

    func schedule(_ rate: Double, _ convention: TeleportConvention, tolerance: Double? = nil)
      -> TeleportSchedule
    {
      TeleportSchedule(
        epochs: [2], teleportsPerEpoch: 8, teleportBatchSize: 200,
        teleporter: Teleporter(
          symmetry: NetworkSymmetry(ProjectedAction()),
          settings: TeleportSettings(
            learningRate: rate, stepCount: 10,
            acceptanceTolerance: tolerance,
            convention: convention)),
        statePolicy: .reset)
    }
    let variants: [(label: String, schedule: TeleportSchedule?)] = [
      ("SGD", nil), ("SGD + teleport", schedule(1e-4, .exact)),
      ("SGD + paper-code teleport", schedule(1e-4, .paperCode)),
      ("SGD + teleport 0.05", schedule(5e-2, .exact, tolerance: 0.02)),
    ]
    let arms = variants.map(\.label)
    var probeRNG = context.stream("lesson 2 probe batch")
    let probeIndices = Array(seededPermutation(count: trainSet.count, using: &probeRNG).prefix(200))
    let (px, pl) = trainSet.batch(probeIndices)
    let probe = Batch(input: px, labels: pl)
    let stepsPerEpoch = trainSet.count / 20
    let every = max(1, epochCount * stepsPerEpoch / checkpoints)
    let name = dataset == .mnist ? "mnist" : "fashion"

    let clock = Stopwatch()
    func job(_ arm: Int, _ pair: Int, _ rng: inout SplitMix64) throws -> ClassificationRun {
      let model = MLP(dimensions: [784, 16, 10, 10], using: &rng)
      let configuration = TrainingConfiguration(
        epochCount: epochCount, batchSize: 20, optimizer: SGD(learningRate: 1e-2),
        schedule: variants[arm].schedule, seed: rng.next())
      var norms: [[Double]] = []
      let attempt = TrainingAttempt(
        training: model, on: trainSet, test: testSet,
        configuration: configuration
      ) { step in
        // Theorem 3.1, visible: only on pair 0, at checkpoints, on a fixed probe batch.
        guard pair == 0, step.step % every == 0 else { return }
        if let estimate = try? estimateOrbitMaximum(
          of: step.model.weights, on: probe,
          symmetry: NetworkSymmetry(ProjectedAction()),
          radius: 1, stepCount: 10)
        {
          norms.append([
            Double(step.step), estimate.atWeights, estimate.maximum, estimate.relativeLossChange,
          ])
        }
      }
      return ClassificationRun(attempt: attempt, norms: norms)
    }
    guard
      let runs = try pairedSweep(
        context, number: number, tag: name, arms: arms, pairCount: pairCount,
        settings: [
          "epochs": "\(epochCount)", "training samples": "\(trainSet.count)",
          "test samples": "\(testSet.count)", "checkpoints": "\(checkpoints)",
        ],
        code: classificationCodeVersion, data: [splits.fingerprint()], job)
    else { return }
    let attempts = runs.map { $0.map(\.attempt) }
    let rule = BlowUpRule(bound: 10)

    try context.write(
      medianCurves(
        attempts, arms: arms, epochCount: epochCount, rule: rule, lesson: number,
        context: context,
        comment: "\(dataset.displayName), \(pairCount) paired seeds; one block per arm: "
          + arms.joined(separator: ", ")
          + "; epoch 0 is the initial network (its training loss on the whole set)"),
      named: "\(name)-sgd.dat", in: folder)
    try context.write(
      runOutcomes(
        attempts, arms: arms, rule: rule, lesson: number, context: context,
        comment: "\(dataset.displayName), final epoch \(epochCount)"),
      named: "\(name)-runs.dat", in: folder)
    try context.write(
      DataFile(
        lesson: number, preset: context.preset, seed: context.seed,
        columns: ["step", "gradient_norm_squared", "orbit_maximum", "relative_loss_change"],
        comments: [
          "pair 0, probe batch of 200; one block per arm: " + arms.joined(separator: ", "),
          "orbit maximum: 10 normalised ascent steps, path length 1, action (C) "
            + "(not exact on a batch of 200: relative_loss_change is how far it left the level set)",
        ],
        blocks: runs.map { .init(rows: $0[0].norms) }),
      named: "\(name)-orbit-norm.dat", in: folder)

    // The teleports themselves, over all pairs.
    for (label, group) in zip(arms, attempts).dropFirst() {
      let teleports = group.flatMap(\.teleports)
      let gains = teleports.filter { !$0.rolledBack && $0.objectiveBefore > 0 }.map {
        $0.objectiveAfter / $0.objectiveBefore
      }
      let changes = teleports.map { abs($0.lossAfter - $0.lossBefore) / $0.lossBefore }
      say(
        "\(label): \(teleports.count) teleports; ‖∇ℒ‖² on their batches: median ×\(fmt(median(gains.isEmpty ? [1] : gains), 4)), "
          + "largest ×\(fmt(gains.max() ?? 1, 3));")
      let rolledBack = teleports.filter(\.rolledBack).count
      say(
        "  relative change of the teleport-batch loss: at most \(fmt(changes.max() ?? 0, 2))"
          + (rolledBack > 0 ? "; \(rolledBack) rolled back by the acceptance test" : ""))
    }

    // The verdicts: right after the teleports, and at the end.
    let afterTeleports = min(4, epochCount)
    let comparisons = arms.dropFirst().map { ($0, arms[0]) } + [(arms[2], arms[1])]
    func table(_ key: KeyPath<EpochRecord, Double>, _ what: String, epoch: Int) throws
      -> VerdictTable
    {
      try VerdictTable(
        outcomeName: "\(dataset.displayName) \(what) at epoch \(epoch)", blowUpRule: rule,
        arms: zip(arms, attempts).map { label, runs in
          Arm(name: label, outcomes: runs.map { $0.outcome(key, atEpoch: epoch, rule: rule) })
        },
        comparisons: comparisons, bootstrapSeed: context.seed)
    }
    say()
    say.verdict(try table(\.trainLoss, "training loss", epoch: afterTeleports))
    if epochCount > afterTeleports {
      say()
      say.verdict(try table(\.trainLoss, "training loss", epoch: epochCount))
    }
    say()
    say.verdict(try table(\.testLoss, "test loss", epoch: epochCount))
    let sgdSeconds = attempts[0].compactMap { $0.epochs.last?.wallSeconds }
    let teleportShare = attempts[1].compactMap { $0.epochs.last }.map {
      $0.teleportSeconds / max($0.wallSeconds, 1e-9)
    }
    say.time(
      "\(dataset.displayName): \(arms.count * pairCount) runs in \(fmt(clock.elapsedSeconds, 3)) s; "
        + "\(fmt(median(sgdSeconds), 3)) s per SGD run (median); teleports took "
        + "\(fmt(100 * median(teleportShare), 2)) % of a teleporting run's time")

    // Theorem 3.1, made visible (pair 0).
    let norms = runs.map { $0[0].norms }
    say()
    say(
      "Pair 0 at \(norms[0].count) checkpoints, on a fixed batch of 200: mean ‖∇ℒ(w_t)‖², the mean")
    say("orbit estimate max_g ‖∇ℒ(g·w_t)‖² (g within path length 1 of the identity, action (C)),")
    say("and the largest relative change of the probe-batch loss at the estimate (how far (C) left")
    say("the level set on a batch of 200):")
    func summary(_ label: String, _ n: [[Double]]) -> [String] {
      let plainNorms = n.map { $0[1] }, orbitNorms = n.map { $0[2] }
      let ratios = n.map { $0[2] / $0[1] }
      return [
        label, fmt(mean(plainNorms)), fmt(mean(orbitNorms)), fmt(mean(ratios), 3),
        fmt(n.map { $0[3] }.max() ?? 0, 2),
      ]
    }
    say.table(
      ["method", "mean ‖∇ℒ(w_t)‖²", "mean orbit estimate", "ratio", "largest |Δℒ|/ℒ"],
      zip(arms, norms).map { summary($0, $1) })
  }
}
