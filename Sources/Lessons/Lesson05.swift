// Chapter 05: teleportation inside AdaGrad, momentum, RMSProp and Adam, and what to do with their state.

import Foundation
import Toolkit

/// `swift run lesson 5`: the paper's Figures 5 and 13, and the three state policies.
enum Lesson05: Lesson {
  static let number = "05"
  static let title = "Teleportation inside other optimizers"
  static let chapter = "chapters/05-optimizer-integration.md"
  static let options: Set<LessonOption> = [.dataset, .dataDir, .shard, .merge, .fresh]
  static let datasets = DatasetName.allCases
  static let figures = ["05-optimizers", "05-state-policies"]

  /// How big each preset runs.
  struct Plan {
    var epochs: Int
    /// Paired seeds per arm.
    var runs: Int
    /// At most this many training and test samples (nil: all of them). The default
    /// preset trims Fashion-MNIST's 50,000 to 10,000 so that it runs in minutes.
    var trainCount: Int?
    var testCount: Int?
    var datasets: [DatasetName]
    /// Teleports in the teleport epoch (8 in the paper).
    var teleportsPerEpoch: Int
    /// The data set on which reset, keep and transport are compared.
    var policyDataset: DatasetName

    static func of(_ preset: Preset) -> Plan {
      preset.choose(
        quick: Plan(
          epochs: 4, runs: 2, trainCount: 1000, testCount: 500, datasets: [.fashionMNIST],
          teleportsPerEpoch: 2, policyDataset: .fashionMNIST),
        standard: Plan(
          epochs: 20, runs: 6, trainCount: 10000, testCount: nil,
          datasets: [.mnist, .fashionMNIST, .cifar10], teleportsPerEpoch: 8,
          policyDataset: .fashionMNIST),
        paper: Plan(
          epochs: 40, runs: 20, trainCount: nil, testCount: nil,
          datasets: [.mnist, .fashionMNIST, .cifar10], teleportsPerEpoch: 8,
          policyDataset: .fashionMNIST))
    }
  }

  /// One arm of the comparison: no teleport, resets alone, or teleports with a state policy.
  enum Variant: Equatable {
    case none
    /// The control: the optimizer is re-created when the paper would teleport, but nothing moves.
    case resetOnly
    /// Our exact teleport (chapter 1's convention), then the state policy.
    case teleport(StatePolicy)
    /// The paper code's teleport (stale pair inputs, cap in both directions), then a reset, as
    /// the paper's experiment runs it.
    case paperCodeTeleport

    var label: String {
      switch self {
      case .none: return "no teleport"
      case .resetOnly: return "reset only"
      case .teleport(let policy): return "teleport, \(policy.rawValue)"
      case .paperCodeTeleport: return "paper-code teleport, reset"
      }
    }
  }

  /// The runs of one optimizer under one variant, one per paired seed.
  struct Arm {
    let optimizer: String
    let variant: Variant
    let runs: [TrainingAttempt]

    var name: String { "\(optimizer), \(variant.label)" }
  }

  /// Raise when a change to the code changes the sweep's numbers, so that saved runs computed
  /// by the old code are refused (design.md D17).
  static let sweepCodeVersion = "3"

  /// A run that blows up: NaN, or a training loss above 10 (the initial loss is ln 10 ≈ 2.3).
  static let blowUpRule = BlowUpRule(bound: 10)

  static func run(_ context: LessonContext) throws {
    let say = context.transcript
    let folder = try context.dataFolder(number)
    let plan = Plan.of(context.preset)
    say.heading("Chapter 05: \(title)")
    say(
      "preset \(context.preset.rawValue), seed \(context.seed): \(plan.epochs) epochs, \(plan.runs) paired seeds "
        + "per arm, batch 20, \(plan.teleportsPerEpoch) teleports of 10 steps on batches of 200, "
        + "action (C) with g = I + T; every arm of a pair starts from the same initialisation and "
        + "draws the same teleport batches")

    var policyArms: [Arm] = []
    let policyDataset = context.dataset ?? plan.policyDataset
    for name in context.datasets(plan.datasets) {
      let splits: DatasetSplits
      do {
        splits = try context.loadSplitsQuietly(
          name, train: 20 * plan.teleportsPerEpoch, test: 1,
          purpose: "batches of 20 and a teleport per batch of the first epoch")
      } catch DataError.missingDataSet where name == .cifar10 && context.dataset == nil {
        // CIFAR-10 has no registry copy; the others are provisioned by `make data`, and a
        // missing or corrupt MNIST or Fashion-MNIST is an error that says what to do.
        say("\(name.displayName): not found, skipped (\(name.remedy))")
        continue
      }
      guard
        let arms = try compare(
          name, splits: splits, plan: plan, policyDataset: policyDataset, context: context,
          folder: folder)
      else {
        continue  // this process ran a shard only
      }
      if name == policyDataset {
        policyArms = arms
        let trainSet =
          plan.trainCount.map { splits.train.subset(count: min($0, splits.train.count)) }
          ?? splits.train
        try transportDiagnostic(trainSet, dataset: name, plan: plan, context: context)
      }
    }
    if context.shard != nil {
      say("When every shard has finished: lesson 5 --merge (with the same preset, seed and --out).")
      return
    }
    if !policyArms.isEmpty {
      try policies(policyArms, dataset: policyDataset, context: context, folder: folder)
    }
    try say.save(to: folder)
    context.render(figures, from: folder)
  }

  // MARK: - Figures 5 and 13: each optimizer with and without teleportation

  static func compare(
    _ name: DatasetName, splits: DatasetSplits, plan: Plan, policyDataset: DatasetName,
    context: LessonContext, folder: URL
  ) throws -> [Arm]? {
    let say = context.transcript
    let trainSet =
      plan.trainCount.map { splits.train.subset(count: min($0, splits.train.count)) }
      ?? splits.train
    let testSet =
      plan.testCount.map { splits.test.subset(count: min($0, splits.test.count)) } ?? splits.test
    let dims = name == .cifar10 ? [3072, 128, 32, 10] : [784, 16, 10, 10]
    let settings = PaperOptimizerSetting.figure5(baseLearningRate: name == .cifar10 ? 2e-2 : 1e-2)
    let variants: [Variant] =
      name == policyDataset
      ? [
        .none, .resetOnly, .teleport(.reset), .paperCodeTeleport, .teleport(.keep),
        .teleport(.transport),
      ]
      : [.none, .resetOnly, .teleport(.reset), .paperCodeTeleport]
    say.heading(splits.source, level: 2)
    say("network \(dims), \(trainSet.count) training and \(testSet.count) test samples")

    // One arm per (optimizer, variant); arm index o·V + v. Every arm of pair i draws its
    // initialisation and teleport seed from pair i's generator, so the arms are paired.
    let armNames = settings.flatMap { setting in variants.map { "\(setting.name), \($0.label)" } }
    // Arm `arm`'s network and configuration, from its pair's generator.
    func setup(_ arm: Int, _ rng: inout SplitMix64) -> (MLP, TrainingConfiguration) {
      let (o, v) = (arm / variants.count, arm % variants.count)
      let model = MLP(dimensions: dims, using: &rng)
      func teleports(
        stepCount: Int, policy: StatePolicy, convention: TeleportConvention = .exact
      ) -> TeleportSchedule {
        // Zero inner steps leave the weights where they are: only the policy acts.
        let teleporter = Teleporter(
          symmetry: NetworkSymmetry(ProjectedAction()),
          settings: TeleportSettings(
            learningRate: settings[o].teleportLearningRate,
            stepCount: stepCount, convention: convention))
        return TeleportSchedule(
          epochs: [settings[o].teleportEpoch], teleportsPerEpoch: plan.teleportsPerEpoch,
          teleportBatchSize: 200, teleporter: teleporter, statePolicy: policy)
      }
      var schedule: TeleportSchedule?
      switch variants[v] {
      case .none: break
      case .resetOnly: schedule = teleports(stepCount: 0, policy: .reset)
      case .teleport(let policy): schedule = teleports(stepCount: 10, policy: policy)
      case .paperCodeTeleport:
        schedule = teleports(stepCount: 10, policy: .reset, convention: .paperCode)
      }
      let configuration = TrainingConfiguration(
        epochCount: plan.epochs, batchSize: 20,
        optimizer: settings[o].optimizer, schedule: schedule,
        seed: rng.next())
      return (model, configuration)
    }
    func job(_ arm: Int, _ pair: Int, _ rng: inout SplitMix64) throws -> TrainingAttempt {
      let (model, configuration) = setup(arm, &rng)
      return TrainingAttempt(
        training: model, on: trainSet, test: testSet, configuration: configuration)
    }
    let clock = Stopwatch()
    guard
      let byArm = try pairedSweep(
        context, number: number, tag: name.rawValue, arms: armNames, pairCount: plan.runs,
        settings: [
          "epochs": "\(plan.epochs)", "training samples": "\(trainSet.count)",
          "test samples": "\(testSet.count)", "teleports per epoch": "\(plan.teleportsPerEpoch)",
        ],
        code: sweepCodeVersion, data: [splits.fingerprint()], job)
    else { return nil }
    say.time(
      "\(name.displayName): \(armNames.count * plan.runs) runs in \(fmt(clock.elapsedSeconds, 3)) s"
    )
    var arms: [Arm] = []
    for (o, setting) in settings.enumerated() {
      for (v, variant) in variants.enumerated() {
        arms.append(
          Arm(optimizer: setting.name, variant: variant, runs: byArm[o * variants.count + v]))
      }
    }

    let figureArms = arms.filter { $0.variant == .none || $0.variant == .teleport(.reset) }
    try context.write(
      curves(
        figureArms, preset: context.preset, seed: context.seed,
        layout: "\(name.displayName); blocks in order AdaGrad, momentum, RMSProp, "
          + "Adam, each without then with teleportation (index 2·o + v)"),
      named: "optimizers-\(name.rawValue).dat", in: folder)
    try context.write(
      runOutcomes(
        arms.map(\.runs), arms: arms.map(\.name), rule: blowUpRule, lesson: number,
        context: context, comment: "\(name.displayName), final epoch \(plan.epochs)"),
      named: "runs-\(name.rawValue).dat", in: folder)
    say(
      "optimizer settings: "
        + settings.map {
          "\($0.name) lr \(fmt($0.optimizer.learningRate, 2)), teleports in epoch \($0.teleportEpoch), "
            + "η_tele \(fmt($0.teleportLearningRate, 2))"
        }.joined(separator: "; "))
    say(
      "'teleport, reset' re-creates the optimizer after each teleport as the paper does; 'reset only'"
    )
    say("re-creates it at the same steps without teleporting (the control).")
    for (o, setting) in settings.enumerated() {
      let mine = arms.filter { $0.optimizer == setting.name }
      let none = mine[0].name, resetOnly = mine[1].name, teleport = mine[2].name,
        paperCode = mine[3].name
      let comparisons =
        mine.dropFirst().map { ($0.name, none) }
        + [(teleport, resetOnly), (paperCode, resetOnly), (paperCode, teleport)]
      say()
      say.verdict(
        try VerdictTable(
          outcomeName:
            "\(name.displayName) \(setting.name) final training loss (epoch \(plan.epochs))",
          blowUpRule: blowUpRule,
          arms: mine.map {
            Toolkit.Arm(
              name: $0.name, outcomes: $0.runs.map { $0.outcome(\.trainLoss, rule: blowUpRule) })
          },
          comparisons: comparisons, bootstrapSeed: context.seed &+ UInt64(o)))
    }
    teleportSummary(arms, context: context)
    // Each pair's teleports again, on both paths (our teleport and the paper code's, reset).
    let replayed = arms.indices.filter {
      arms[$0].variant == .teleport(.reset) || arms[$0].variant == .paperCodeTeleport
    }
    let clockReplay = Stopwatch()
    let replays = try runInParallel(count: replayed.count * plan.runs, seed: context.seed) {
      i, _ in
      var rng = pairGenerator(seed: context.seed, pair: i % plan.runs)
      let (model, configuration) = setup(replayed[i / plan.runs], &rng)
      return try comparePaths(model, on: trainSet, test: testSet, configuration: configuration)
    }
    let byReplayedArm = replayed.indices.map {
      Array(replays[($0 * plan.runs)..<(($0 + 1) * plan.runs)])
    }
    pathAgreement(
      replayed.map { arms[$0].name }, byReplayedArm, dataset: name,
      seconds: clockReplay.elapsedSeconds, context: context)
    try verdictsWherePathsAgree(
      replayed.map { arms[$0] }, byReplayedArm, among: arms, dataset: name, plan: plan,
      context: context)
    // The state-policy comparison is about our exact teleport: the paper-code arm stays out.
    return arms.filter { $0.variant != .paperCodeTeleport }
  }

  /// "0.2931 [0.2900, 0.2990]": the median and interquartile range of the last epoch over runs,
  /// a blown-up run counting as +∞.
  static func medianAndRange(_ arm: Arm, _ key: KeyPath<EpochRecord, Double>) -> String {
    let finals = arm.runs.map { $0.outcome(key, rule: blowUpRule) }.map {
      $0.blewUp ? Double.infinity : $0.value
    }
    let (low, high) = interquartileRange(finals)
    return "\(fmt(median(finals))) [\(fmt(low, 3)), \(fmt(high, 3))]"
  }

  /// Whether the reference and the fast path agree on each replayed teleport, arm by arm.
  static func pathAgreement(
    _ names: [String], _ runs: [[[PathComparison]]], dataset: DatasetName, seconds: Double,
    context: LessonContext
  ) {
    let say = context.transcript
    let summaries = runs.map { PathAgreement($0) }
    guard let first = summaries.first else { return }
    say()
    say(
      "Do the two paths agree? \(dataset.displayName): each pair's teleports replayed on the reference"
    )
    say("(autodiff graph) and the fast path from the same weights and batch, training on from the")
    say(
      "reference's. Parted: weights differ by more than \(fmt(first.partedAbove, 1)) (relative); "
        + "ill-conditioned: a step's")
    say(
      "element g had κ₁ = ‖g‖₁‖g⁻¹‖₁ ≥ \(fmt(first.conditionAbove, 3)), or the reference could not start."
    )
    let width = max(names.map(\.count).max() ?? 0, 3) + 2
    func column(_ text: String, _ w: Int) -> String {
      text.padding(toLength: max(w, text.count + 1), withPad: " ", startingAt: 0)
    }
    say(
      "  " + column("arm", width) + column("teleports", 11) + column("parted (runs)", 16)
        + column("rollback differs (runs)", 25) + column("largest", 10)
        + "ill-conditioned (parted)")
    for (name, s) in zip(names, summaries) {
      say(
        "  " + column(name, width) + column("\(s.teleports)", 11)
          + column("\(s.teleportsParted) (\(s.runsParted) of \(s.runs))", 16)
          + column("\(s.decisionsDiffering) (\(s.runsWithDecisionsDiffering))", 25)
          // Below 1e-8 the digits are rounding, which differs between BLAS kernels.
          + column(s.largestDifference < 1e-8 ? "< 1e-08" : fmt(s.largestDifference, 2), 10)
          + "\(s.illConditioned) (\(s.illConditionedParted))")
    }
    let all = PathAgreement(runs.flatMap { $0 })
    let wellParted = all.teleportsParted - all.illConditionedParted
    say(
      "  in all: \(all.illConditionedParted) of \(all.illConditioned) ill-conditioned teleports parted, "
        + "\(wellParted) of \(all.teleports - all.illConditioned) others")
    say.time("\(dataset.displayName): the replays took \(fmt(seconds, 3)) s")
  }

  /// Each replayed arm against no teleport again, on the pairs whose teleports the two paths
  /// agree on (arms with no parted pair are left out: their verdict is the table's).
  static func verdictsWherePathsAgree(
    _ replayed: [Arm], _ comparisons: [[[PathComparison]]], among arms: [Arm],
    dataset: DatasetName, plan: Plan, context: LessonContext
  ) throws {
    let say = context.transcript
    var first = true
    for (k, (arm, runs)) in zip(replayed, comparisons).enumerated() {
      let kept = PathAgreement.runsInAgreement(runs)
      guard kept.count < runs.count,
        let baseline = arms.first(where: { $0.optimizer == arm.optimizer && $0.variant == .none })
      else { continue }
      if first {
        say(
          "Against no teleport on the pairs whose teleports both paths agree on (final training loss):"
        )
        first = false
      }
      guard kept.count >= 2 else {
        say(
          "  \(arm.name): the paths parted in \(runs.count - kept.count) of \(runs.count) pairs; too few left"
        )
        continue
      }
      let table = try VerdictTable(
        outcomeName: "\(dataset.displayName) \(arm.name)", blowUpRule: blowUpRule,
        arms: [arm, baseline].map { a in
          Toolkit.Arm(
            name: a.name, outcomes: kept.map { a.runs[$0].outcome(\.trainLoss, rule: blowUpRule) })
        },
        comparisons: [(arm.name, baseline.name)], bootstrapSeed: context.seed &+ 100 &+ UInt64(k))
      say("  \(kept.count) of \(runs.count) pairs:")
      for line in table.lines.suffix(2) { say(line) }
    }
  }

  /// What the teleports did (‖∇ℒ‖² before and after) and what they cost in time.
  static func teleportSummary(_ arms: [Arm], context: LessonContext) {
    let say = context.transcript
    for arm in arms where arm.variant == .teleport(.reset) || arm.variant == .paperCodeTeleport {
      let who = arm.variant == .paperCodeTeleport ? "\(arm.optimizer) (paper code)" : arm.optimizer
      let records = arm.runs.flatMap(\.teleports)
      let gains = records.filter { !$0.rolledBack && $0.objectiveBefore > 0 }
        .map { $0.objectiveAfter / $0.objectiveBefore }
      let rolledBack = records.filter(\.rolledBack).count
      let changes = records.map { abs($0.lossAfter - $0.lossBefore) }
      say(
        "\(who): \(records.count) teleports, ‖∇ℒ‖² on the teleport batch ×\(fmt(median(gains.isEmpty ? [1] : gains), 3)) "
          + "(median; quartiles ×\(fmt(quantile(gains.isEmpty ? [1] : gains, 0.25), 3)) to "
          + "×\(fmt(quantile(gains.isEmpty ? [1] : gains, 0.75), 3)), largest ×\(fmt(gains.max() ?? 1, 3))), "
          + "batch loss changed by \(fmt(median(changes.isEmpty ? [0] : changes), 2)) (median), "
          + "\(rolledBack) rolled back")
      let shares = arm.runs.compactMap { $0.epochs.last }.map {
        $0.teleportSeconds / max($0.wallSeconds, 1e-9)
      }
      let seconds = arm.runs.compactMap { $0.epochs.last?.teleportSeconds }
      say.time(
        "\(who): teleporting took \(fmt(median(seconds), 3)) s per run (median), "
          + "\(fmt(100 * median(shares), 3))% of the training wall time")
    }
  }

  /// The figure data: one block per (optimizer, variant), epoch by epoch, the median and
  /// interquartile range over paired runs (a blown-up run is +∞ from where it stopped) and the
  /// arm's blow-up count. With `relativeTo`, two more columns divide the median losses by those
  /// of the matching baseline arm.
  static func curves(
    _ arms: [Arm], preset: Preset, seed: UInt64, layout: String,
    relativeTo baseline: ((Arm) -> Arm?)? = nil
  ) throws -> DataFile {
    var blocks: [DataFile.Block] = []
    for arm in arms {
      let epochs = arm.runs.map(\.epochs.count).max() ?? 0
      func band(_ a: Arm, _ key: KeyPath<EpochRecord, Double>) -> QuantileBand {
        QuantileBand(runs: a.runs.map { $0.epochs.map { $0[keyPath: key] } }, length: epochs)
      }
      let train = band(arm, \.trainLoss), test = band(arm, \.testLoss),
        seconds = band(arm, \.wallSeconds)
      let base = baseline?(arm)
      let baseTrain = base.map { band($0, \.trainLoss) },
        baseTest = base.map { band($0, \.testLoss) }
      let blowUps = Double(
        arm.runs.filter { $0.outcome(\.trainLoss, rule: blowUpRule).blewUp }.count)
      let rows = (0..<epochs).map { e -> [Double] in
        var row: [Double] = [
          Double(e), seconds.median[e], train.median[e], train.lower[e], train.upper[e],
          test.median[e], test.lower[e], test.upper[e], blowUps,
        ]
        if let baseTrain, let baseTest {
          row += [train.median[e] / baseTrain.median[e], test.median[e] / baseTest.median[e]]
        }
        return row
      }
      blocks.append(.init(title: arm.name, rows: rows))
    }
    return DataFile(
      lesson: number, preset: preset, seed: seed,
      columns: [
        "epoch", "seconds", "train_median", "train_q1", "train_q3", "test_median", "test_q1",
        "test_q3", "blowups",
      ]
        + (baseline == nil ? [] : ["train_ratio", "test_ratio"]),
      comments: [
        layout,
        "median and quartiles over paired runs; a run that blew up (\(blowUpRule)) is Inf "
          + "from where it stopped; blowups: runs of the arm that blew up",
        "seconds: median cumulative wall time, teleports included, evaluation excluded",
      ],
      blocks: blocks)
  }

  // MARK: - State policies: reset, keep, transport

  static func policies(_ arms: [Arm], dataset: DatasetName, context: LessonContext, folder: URL)
    throws
  {
    let say = context.transcript
    say.heading(
      "What to do with the optimizer's state at a teleport (\(dataset.displayName))", level: 2)
    say("reset: re-create the optimizer (the paper); keep: leave its state alone; transport: map")
    say("momentum and first moments like gradients, second moments by (P⊙P) v (Q⊙Q).")
    say(
      "reset only: the control, which re-creates the optimizer at the same steps without teleporting."
    )
    say(
      "Final losses: median [interquartile range] over the paired seeds; the verdicts for each policy"
    )
    say("against no teleport are in the tables above.")
    var rows: [[String]] = []
    for arm in arms {
      let blowUps = arm.runs.filter { $0.outcome(\.trainLoss, rule: blowUpRule).blewUp }.count
      rows.append([
        arm.optimizer, arm.variant.label, medianAndRange(arm, \.trainLoss),
        medianAndRange(arm, \.testLoss),
        "\(blowUps) of \(arm.runs.count)",
      ])
    }
    say.table(["optimizer", "variant", "final train loss", "final test loss", "blow-ups"], rows)
    try context.write(
      curves(
        arms, preset: context.preset, seed: context.seed,
        layout: "\(dataset.displayName); blocks in order AdaGrad, momentum, RMSProp, "
          + "Adam, each: none, reset only, teleport with reset, keep, transport (index 5·o + v); "
          + "ratios: median loss over the no-teleport median loss",
        relativeTo: { arm in arms.first { $0.optimizer == arm.optimizer && $0.variant == .none } }),
      named: "state-policies.dat", in: folder)
  }

  /// Replays the first teleports of run 0 of momentum with transport, comparing the
  /// buffer of W₁ kept, transported, and the fresh gradient at the moved weights.
  static func transportDiagnostic(
    _ trainSet: Dataset, dataset: DatasetName, plan: Plan,
    context: LessonContext
  ) throws {
    let say = context.transcript
    let setting = PaperOptimizerSetting.figure5(
      baseLearningRate: dataset == .cifar10 ? 2e-2 : 1e-2)[1]
    var rng = SplitMix64.stream(seed: context.seed, index: 0)  // pair 0 of the sweep
    var net = MLP(
      dimensions: dataset == .cifar10 ? [3072, 128, 32, 10] : [784, 16, 10, 10], using: &rng)
    var optimizer = setting.optimizer
    var teleportRNG = SplitMix64(seed: rng.next())  // as `train` draws pair 0's teleport batches
    let schedule = TeleportSchedule(
      epochs: [0], teleportsPerEpoch: plan.teleportsPerEpoch, teleportBatchSize: 200,
      teleporter: Teleporter(
        symmetry: NetworkSymmetry(ProjectedAction()),
        settings: TeleportSettings(learningRate: setting.teleportLearningRate)),
      statePolicy: .transport)
    var rows: [[String]] = []
    for b in 0..<plan.teleportsPerEpoch {
      let outcome = try schedule.teleporter.teleport(
        net.weights, on: schedule.drawBatch(from: trainSet, using: &teleportRNG))
      net.weights = outcome.weights
      let kept = optimizer.buffersOfFirstLayerNorm
      optimizer.teleported(.transport, elements: outcome.elements, after: net.weights)
      let (x, labels) = trainSet.batch(range: (b * 20)..<((b + 1) * 20))
      let gradients = net.lossAndGradientByBackpropagation(input: x, labels: labels).gradients
      let singular = try svd(outcome.elements[0].matrix).singularValues
      rows.append([
        String(b + 1), fmt(singular.max() ?? .nan, 3), fmt(singular.min() ?? .nan, 3),
        kept.map { fmt($0, 3) } ?? "-", optimizer.buffersOfFirstLayerNorm.map { fmt($0, 3) } ?? "-",
        fmt(gradients[0].norm(), 3),
      ])
      optimizer.step(&net.weights, gradients: gradients)
    }
    say(
      "Momentum with transport, pair 0 replayed: W₁ (the V of hidden layer 0) at each teleport of epoch 0."
    )
    say(
      "Transport multiplies W₁'s buffer by g⁻ᵀ, as the linear action (A) would move its gradient.")
    say.table(
      [
        "teleport", "largest σ(g₀)", "smallest σ(g₀)", "‖b‖ kept", "‖b‖ transported",
        "‖G‖ fresh at g·w",
      ], rows)
  }
}

extension Optimizer {
  /// ‖b‖ of the first weight matrix's momentum buffer, when this is SGD with momentum and has one.
  fileprivate var buffersOfFirstLayerNorm: Double? {
    (self as? SGD)?.buffers.first?.norm()
  }
}
