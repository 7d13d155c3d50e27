// Chapter 05: teleportation inside AdaGrad, momentum, RMSProp and Adam, and what to do with their state.

import Foundation
import Toolkit

/// `swift run lesson 5`: the paper's Figures 5 and 13, and the three state policies.
enum Lesson05: Lesson {
  static let number = "05"
  static let title = "Teleportation inside other optimizers"
  static let chapter = "chapters/05-optimizer-integration.md"
  static let options: Set<LessonOption> = [.dataset, .dataDir]
  static let datasets = DatasetName.allCases
  static let figures = ["05-optimizers", "05-state-policies"]

  /// How big each preset runs.
  struct Plan {
    var epochs: Int
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
        quick: Plan(epochs: 4, runs: 2, trainCount: 1000, testCount: 500, datasets: [.fashionMNIST],
                    teleportsPerEpoch: 2, policyDataset: .fashionMNIST),
        standard: Plan(epochs: 20, runs: 3, trainCount: 10000, testCount: nil,
                       datasets: [.mnist, .fashionMNIST, .cifar10], teleportsPerEpoch: 8,
                       policyDataset: .fashionMNIST),
        paper: Plan(epochs: 40, runs: 5, trainCount: nil, testCount: nil,
                    datasets: [.mnist, .fashionMNIST, .cifar10], teleportsPerEpoch: 8,
                    policyDataset: .fashionMNIST))
    }
  }

  /// One arm of the comparison: no teleport, resets alone, or teleports with a state policy.
  enum Variant: Equatable {
    case none
    /// The control: the optimizer is re-created when the paper would teleport, but nothing moves.
    case resetOnly
    case teleport(StatePolicy)

    var label: String {
      switch self {
      case .none: return "no teleport"
      case .resetOnly: return "reset only"
      case .teleport(let policy): return "teleport, \(policy.rawValue)"
      }
    }
  }

  /// The histories of every run of one optimizer under one variant.
  struct Arm {
    let optimizer: String
    let variant: Variant
    let runs: [TrainingHistory]
  }

  static func run(_ context: LessonContext) throws {
    let say = context.transcript
    let folder = try context.dataFolder(number)
    let plan = Plan.of(context.preset)
    say.heading("Chapter 05: \(title)")
    say("preset \(context.preset.rawValue), seed \(context.seed): \(plan.epochs) epochs, \(plan.runs) runs "
          + "per curve, batch 20, \(plan.teleportsPerEpoch) teleports of 10 steps on batches of 200, "
          + "action (C) with g = I + T")

    var policyArms: [Arm] = []
    let policyDataset = context.dataset ?? plan.policyDataset
    for name in context.datasets(plan.datasets) {
      let splits: DatasetSplits
      do {
        splits = try context.loadSplitsQuietly(name, train: 20 * plan.teleportsPerEpoch, test: 1,
                                               purpose: "batches of 20 and a teleport per batch of the first epoch")
      } catch DataError.missingDataSet where name == .cifar10 && context.dataset == nil {
        // CIFAR-10 has no registry copy; the others are provisioned by `make data`, and a
        // missing or corrupt MNIST or Fashion-MNIST is an error that says what to do.
        say("\(name.displayName): not found, skipped (\(name.remedy))")
        continue
      }
      let arms = try compare(name, splits: splits, plan: plan, policyDataset: policyDataset, context: context,
                             folder: folder)
      if name == policyDataset {
        policyArms = arms
        let trainSet = plan.trainCount.map { splits.train.subset(count: min($0, splits.train.count)) } ?? splits.train
        try transportDiagnostic(trainSet, dataset: name, plan: plan, context: context)
      }
    }
    if !policyArms.isEmpty {
      try policies(policyArms, dataset: policyDataset, context: context, folder: folder)
    }
    try say.save(to: folder)
    context.render(figures, from: folder)
  }

  // MARK: - Figures 5 and 13: each optimizer with and without teleportation

  static func compare(_ name: DatasetName, splits: DatasetSplits, plan: Plan, policyDataset: DatasetName,
                      context: LessonContext, folder: URL) throws -> [Arm] {
    let say = context.transcript
    let trainSet = plan.trainCount.map { splits.train.subset(count: min($0, splits.train.count)) } ?? splits.train
    let testSet = plan.testCount.map { splits.test.subset(count: min($0, splits.test.count)) } ?? splits.test
    let dims = name == .cifar10 ? [3072, 128, 32, 10] : [784, 16, 10, 10]
    let settings = PaperOptimizerSetting.figure5(baseLearningRate: name == .cifar10 ? 2e-2 : 1e-2)
    let variants: [Variant] = name == policyDataset
      ? [.none, .resetOnly, .teleport(.reset), .teleport(.keep), .teleport(.transport)]
      : [.none, .resetOnly, .teleport(.reset)]
    say.heading(splits.source, level: 2)
    say("network \(dims), \(trainSet.count) training and \(testSet.count) test samples")

    // One job per (optimizer, variant, run); run r's network starts from the stream "network init", r
    // (the paper seeds it with (r + 1)·54321), the same in every arm.
    let jobs = settings.indices.flatMap { o in variants.indices.flatMap { v in (0..<plan.runs).map { (o, v, $0) } } }
    let histories = try runInParallel(count: jobs.count, seed: context.seed, maxConcurrency: 2) { index, _ in
      let (o, v, r) = jobs[index]
      var rng = context.stream("network init", r)
      let model = MLP(dimensions: dims, using: &rng)
      var schedule: TeleportSchedule?
      func teleports(stepCount: Int, policy: StatePolicy) -> TeleportSchedule {
        // Zero inner steps leave the weights where they are: only the policy acts.
        let teleporter = Teleporter(symmetry: NetworkSymmetry(ProjectedAction()),
                                    settings: TeleportSettings(learningRate: settings[o].teleportLearningRate,
                                                               stepCount: stepCount))
        return TeleportSchedule(epochs: [settings[o].teleportEpoch], teleportsPerEpoch: plan.teleportsPerEpoch,
                                teleportBatchSize: 200, teleporter: teleporter, statePolicy: policy)
      }
      switch variants[v] {
      case .none: break
      case .resetOnly: schedule = teleports(stepCount: 0, policy: .reset)
      case .teleport(let policy): schedule = teleports(stepCount: 10, policy: policy)
      }
      let configuration = TrainingConfiguration(epochCount: plan.epochs, batchSize: 20,
                                                optimizer: settings[o].optimizer, schedule: schedule,
                                                seed: context.seed &+ UInt64(r))
      return try Toolkit.train(model, on: trainSet, test: testSet, configuration: configuration).history
    }
    var arms: [Arm] = []
    for (o, setting) in settings.enumerated() {
      for (v, variant) in variants.enumerated() {
        let runs = jobs.indices.filter { jobs[$0].0 == o && jobs[$0].1 == v }.map { histories[$0] }
        arms.append(Arm(optimizer: setting.name, variant: variant, runs: runs))
      }
    }

    let figureArms = arms.filter { $0.variant == .none || $0.variant == .teleport(.reset) }
    try context.write(curves(figureArms, preset: context.preset, seed: context.seed,
                             layout: "\(name.displayName); blocks in order AdaGrad, momentum, RMSProp, "
                               + "Adam, each without then with teleportation (index 2·o + v)"),
                      named: "optimizers-\(name.rawValue).dat", in: folder)
    func arm(_ o: Int, _ variant: Variant) -> Arm? {
      arms.first { $0.optimizer == settings[o].name && $0.variant == variant }
    }
    let shown: [Variant] = [.none, .resetOnly, .teleport(.reset)]
    say.table(["optimizer", "lr", "teleport", "train: none", "reset only", "teleport", "test: none",
               "reset only", "teleport"],
              settings.enumerated().map { o, setting in
                [setting.name, fmt(setting.optimizer.learningRate, 2),
                 "epoch \(setting.teleportEpoch), η_tele \(fmt(setting.teleportLearningRate, 2))"]
                  + shown.map { v in arm(o, v).map { meanAndStd($0, \.trainLoss) } ?? "" }
                  + shown.map { v in arm(o, v).map { meanAndStd($0, \.testLoss) } ?? "" }
              })
    say("(final epoch, mean ± std over \(plan.runs) runs; 'teleport' re-creates the optimizer after each "
          + "teleport as the paper does; 'reset only' re-creates it at the same steps without teleporting)")
    teleportSummary(figureArms, context: context)
    return arms
  }

  /// "0.2931 ± 0.0042" for the last epoch of every run.
  static func meanAndStd(_ arm: Arm, _ key: KeyPath<EpochRecord, Double>) -> String {
    let finals = arm.runs.compactMap { $0.epochs.last?[keyPath: key] }
    return "\(fmt(mean(finals))) ± \(fmt(finals.count > 1 ? sampleStandardDeviation(finals) : 0, 2))"
  }

  /// What the teleports did (‖∇ℒ‖² before and after) and what they cost in time.
  static func teleportSummary(_ arms: [Arm], context: LessonContext) {
    let say = context.transcript
    for arm in arms where arm.variant == .teleport(.reset) {
      let records = arm.runs.flatMap(\.teleports)
      let gains = records.filter { !$0.rolledBack && $0.objectiveBefore > 0 }
        .map { $0.objectiveAfter / $0.objectiveBefore }
      let rolledBack = records.filter(\.rolledBack).count
      say("\(arm.optimizer): \(records.count) teleports, ‖∇ℒ‖² on the teleport batch ×\(fmt(mean(gains), 3)) "
            + "on average, batch loss changed by \(fmt(mean(records.map { abs($0.lossAfter - $0.lossBefore) }), 2)) "
            + "on average, \(rolledBack) rolled back")
      let shares = arm.runs.compactMap { $0.epochs.last }.map { $0.teleportSeconds / max($0.wallSeconds, 1e-9) }
      let seconds = arm.runs.compactMap { $0.epochs.last?.teleportSeconds }
      say.time("\(arm.optimizer): teleporting took \(fmt(mean(seconds), 3)) s per run, "
                 + "\(fmt(100 * mean(shares), 3))% of the training wall time")
    }
  }

  /// The figure data: one block per (optimizer, variant), epoch by epoch, mean and std over runs.
  /// With `relativeTo`, two more columns divide the mean losses by those of the matching baseline arm.
  static func curves(_ arms: [Arm], preset: Preset, seed: UInt64, layout: String,
                     relativeTo baseline: ((Arm) -> Arm?)? = nil) throws -> DataFile {
    var blocks: [DataFile.Block] = []
    for arm in arms {
      let base = baseline?(arm)
      let epochs = arm.runs[0].epochs.count
      let train = try Band(runs: arm.runs.map { $0.epochs.map(\.trainLoss) })
      let test = try Band(runs: arm.runs.map { $0.epochs.map(\.testLoss) })
      let seconds = (0..<epochs).map { e in mean(arm.runs.map { $0.epochs[e].wallSeconds }) }
      let baseTrain = base.map { meanCurve($0, \.trainLoss) }
      let baseTest = base.map { meanCurve($0, \.testLoss) }
      let rows = (0..<epochs).map { e -> [Double] in
        var row: [Double] = [Double(e), seconds[e], train.mean[e], train.standardDeviation[e], test.mean[e],
                             test.standardDeviation[e]]
        if let baseTrain, let baseTest { row += [train.mean[e] / baseTrain[e], test.mean[e] / baseTest[e]] }
        return row
      }
      blocks.append(.init(title: "\(arm.optimizer), \(arm.variant.label)", rows: rows))
    }
    return DataFile(lesson: number, preset: preset, seed: seed,
                    columns: ["epoch", "seconds", "train_mean", "train_std", "test_mean", "test_std"]
                      + (baseline == nil ? [] : ["train_ratio", "test_ratio"]),
                    comments: [layout,
                               "seconds: mean cumulative wall time, teleports included, evaluation excluded"],
                    blocks: blocks)
  }

  // MARK: - State policies: reset, keep, transport

  static func policies(_ arms: [Arm], dataset: DatasetName, context: LessonContext, folder: URL) throws {
    let say = context.transcript
    say.heading("What to do with the optimizer's state at a teleport (\(dataset.displayName))", level: 2)
    say("reset: re-create the optimizer (the paper); keep: leave its state alone; transport: map")
    say("momentum and first moments like gradients, second moments by (P⊙P) v (Q⊙Q).")
    say("reset only: the control, which re-creates the optimizer at the same steps without teleporting.")
    say("threshold: the final mean training loss of the optimizer without teleportation;")
    say("'epochs to threshold' is the first epoch whose mean training loss is at or below it.")
    var rows: [[String]] = []
    for arm in arms {
      let plain = arms.first { $0.optimizer == arm.optimizer && $0.variant == .none }
      let threshold = plain.map { p in mean(p.runs.compactMap { $0.epochs.last?.trainLoss }) } ?? .nan
      let curve = meanCurve(arm, \.trainLoss)
      let reached = curve.firstIndex { $0 <= threshold * (1 + 1e-12) }
      rows.append([arm.optimizer, arm.variant.label, meanAndStd(arm, \.trainLoss), meanAndStd(arm, \.testLoss),
                   reached.map(String.init) ?? "not reached"])
      if let reached {
        let seconds = mean(arm.runs.map { $0.epochs[reached].wallSeconds })
        say.time("\(arm.optimizer), \(arm.variant.label): threshold reached after \(fmt(seconds, 3)) s")
      }
    }
    say.table(["optimizer", "variant", "final train loss", "final test loss", "epochs to threshold"], rows)
    try context.write(curves(arms, preset: context.preset, seed: context.seed,
                             layout: "\(dataset.displayName); blocks in order AdaGrad, momentum, RMSProp, "
                               + "Adam, each: none, reset only, teleport with reset, keep, transport (index 5·o + v); "
                               + "ratios: mean loss over the no-teleport mean loss",
                             relativeTo: { arm in arms.first { $0.optimizer == arm.optimizer && $0.variant == .none } }),
                      named: "state-policies.dat", in: folder)
  }

  /// Replays the first teleports of run 0 of momentum with transport, comparing the
  /// buffer of W₁ kept, transported, and the fresh gradient at the moved weights.
  static func transportDiagnostic(_ trainSet: Dataset, dataset: DatasetName, plan: Plan,
                                  context: LessonContext) throws {
    let say = context.transcript
    let setting = PaperOptimizerSetting.figure5(baseLearningRate: dataset == .cifar10 ? 2e-2 : 1e-2)[1]
    var rng = context.stream("network init", 0)  // run 0's network, as `compare` starts it
    var net = MLP(dimensions: dataset == .cifar10 ? [3072, 128, 32, 10] : [784, 16, 10, 10], using: &rng)
    var optimizer = setting.optimizer
    var teleportRNG = SplitMix64(seed: context.seed)  // as `train` draws run 0's teleport batches
    let teleporter = Teleporter(symmetry: NetworkSymmetry(ProjectedAction()),
                                settings: TeleportSettings(learningRate: setting.teleportLearningRate))
    var rows: [[String]] = []
    for b in 0..<plan.teleportsPerEpoch {
      let indices = (0..<200).map { _ in Int(teleportRNG.next() % UInt64(trainSet.count)) }
      let (tx, tl) = trainSet.batch(indices)
      let outcome = try teleporter.teleport(net.weights, on: Batch(input: tx, labels: tl))
      net.weights = outcome.weights
      let kept = optimizer.buffersOfFirstLayerNorm
      optimizer.teleported(.transport, elements: outcome.elements, after: net.weights)
      let (x, labels) = trainSet.batch(range: (b * 20)..<((b + 1) * 20))
      let gradients = net.lossAndGradientByBackpropagation(input: x, labels: labels).gradients
      let singular = try svd(outcome.elements[0].matrix).singularValues
      rows.append([String(b + 1), fmt(singular.max() ?? .nan, 3), fmt(singular.min() ?? .nan, 3),
                   kept.map { fmt($0, 3) } ?? "-", optimizer.buffersOfFirstLayerNorm.map { fmt($0, 3) } ?? "-",
                   fmt(gradients[0].norm(), 3)])
      optimizer.step(&net.weights, gradients: gradients)
    }
    say("Momentum with transport, run 1 replayed: W₁ (the V of hidden layer 0) at each teleport of epoch 0.")
    say("Transport multiplies W₁'s buffer by g⁻ᵀ, as the linear action (A) would move its gradient.")
    say.table(["teleport", "largest σ(g₀)", "smallest σ(g₀)", "‖b‖ kept", "‖b‖ transported",
               "‖G‖ fresh at g·w"], rows)
  }

  /// The mean over runs of one quantity, epoch by epoch.
  static func meanCurve(_ arm: Arm, _ key: KeyPath<EpochRecord, Double>) -> [Double] {
    (0..<arm.runs[0].epochs.count).map { e in mean(arm.runs.map { $0.epochs[e][keyPath: key] }) }
  }
}

extension Optimizer {
  /// ‖b‖ of the first weight matrix's momentum buffer, when this is SGD with momentum and has one.
  fileprivate var buffersOfFirstLayerNorm: Double? {
    (self as? SGD)?.buffers.first?.norm()
  }
}
