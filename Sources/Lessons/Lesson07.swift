// Chapter 07: level-set teleportation beside symmetry teleportation.

import Foundation
import Toolkit

/// `swift run lesson 7`: the two families of teleportation on the same problems,
/// same seeds, same cost accounting.
enum Lesson07: Lesson {
  static let number = "07"
  static let title = "Level-set teleportation beside symmetry teleportation"
  static let chapter = "chapters/07-level-set-teleport.md"
  static let figures = ["07-level-sets", "07-gain-per-cost", "07-regression", "07-classification"]
  static let options: Set<LessonOption> = [.dataDir, .fresh]

  /// How big each preset runs.
  struct Plan {
    /// Grid points per side of the contour surfaces.
    var gridSize: Int
    /// Epochs of SGD after which section 2 teleports.
    var checkpoints: [Int]
    /// Outer steps of the level-set solver (the paper's MNIST runs: 50).
    var levelSetSteps: Int
    /// Regression tasks (paired seeds) and GD steps.
    var regressionTasks: Int
    var regressionSteps: Int
    /// Classification: paired seeds, epochs, sample caps, teleports in epoch 2, data sets.
    var seeds: Int
    var epochs: Int
    var trainCount: Int?
    var testCount: Int?
    var teleportsPerEpoch: Int
    var datasets: [DatasetName]

    static func of(_ preset: Preset) -> Plan {
      preset.choose(
        quick: Plan(
          gridSize: 60, checkpoints: [0, 1], levelSetSteps: 10, regressionTasks: 6,
          regressionSteps: 60, seeds: 6, epochs: 3, trainCount: 1000, testCount: 500,
          teleportsPerEpoch: 2, datasets: [.mnist]),
        standard: Plan(
          gridSize: 200, checkpoints: [0, 2, 5], levelSetSteps: 50, regressionTasks: 8,
          regressionSteps: 300, seeds: 8, epochs: 10, trainCount: 10000, testCount: nil,
          teleportsPerEpoch: 8, datasets: [.mnist, .fashionMNIST]),
        paper: Plan(
          gridSize: 200, checkpoints: [0, 2, 5, 10], levelSetSteps: 50, regressionTasks: 12,
          regressionSteps: 300, seeds: 12, epochs: 40, trainCount: nil, testCount: nil,
          teleportsPerEpoch: 8, datasets: [.mnist, .fashionMNIST]))
    }
  }

  static func run(_ context: LessonContext) throws {
    let say = context.transcript
    let folder = try context.dataFolder(number)
    let plan = Plan.of(context.preset)
    say.heading("Chapter 7: \(title)")
    say("preset \(context.preset.rawValue), seed \(context.seed)")

    try testFunctions(context, plan: plan, folder: folder)
    try gainPerCost(context, plan: plan, folder: folder)
    try regression(context, plan: plan, folder: folder)
    var curves: [DataFile.Block] = []
    for dataset in plan.datasets {
      curves += try classification(context, dataset: dataset, plan: plan)
    }
    try context.write(
      DataFile(
        lesson: number, preset: context.preset, seed: context.seed,
        columns: ["epoch", "train_median", "test_median", "seconds_median"],
        comments: [
          "medians over \(plan.seeds) paired seeds; one block per data set × "
            + "optimizer × arm, in the order of the blocks' titles",
          "arms: " + classificationArms.joined(separator: ", "),
        ],
        blocks: curves), named: "classification.dat", in: folder)

    try say.save(to: folder)
    context.render(figures, from: folder)
  }

  /// Raise when a change to the code changes the classification sweep's numbers, so that saved
  /// runs computed by the old code are refused (design.md D17).
  static let sweepCodeVersion = "2"

  /// The symmetry teleport under the paper code's convention (`TeleportConvention.paperCode`).
  static let paperCodeArm = "symmetry (paper code)"

  /// The symmetry teleporter of sections 2 and 3b: action (C), 10 steps, cap 100.
  static func symmetry(
    _ rate: Double, stepCount: Int = 10, acceptanceTolerance: Double? = nil,
    convention: TeleportConvention = .exact
  ) -> Teleporter {
    Teleporter(
      symmetry: NetworkSymmetry(ProjectedAction()),
      settings: TeleportSettings(
        learningRate: rate, stepCount: stepCount, acceptanceTolerance: acceptanceTolerance,
        convention: convention))
  }

  /// The level-set teleporter with the paper code's MNIST settings (ρ = 0.1) and `steps` steps.
  static func levelSet(_ constraint: LevelSetConstraint, steps: Int) -> LevelSetTeleporter {
    LevelSetTeleporter(
      settings: LevelSetSettings(constraint: constraint, maxSteps: steps, initialStepSize: 0.1))
  }

  // MARK: - 1. The picture: level set, orbit, and where each teleport lands

  static func testFunctions(_ context: LessonContext, plan: Plan, folder: URL) throws {
    let say = context.transcript
    say.heading(
      "1. Rosenbrock and Booth: the level set, the SO(2) orbit, and where each teleport lands",
      level: 2)
    // Chapter 1's SO(2) step sizes and Booth start; (0, 0) on Rosenbrock is a critical point of
    // both teleports (H∇ℒ ∥ ∇ℒ there), so we start beside it. The SO(2) teleport starts at θ = 0.
    let setups:
      [(
        f: any SumOfSquaresFunction, start: (x: Double, y: Double), center: (x: Double, y: Double),
        box: Double, rate: Double
      )] = [
        (Rosenbrock(), (-0.5, 0.5), (0.75, 3.5), 4.5, 0.1),
        (Booth(), (5, -5), (0, 0), 10, 1e-3),
      ]
    var rows: [[String]] = []
    for s in setups {
      let name = s.f.name.lowercased()
      try writeSurface(
        of: s.f, center: s.center, halfWidth: s.box, gridSize: plan.gridSize,
        named: "\(name)-surface.dat", lesson: number, context: context, folder: folder)
      let curve = s.f.levelSet(through: s.start, count: 720)
      let best = s.f.levelSetMaximum(through: s.start, count: 720)
      let so2 = s.f.teleport(s.start, learningRate: s.rate, stepCount: 10)
      let equality = try s.f.levelSetTeleport(
        s.start, settings: LevelSetSettings(constraint: .equality))
      let sublevel = try s.f.levelSetTeleport(
        s.start, settings: LevelSetSettings(constraint: .sublevel))
      func row(_ p: (x: Double, y: Double)) -> [Double] {
        [p.x, p.y, s.f.loss(p), s.f.gradientNormSquared(p)]
      }
      func landing(_ solution: LevelSetSolution) -> (x: Double, y: Double) {
        (solution.point[0].scalarValue, solution.point[1].scalarValue)
      }
      try context.write(
        DataFile(
          lesson: number, preset: context.preset, seed: nil,
          columns: ["x", "y", "loss", "gradient_norm_squared"],
          comments: [
            "\(s.f.name): block 0 the level set through the start (= its SO(2) orbit), 1 the start,",
            "2 the SO(2) teleport, 3 the level-set teleport, 4 the sub-level-set teleport, 5 the level set's maximum",
          ],
          blocks: [
            .init(
              rows: curve.map { [$0.x, $0.y, s.f.loss(($0.x, $0.y)), $0.gradientNormSquared] }
                + [row((curve[0].x, curve[0].y))]),
            .init(rows: [row(s.start)]), .init(rows: [row(so2)]),
            .init(rows: [row(landing(equality))]),
            .init(rows: [row(landing(sublevel))]), .init(rows: [row((best.x, best.y))]),
          ]),
        named: "\(name)-teleports.dat", in: folder)
      func cells(_ method: String, _ p: (x: Double, y: Double), _ cost: String) -> [String] {
        [
          s.f.name, method, "(\(fmt(p.x, 4)), \(fmt(p.y, 4)))", fmt(s.f.loss(p)),
          fmt(s.f.gradientNormSquared(p)),
          cost,
        ]
      }
      rows.append(cells("start", s.start, ""))
      rows.append(cells("SO(2), 10 steps", so2, "10 ∇(‖∇ℒ‖²)"))
      for (label, solution) in [("level set", equality), ("sub-level set", sublevel)] {
        rows.append(
          cells(
            label + " (\(solution.stop.rawValue))", landing(solution),
            "\(solution.cost.gradientEvaluations) ∇ℒ + \(solution.cost.hessianVectorProducts) Hv"))
      }
      rows.append(cells("max on the level set (720 points)", (best.x, best.y), ""))
    }
    say.table(["function", "point", "(x, y)", "ℒ", "‖∇ℒ‖²", "cost"], rows)
    say(
      "SO(2) acts transitively on these level sets, so the orbit is the whole level set; only the")
    say("sub-level-set teleport can leave it (to a lower loss), which no group action can do.")
  }

  // MARK: - 2. Gain per cost on the MLP of chapters 2 and 5

  static func gainPerCost(_ context: LessonContext, plan: Plan, folder: URL) throws {
    let say = context.transcript
    say.heading(
      "2. One teleport of the MNIST network at several points of training: gain per cost", level: 2)
    let splits = try context.loadDataset(.mnist)
    let trainSet = subset(splits.train, plan.trainCount)
    let testSet = subset(splits.test, plan.testCount)
    let heldOut = Batch(input: testSet.images, labels: testSet.labels)
    say(
      "network [784, 16, 10, 10], SGD lr 0.01, batch 20, on \(trainSet.count) MNIST training images;"
    )
    say(
      "at each checkpoint one teleport on a batch of 200 training images; held-out loss on \(testSet.count) test images"
    )
    say(
      "symmetry: action (C), 10 steps, our exact convention or the paper code's (stale pair inputs,"
    )
    say("cap in both directions); η 0.05 with a 2 % acceptance test")
    // Each paper-code teleporter follows its exact twin (`conventionPairs`).
    let teleporters: [(label: String, teleporter: any WeightTeleporter)] = [
      ("symmetry η 1e-4", symmetry(1e-4)),
      ("symmetry η 1e-4, paper code", symmetry(1e-4, convention: .paperCode)),
      ("symmetry η 0.05", symmetry(5e-2, acceptanceTolerance: 0.02)),
      (
        "symmetry η 0.05, paper code",
        symmetry(5e-2, acceptanceTolerance: 0.02, convention: .paperCode)
      ),
      ("level set", levelSet(.equality, steps: plan.levelSetSteps)),
      ("sub-level set", levelSet(.sublevel, steps: plan.levelSetSteps)),
    ]
    let conventionPairs = [(exact: 0, paperCode: 1), (exact: 2, paperCode: 3)]
    var conventionLines: [String] = []
    var rng = context.stream("lesson 7 checkpoints")
    var model = MLP(dimensions: [784, 16, 10, 10], using: &rng)
    var trained = 0
    var rows: [[String]] = []
    var points: [DataFile.Block] = []
    var traces: [DataFile.Block] = []
    for checkpoint in plan.checkpoints {
      if checkpoint > trained {
        model = try train(
          model, on: trainSet, test: testSet,
          configuration: TrainingConfiguration(
            epochCount: checkpoint - trained, batchSize: 20,
            optimizer: SGD(learningRate: 1e-2),
            evaluateEveryEpoch: false)
        ).model
        trained = checkpoint
      }
      let indices = (0..<200).map { _ in Int(rng.next() % UInt64(trainSet.count)) }
      let (x, labels) = trainSet.batch(indices)
      let batch = Batch(input: x, labels: labels)
      var pointRows: [[Double]] = []
      for (k, t) in teleporters.enumerated() {
        let m = try measureTeleport(
          t.teleporter, weights: model.weights, on: batch, heldOut: heldOut)
        let evaluations = m.cost.gradientEvaluations + m.cost.hessianVectorProducts
        pointRows.append([
          Double(checkpoint), Double(k), Double(evaluations), m.gain, m.cost.seconds,
        ])
        rows.append([
          "\(checkpoint)", t.label, fmt(m.gradientNormSquared.before), fmt(m.gain, 3),
          "\(m.cost.gradientEvaluations) + \(m.cost.hessianVectorProducts)",
          fmt(m.relativeDistance, 2), fmt(m.batchLoss.after - m.batchLoss.before, 2),
          fmt(m.heldOutLoss.after - m.heldOutLoss.before, 2)
            + (m.rolledBack ? " (rolled back)" : ""),
        ])
        say.time("checkpoint \(checkpoint), \(t.label): \(fmt(m.cost.seconds * 1e3, 3)) ms")
        if let level = t.teleporter as? LevelSetTeleporter {
          let solution = try level.solve(model.weights, on: batch)
          let start = solution.trace.first?.gradientNormSquared ?? 1
          traces.append(
            .init(
              title: "epoch \(checkpoint), \(t.label)",
              rows: solution.trace.map {
                [
                  Double($0.gradientEvaluations + $0.hessianVectorProducts),
                  $0.gradientNormSquared / start,
                  $0.constraintGap, $0.kktResidual,
                ]
              }))
        }
      }
      points.append(.init(title: "epoch \(checkpoint)", rows: pointRows))
      let differences = try conventionPairs.map { pair in
        largestRelativeDifference(
          try teleporters[pair.exact].teleporter.teleport(model.weights, on: batch).weights,
          try teleporters[pair.paperCode].teleporter.teleport(model.weights, on: batch).weights)
      }
      conventionLines.append(
        "epoch \(checkpoint): "
          + zip(conventionPairs, differences).map { pair, difference in
            "\(teleporters[pair.exact].label) \(fmt(difference, 2))"
          }.joined(separator: ", "))
    }
    say.table(
      [
        "epoch", "teleport", "‖∇ℒ‖² before", "gain ×", "∇ℒ + Hv", "‖Δw‖/‖w‖", "Δℒ batch",
        "Δℒ held-out",
      ], rows)
    say("(gain: ‖∇ℒ‖² after / before on the teleport batch; one teleport each, one training run)")
    say("the paper code's teleported weights against ours (largest entry-wise difference / largest")
    say("entry of ours):")
    for line in conventionLines { say("  " + line) }
    try context.write(
      DataFile(
        lesson: number, preset: context.preset, seed: context.seed,
        columns: ["epoch", "teleporter", "evaluations", "gain", "seconds"],
        comments: [
          "one block per checkpoint; teleporter "
            + teleporters.enumerated().map { "\($0) \($1.label)" }.joined(separator: ", ")
        ],
        blocks: points), named: "gain-points.dat", in: folder)
    try context.write(
      DataFile(
        lesson: number, preset: context.preset, seed: context.seed,
        columns: ["evaluations", "gain", "constraint_gap", "kkt_residual"],
        comments: [
          "the level-set solver's iterates; blocks per checkpoint: level set, "
            + "sub-level set"
        ],
        blocks: traces), named: "gain-traces.dat", in: folder)
  }

  static func subset(_ data: Dataset, _ count: Int?) -> Dataset {
    count.map { data.subset(count: min($0, data.count)) } ?? data
  }

  // MARK: - 3. Training with each kind of teleport

  /// The arms every comparison has, in order.
  ///
  /// The regression has no paper-code symmetry arm: the paper code's `teleport()` builds action
  /// (C) only, and the paper's regression runs came from its NeurIPS code, whose pair inputs
  /// follow yet another rule (`paper.md` §6, item 6).
  static let armNames = ["none", "symmetry", "level set", "sub-level set"]

  /// The classification arms: the paper resets the optimizer's state at each teleport, so
  /// "reset only" resets it at the same steps without moving (chapter 5's control).
  static let classificationArms = [
    "none", "reset only", "symmetry", paperCodeArm, "level set", "sub-level set",
  ]

  /// One verdict table over paired seeds, printed; `outcomes[a][r]` is arm a's run r.
  ///
  /// Every arm against none; where the arms exist, the paper code's symmetry teleport against
  /// ours (the measured difference between the conventions), the level-set arms against each
  /// symmetry arm, and each teleport against the resets alone.
  static func verdicts(
    _ context: LessonContext, prefix: String, outcome: String, rule: BlowUpRule,
    names: [String], outcomes: [[RunOutcome]]
  ) throws {
    let arms = zip(names, outcomes).map { name, runs in
      Arm(name: "\(prefix) \(name)", outcomes: runs)
    }
    let pairs =
      names.dropFirst().map { ($0, "none") }
      + [
        (paperCodeArm, "symmetry"), ("level set", "symmetry"), ("sub-level set", "symmetry"),
        ("level set", paperCodeArm), ("symmetry", "reset only"), (paperCodeArm, "reset only"),
        ("level set", "reset only"),
      ].filter { names.contains($0.0) && names.contains($0.1) }
    let comparisons = pairs.map { ("\(prefix) \($0.0)", "\(prefix) \($0.1)") }
    let table = try VerdictTable(
      outcomeName: outcome, blowUpRule: rule, arms: arms,
      comparisons: comparisons.map { (treatment: $0.0, baseline: $0.1) },
      bootstrapSeed: context.seed)
    for line in table.lines { context.transcript(line) }
  }

  static func regression(_ context: LessonContext, plan: Plan, folder: URL) throws {
    let say = context.transcript
    say.heading("3a. Multi-layer regression [4, 5, 6, 7, 8]: one teleport at step 5", level: 2)
    say(
      "\(plan.regressionTasks) tasks (paired seeds), \(plan.regressionSteps) full-batch steps; GD lr 1e-4, "
        + "AdaGrad lr 0.1 (state kept); symmetry: chapter 2's (B′) teleport; level set: "
        + "\(plan.levelSetSteps) steps, ρ 0.1")
    func teleporter(_ arm: Int, adaGrad: Bool) -> (any WeightTeleporter)? {
      switch armNames[arm] {
      case "symmetry":
        return Teleporter(
          symmetry: NetworkSymmetry(LeakyReLUAction(inverse: .firstOrder)),
          settings: TeleportSettings(
            learningRate: adaGrad ? 1e-5 : 1e-7,
            stepCount: adaGrad ? 2 : 8, objectiveCap: nil))
      case "level set": return levelSet(.equality, steps: plan.levelSetSteps)
      case "sub-level set": return levelSet(.sublevel, steps: plan.levelSetSteps)
      default: return nil
      }
    }
    var blocks: [DataFile.Block] = []
    for (o, optimizerName) in ["GD", "AdaGrad"].enumerated() {
      let jobs = armNames.indices.flatMap { a in (0..<plan.regressionTasks).map { (a, $0) } }
      let histories = try runInParallel(count: jobs.count, seed: context.seed) {
        index, _ -> FullBatchHistory? in
        let (a, r) = jobs[index]
        let task = SyntheticTasks.multiLayerRegression(run: r)
        let optimizer: any Optimizer =
          o == 0 ? SGD(learningRate: 1e-4) : AdaGrad(learningRate: 1e-1)
        let t = teleporter(a, adaGrad: o == 1)
        do {
          return try trainFullBatch(
            MLP(weights: task.weights), on: Batch(input: task.input, target: task.target),
            stepCount: plan.regressionSteps, optimizer: optimizer,
            teleportBefore: t == nil ? [] : [5], teleporter: t, statePolicy: .keep
          ).history
        } catch is TrainingDivergedError {
          return nil  // a blow-up, counted by the verdict table
        }
      }
      let byArmAll = armNames.indices.map { a in
        jobs.indices.filter { jobs[$0].0 == a }.map { histories[$0] }
      }
      let byArm = byArmAll.map { $0.compactMap { $0 } }
      for (a, runs) in byArm.enumerated() where !runs.isEmpty {
        blocks.append(
          .init(
            title: "\(optimizerName) \(armNames[a])",
            rows: (0...plan.regressionSteps).map { i in
              [
                Double(i), median(runs.map { $0.losses[i] }),
                median(runs.map { $0.wallSeconds[i] }),
              ]
            }))
        if a > 0 {
          let t = runs.map { $0.teleports[0] }
          say(
            "\(optimizerName) \(armNames[a]): ‖∇ℒ‖² gain at the teleport median ×"
              + "\(fmt(median(t.map { $0.objectiveAfter / $0.objectiveBefore }), 3)), relative loss change "
              + "median \(fmt(median(t.map { ($0.lossAfter - $0.lossBefore) / $0.lossBefore }), 2))"
          )
          say.time(
            "\(optimizerName) \(armNames[a]): teleport \(fmt(median(t.map(\.seconds)) * 1e3, 3)) ms median"
          )
        }
      }
      let rule = BlowUpRule(bound: 1e8)
      try verdicts(
        context, prefix: optimizerName, outcome: "loss after \(plan.regressionSteps) steps",
        rule: rule, names: armNames,
        outcomes: byArmAll.map { $0.map { rule.outcome($0?.losses.last ?? .nan) } })
      say()
    }
    try context.write(
      DataFile(
        lesson: number, preset: context.preset, seed: nil,
        columns: ["step", "loss_median", "seconds_median"],
        comments: [
          "medians over \(plan.regressionTasks) tasks; blocks: GD then AdaGrad, each "
            + armNames.joined(separator: ", ")
        ],
        blocks: blocks), named: "regression.dat", in: folder)
  }

  static func classification(_ context: LessonContext, dataset: DatasetName, plan: Plan) throws
    -> [DataFile.Block]
  {
    let say = context.transcript
    say.heading(
      "3b. \(dataset.displayName): SGD and AdaGrad with each kind of teleport, [784, 16, 10, 10]",
      level: 2)
    let splits = try context.loadDataset(dataset)
    let trainSet = subset(splits.train, plan.trainCount)
    let testSet = subset(splits.test, plan.testCount)
    say(
      "\(plan.seeds) paired seeds × \(plan.epochs) epochs on \(trainSet.count) training and \(testSet.count) "
        + "test images; SGD lr 0.01, AdaGrad lr 0.01, batch 20; \(plan.teleportsPerEpoch) teleports before the "
        + "first steps of epoch 2, each on a fresh batch of 200, optimizer state reset;")
    say(
      "symmetry: action (C), η_tele 1e-4, 10 steps (the paper), our convention or the paper code's; "
        + "level set: \(plan.levelSetSteps) steps, ρ 0.1 (the level-set paper's MNIST runs)")
    let optimizers = ["SGD", "AdaGrad"]
    func teleporter(_ arm: Int) -> (any WeightTeleporter)? {
      switch classificationArms[arm] {
      // Zero inner steps leave the weights where they are: only the reset acts.
      case "reset only": return symmetry(1e-4, stepCount: 0)
      case "symmetry": return symmetry(1e-4)
      case paperCodeArm: return symmetry(1e-4, convention: .paperCode)
      case "level set": return levelSet(.equality, steps: plan.levelSetSteps)
      case "sub-level set": return levelSet(.sublevel, steps: plan.levelSetSteps)
      default: return nil
      }
    }
    // One sweep arm per (optimizer, arm), index o·A + a. Pair r draws its network and its
    // teleport batches from lesson 7's own derived streams for r, the same in every arm.
    let armCount = classificationArms.count
    let sweepArms = optimizers.flatMap { o in classificationArms.map { "\(o) \($0)" } }
    func job(_ arm: Int, _ r: Int, _ rng: inout SplitMix64) throws -> TrainingAttempt {
      let (o, a) = (arm / armCount, arm % armCount)
      var initialisation = context.stream("network init", r)
      let model = MLP(dimensions: [784, 16, 10, 10], using: &initialisation)
      let schedule = teleporter(a).map {
        TeleportSchedule(
          epochs: [2], teleportsPerEpoch: plan.teleportsPerEpoch, teleportBatchSize: 200,
          teleporter: $0, statePolicy: .reset)
      }
      let optimizer: any Optimizer = o == 0 ? SGD(learningRate: 1e-2) : AdaGrad(learningRate: 1e-2)
      let configuration = TrainingConfiguration(
        epochCount: plan.epochs, batchSize: 20, optimizer: optimizer,
        schedule: schedule, seed: context.seed("teleport batches", r))
      // A blow-up is kept as such, and counted by the verdict table.
      return TrainingAttempt(
        training: model, on: trainSet, test: testSet, configuration: configuration)
    }
    // Lesson 7 takes no --shard, so the sweep always returns every run.
    guard
      let byArm = try pairedSweep(
        context, number: number, tag: dataset.rawValue, arms: sweepArms, pairCount: plan.seeds,
        settings: [
          "epochs": "\(plan.epochs)", "training samples": "\(trainSet.count)",
          "test samples": "\(testSet.count)", "teleports per epoch": "\(plan.teleportsPerEpoch)",
          "level-set steps": "\(plan.levelSetSteps)",
        ],
        code: sweepCodeVersion, data: [splits.fingerprint()], job)
    else { return [] }
    let rule = BlowUpRule(bound: 10)
    var blocks: [DataFile.Block] = []
    for (o, optimizerName) in optimizers.enumerated() {
      let byArmAll = classificationArms.indices.map { byArm[o * armCount + $0] }
      let byArmFinished = byArmAll.map { $0.filter { !$0.diverged } }
      for (a, runs) in byArmFinished.enumerated() where !runs.isEmpty {
        blocks.append(
          .init(
            title: "\(dataset.displayName) \(optimizerName) \(classificationArms[a])",
            rows: (0...plan.epochs).map { e in
              [
                Double(e), median(runs.map { $0.epochs[e].trainLoss }),
                median(runs.map { $0.epochs[e].testLoss }),
                median(runs.map { $0.epochs[e].wallSeconds }),
              ]
            }))
        if a > 1 {
          let records = runs.flatMap(\.teleports)
          let changes = records.map { ($0.lossAfter - $0.lossBefore) / $0.lossBefore }
          say(
            "\(optimizerName) \(classificationArms[a]): \(records.count) teleports, ‖∇ℒ‖² gain median ×"
              + "\(fmt(median(records.map { $0.objectiveAfter / $0.objectiveBefore }), 3)), relative batch-loss "
              + "change median \(fmt(median(changes), 2)), \(changes.filter { abs($0) > 0.01 }.count) beyond 1 %, "
              + "\(records.filter(\.rolledBack).count) rolled back")
        }
        say.time(
          "\(dataset.displayName) \(optimizerName) \(classificationArms[a]): \(fmt(median(runs.map { $0.epochs.last!.wallSeconds }), 3)) s "
            + "per run, teleports \(fmt(median(runs.map { $0.epochs.last!.teleportSeconds }), 3)) s"
        )
      }
      try verdicts(
        context, prefix: optimizerName, outcome: "final training loss (epoch \(plan.epochs))",
        rule: rule, names: classificationArms,
        outcomes: byArmAll.map { $0.map { $0.outcome(\.trainLoss, rule: rule) } })
      try verdicts(
        context, prefix: optimizerName, outcome: "final test loss (epoch \(plan.epochs))",
        rule: rule, names: classificationArms,
        outcomes: byArmAll.map { $0.map { $0.outcome(\.testLoss, rule: rule) } })
      say()
    }
    return blocks
  }
}
