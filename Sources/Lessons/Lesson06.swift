// Chapter 06: learning to teleport — LSTM meta-optimizers with and without learned teleports.

import Foundation
import Toolkit

/// `swift run lesson 6`: meta-train the paper's three LSTM optimizers on random
/// regression tasks, from paired initialisations and several seeds, and compare them
/// with gradient descent and with each other on held-out tasks (Figure 6).
enum Lesson06: Lesson {
  static let number = "06"
  static let title = "Learning to teleport"
  static let chapter = "chapters/06-meta-learning.md"
  static let options: Set<LessonOption> = [.fresh, .retrain, .shard, .merge]
  static let figures = ["06-learning-to-teleport"]

  /// The paper's gradient-descent baseline step size (`paper.md` §4.3).
  static let baselineLearningRate = 3e-4
  /// The steps shown in Figure 6.
  static let plottedSteps = 30

  static func run(_ context: LessonContext) throws {
    let say = context.transcript
    let folder = try context.dataFolder(number)
    say.heading("Chapter 6: \(title)")
    say("preset \(context.preset.rawValue), seed \(context.seed)")

    // A shard meta-trains its slice of the study and nothing else.
    if context.shard != nil {
      _ = try study(context)
      say("When every shard has finished: lesson 6 --merge (with the same preset, seed and --out).")
      return
    }
    try verify(context)
    guard let runs = try study(context) else { return }
    try reportTraining(context, runs: runs, folder: folder)
    try evaluate(context, runs: runs, folder: folder)

    try say.save(to: folder)
    context.render(figures, from: folder)
  }

  // MARK: - Verify it works

  /// Gradient checks of the LSTM cell and of the meta-gradient through unrolled
  /// inner steps with teleports, on a small task.
  static func verify(_ context: LessonContext) throws {
    let say = context.transcript
    say.heading("Verify it works: the LSTM cell and the meta-gradient", level: 2)
    var rng = SplitMix64(seed: context.seed)
    let cell = LSTMCell(inputSize: 3, hiddenSize: 2, using: &rng)
    let x = Matrix.uniform(3, 1, low: -1, high: 1, using: &rng)
    let cellLoss: ([Variable]) -> Variable = { v in
      var state = LSTMCell.State.zeros(hiddenSize: 2)
      for _ in 0..<2 { state = LSTMCell.step(input: v[3], state: state, parameters: v[0..<3]) }
      return state.hidden.squaredNorm() + state.cell.sum()
    }
    var rows: [[String]] = []
    for order in [GradientCheckOrder.first, .second] {
      let worst =
        try checkGradient(
          of: cellLoss, at: cell.parameters + [x], order: order,
          seed: context.seed("lesson 6 cell check direction")
        )
        .map(\.relativeError).max() ?? 0
      rows.append(["LSTM cell, two steps", "\(order.rawValue)", worst < 1e-7 ? "yes" : "NO"])
    }
    // Three inner steps of each learned optimizer on a 3×3 task, differentiated
    // with respect to every meta-parameter (the gradients read are fixed data).
    let task = RegressionTask.uniform(
      dimensions: [3, 3, 4, 3], seed: Int64(bitPattern: context.seed))
    let shapes = task.weights.map { (rows: $0.rows, columns: $0.columns) }
    for kind in LearnedOptimizerKind.allCases {
      let learned = LearnedOptimizer(
        kind: kind, weightShapes: shapes,
        configuration: LearnedOptimizerConfiguration(teleportHiddenSize: 4, updateHiddenSize: 4),
        using: &rng)
      let read = (0..<3).map { t in task.weights.map { 0.01 * Double(t + 1) * $0 } }
      let metaLoss: ([Variable]) -> Variable = { p in
        var w = task.weights.map { Variable(constant: $0) }
        var state = learned.initialState()
        var total = Variable.constant(0)
        for t in 0..<3 {
          guard
            let moved = try? learned.step(
              weights: w, gradients: read[t], input: Variable(constant: task.input),
              state: state, parameters: p)
          else { return Variable.constant(.nan) }
          (w, state) = moved
          total = total + regressionLoss(weights: w, task: task)
        }
        return total
      }
      // h = 3e-3: the teleport parameters move the meta-loss very little (‖T‖_F is
      // fixed), so rounding, O(ε·f/h), dominates smaller steps (the error falls as 1/h).
      let worst =
        try checkGradient(of: metaLoss, at: learned.parameters, order: .first, step: 3e-3)
        .map(\.relativeError).max() ?? 0
      rows.append(["\(kind.label), 3 unrolled steps", "1", worst < 1e-4 ? "yes" : "NO"])
    }
    say.table(["derivative", "order", "matches central differences"], rows)
  }

  // MARK: - Meta-training, paired over seeds

  /// The schedule of `paper.md` §4.4, scaled per preset: (training tasks, steps per task).
  static func schedule(_ kind: LearnedOptimizerKind, _ preset: Preset) -> (tasks: Int, steps: Int) {
    switch kind {
    case .learningRateAndTeleport:
      return preset.choose(quick: (2, 20), standard: (30, 300), paper: (30, 300))
    case .update: return preset.choose(quick: (2, 20), standard: (20, 100), paper: (600, 100))
    case .updateAndTeleport:
      return preset.choose(quick: (2, 20), standard: (20, 100), paper: (700, 100))
    }
  }

  /// Meta-training seeds per arm: each seed is one initialisation, shared by the arms.
  static func seedCount(_ preset: Preset) -> Int { preset.choose(quick: 2, standard: 3, paper: 1) }
  /// Held-out tasks, and steps on each.
  static func testCount(_ preset: Preset) -> Int { preset.choose(quick: 2, standard: 5, paper: 5) }
  static func stepCount(_ preset: Preset) -> Int {
    preset.choose(quick: plottedSteps, standard: 100, paper: 100)
  }

  /// The version of the study's code whose saved runs are reused; raise it when a change
  /// to meta-training or evaluation changes the numbers, so that older runs are not mixed in.
  static let studyCodeVersion = "meta-study 2 (paired init, smooth step-size head)"

  static let kinds = LearnedOptimizerKind.allCases

  /// The weight shapes of every task, [20, 20, 20, 20].
  static var taskShapes: [(rows: Int, columns: Int)] {
    SyntheticTasks.metaTrainingTask(0).weights.map { (rows: $0.rows, columns: $0.columns) }
  }

  /// Meta-trains every arm on every seed and runs it on the held-out tasks (or reloads
  /// the saved runs): `runs[arm][seed]`, arms in `kinds` order; nil for a shard.
  ///
  /// Seed i gives every arm the same generator, so LSTM(update) and LSTM(update, tele)
  /// start from the same update LSTM; every arm trains on the same task stream.
  static func study(_ context: LessonContext) throws -> [[MetaStudyRun]]? {
    let say = context.transcript
    let preset = context.preset
    say.heading("Meta-training by truncated back-propagation through time", level: 2)
    say("Tasks: [20, 20, 20, 20] regression, X, W1, W2, Y ~ U[0, 1), training seeds n^2*12345 - 1.")
    say("Unroll 10 inner steps; meta-loss = sum of the inner losses; Adam 1e-4 (teleport LSTMs),")
    say("1e-3 (update LSTM); teleport with the first-order action (B'), ||T||_F = 0.01.")
    say(
      "\(seedCount(preset)) meta-training seed(s) per arm; seed i initialises every arm from one "
        + "generator (LSTM(update) and")
    say("LSTM(update,tele) share their update LSTM), and every arm trains on the same task stream.")
    let tests = (0..<testCount(preset)).map { SyntheticTasks.metaTestTask($0) }
    let shapes = taskShapes
    // One bar for all meta-trainings, advanced per training task (stderr, terminals only).
    let bar = ProgressBar(
      total: seedCount(preset) * kinds.map { schedule($0, preset).tasks }.reduce(0, +),
      label: "meta-training")
    defer { bar.finish() }
    let description = kinds.map {
      let (tasks, steps) = schedule($0, preset)
      return "\($0.label) \(tasks) x \(steps)"
    }
    return try pairedSweep(
      context, number: number, tag: "study", arms: kinds.map(\.label),
      pairCount: seedCount(preset),
      settings: [
        "schedule": description.joined(separator: ", "), "test tasks": "\(tests.count)",
        "steps": "\(stepCount(preset))",
      ],
      code: studyCodeVersion, data: []
    ) { arm, seed, rng in
      let kind = kinds[arm]
      let initial = LearnedOptimizer(kind: kind, weightShapes: shapes, using: &rng)
      let (taskCount, steps) = schedule(kind, preset)
      let study = MetaStudy(
        trainingTasks: (0..<taskCount).map { SyntheticTasks.metaTrainingTask($0) },
        settings: MetaTrainingSettings(stepsPerTask: steps), testTasks: tests,
        stepCount: stepCount(preset), ablationStepCount: plottedSteps)
      let (learned, run) = try study.run(
        initial, makeOptimizer: { Adam(learningRate: $0) }, progress: { bar.advance() })
      try learned.save(to: modelFolder(context, kind, seed: seed))
      return run
    }
  }

  /// Where the study saves the meta-trained optimizer of an arm and seed (not committed).
  static func modelFolder(_ context: LessonContext, _ kind: LearnedOptimizerKind, seed: Int) -> URL
  {
    context.dataRoot.deletingLastPathComponent().appendingPathComponent(
      "sweeps/\(number)-\(context.preset.rawValue)-models/\(kind.rawValue)-seed\(seed)",
      isDirectory: true)
  }

  /// The meta-training table, throughput, and the training curves.
  static func reportTraining(_ context: LessonContext, runs: [[MetaStudyRun]], folder: URL) throws {
    let say = context.transcript
    var rng = SplitMix64(seed: 0)  // only to count meta-parameters
    var rows: [[String]] = []
    for (kind, seeds) in zip(kinds, runs) {
      let (tasks, steps) = schedule(kind, context.preset)
      let tenth = { (losses: [Double]) in max(1, losses.count / 10) }
      let first = seeds.map { l in mean(Array(l.windowLosses.prefix(tenth(l.windowLosses)))) }
      let last = seeds.map { l in mean(Array(l.windowLosses.suffix(tenth(l.windowLosses)))) }
      rows.append([
        kind.label,
        "\(LearnedOptimizer(kind: kind, weightShapes: taskShapes, using: &rng).scalarCount)",
        "\(tasks) x \(steps)", "\(seeds.count)", fmt(median(first)), fmt(median(last)),
        "\(seeds.map(\.divergedWindows).reduce(0, +))",
      ])
    }
    say.table(
      [
        "optimizer", "meta-parameters", "tasks x steps", "seeds", "window loss, first 10%",
        "last 10%", "diverged windows",
      ], rows)
    say(
      "(window losses: medians over seeds of the mean over the first and last tenth of the windows)"
    )
    for (kind, seeds) in zip(kinds, runs) {
      let steps = seeds.map(\.innerSteps).reduce(0, +)
      let seconds = seeds.map(\.trainingSeconds).reduce(0, +)
      say.time(
        "\(kind.label): \(steps) inner steps in \(fmt(seconds, 3)) s over \(seeds.count) seed(s), "
          + "\(fmt(Double(steps) / max(seconds, 1e-9), 3)) inner steps per second "
          + "(forward and meta-backward; two trainings at a time on two cores)")
    }
    for (kind, seeds) in zip(kinds, runs) {
      try context.write(
        DataFile(
          lesson: number, preset: context.preset, seed: context.seed,
          columns: ["window", "mean_inner_loss"],
          comments: ["\(kind.label) meta-training; one block per seed"],
          blocks: seeds.map { run in
            .init(rows: run.windowLosses.enumerated().map { [Double($0.offset), $0.element] })
          }),
        named: "training-\(kind.rawValue).dat", in: folder)
    }
  }

  // MARK: - Evaluation on held-out tasks (Figure 6)

  /// A held-out loss above this (about twice the tasks' starting loss) counts as a blow-up.
  static let blowUp = BlowUpRule(bound: 1e6)

  /// One arm of a verdict table: its trajectories, one per (seed, task) unit, judged at step t.
  static func arm(_ name: String, _ paths: [Trajectory], step t: Int) -> Arm {
    Arm(name: name, outcomes: paths.map { blowUp.outcome($0.loss(atStep: t)) })
  }

  static func evaluate(_ context: LessonContext, runs: [[MetaStudyRun]], folder: URL) throws {
    let say = context.transcript
    let preset = context.preset
    say.heading("Held-out tasks: GD against the learned optimizers (Figure 6)", level: 2)
    let tests = (0..<testCount(preset)).map { SyntheticTasks.metaTestTask($0) }
    let steps = stepCount(preset)
    let seeds = runs[0].count
    say(
      "\(tests.count) test tasks (seeds n^2*12345), \(steps) steps each; GD step size "
        + "\(fmt(baselineLearningRate)); \(tests.count) tasks x \(seeds) seed(s) = "
        + "\(tests.count * seeds) paired units.")
    // A warm-up run first, so that the wall-clock comparison is fair (as the paper does).
    _ = gradientDescentTrajectory(on: tests[0], learningRate: baselineLearningRate, stepCount: 20)
    let gd = tests.map {
      gradientDescentTrajectory(on: $0, learningRate: baselineLearningRate, stepCount: steps)
    }
    // Units in seed-major order: unit seed·tasks + task. GD has no seed: it repeats per seed.
    let names = ["GD"] + kinds.map(\.label)
    let paths: [[Trajectory]] =
      [Array((0..<seeds).map { _ in gd }.joined())] + runs.map { $0.flatMap(\.trained) }
    let marks = [0, 10, 20, 30].filter { $0 <= steps } + (steps > 30 ? [steps] : [])
    say.table(
      ["optimizer"] + marks.map { "median loss, step \($0)" },
      zip(names, paths).map { name, units in
        [name] + marks.map { t in fmt(median(units.map { worstIfNaN($0.loss(atStep: t)) })) }
      })

    let comparisons = [
      (names[1], names[0]), (names[3], names[2]), (names[2], names[0]), (names[3], names[0]),
    ]
    for t in [10, plottedSteps] + (steps > plottedSteps ? [steps] : []) {
      say()
      say.verdict(
        try VerdictTable(
          outcomeName: "held-out loss at step \(t)", blowUpRule: blowUp,
          arms: zip(names, paths).map { arm($0, $1, step: t) }, comparisons: comparisons,
          bootstrapSeed: context.seed("lesson 6 verdict, step \(t)")))
    }
    // The wall clock: GD and seed 0's meta-trained optimizers, reloaded and timed back to back
    // here, so that all four meet the same load (the runs' own times were taken while other
    // meta-trainings ran beside them). Without the saved models, the runs' own times.
    let timed = try timingPass(context, tests: tests) ?? paths.map { Array($0.prefix(tests.count)) }
    try writeFigureData(
      context, names: names, paths: paths, timed: timed, lastTask: tests.count - 1, folder: folder)
    for (name, runs) in zip(names, timed) {
      let at = { (t: Int) in
        fmt(1e3 * median(runs.map { t < $0.seconds.count ? $0.seconds[t] : .infinity }), 3)
      }
      say.time(
        "\(name), seed 0: step 1 reached after \(at(1)) ms, step \(plottedSteps) after "
          + "\(at(plottedSteps)) ms (medians over the tasks; this machine, this moment)")
    }

    // What meta-training bought, and what the teleport adds to a trained optimizer.
    say()
    say(
      "Controls at step \(plottedSteps): each optimizer before meta-training (its initialisation),")
    say("and each trained teleporting optimizer with its teleport switched off (||T||_F = 0).")
    var controlArms: [Arm] = []
    var controlComparisons: [(String, String)] = []
    for (kind, seedRuns) in zip(kinds, runs) {
      let trained = arm(kind.label, seedRuns.flatMap(\.trained), step: plottedSteps)
      let untrained = arm(
        "\(kind.label) untrained", seedRuns.flatMap(\.untrained), step: plottedSteps)
      controlArms += [trained, untrained]
      controlComparisons.append((trained.name, untrained.name))
      if kind.teleports {
        let off = arm(
          "\(kind.label) teleport off", seedRuns.flatMap(\.teleportOff), step: plottedSteps)
        controlArms.append(off)
        controlComparisons.append((trained.name, off.name))
      }
    }
    say.verdict(
      try VerdictTable(
        outcomeName: "held-out loss at step \(plottedSteps)", blowUpRule: blowUp,
        arms: controlArms, comparisons: controlComparisons,
        bootstrapSeed: context.seed("lesson 6 verdict, controls")))

    // Where LSTM(lr, tele)'s learned step size went.
    say()
    say(
      "LSTM(lr,tele)'s step sizes over steps 1-\(plottedSteps - 1) of every held-out task, per seed"
    )
    say("(step 0 uses eta_0 = 1e-4):")
    let lrRuns = runs[kinds.firstIndex(of: .learningRateAndTeleport)!]
    say.table(
      ["seed", "untrained: median", "range", "meta-trained: median", "range"],
      lrRuns.enumerated().map { seed, run in
        let before = run.untrained.flatMap { $0.stepSizes.dropFirst().prefix(plottedSteps - 1) }
        let after = run.trained.flatMap { $0.stepSizes.dropFirst().prefix(plottedSteps - 1) }
        return [
          "\(seed)", fmt(median(before)),
          "\(fmt(before.min() ?? .nan)) to \(fmt(before.max() ?? .nan))",
          fmt(median(after)), "\(fmt(after.min() ?? .nan)) to \(fmt(after.max() ?? .nan))",
        ]
      })
  }

  /// GD and seed 0's saved meta-trained optimizers on every held-out task, `plottedSteps` steps
  /// each after a warm-up, timed one after the other; nil when a model is not saved here.
  static func timingPass(_ context: LessonContext, tests: [RegressionTask]) throws
    -> [[Trajectory]]?
  {
    var learned: [LearnedOptimizer] = []
    for kind in kinds {
      var rng = SplitMix64(seed: 0)  // overwritten by the saved parameters
      var optimizer = LearnedOptimizer(kind: kind, weightShapes: taskShapes, using: &rng)
      let folder = modelFolder(context, kind, seed: 0)
      guard optimizer.hasSavedModel(in: folder) else { return nil }
      try optimizer.load(from: folder)
      learned.append(optimizer)
    }
    _ = gradientDescentTrajectory(on: tests[0], learningRate: baselineLearningRate, stepCount: 20)
    var timed = [
      tests.map {
        gradientDescentTrajectory(
          on: $0, learningRate: baselineLearningRate, stepCount: plottedSteps)
      }
    ]
    for optimizer in learned {
      _ = try optimizer.trajectory(on: tests[0], stepCount: 5)  // warm-up, as for GD
      timed.append(try tests.map { try optimizer.trajectory(on: $0, stepCount: plottedSteps) })
    }
    return timed
  }

  /// A loss for a median: NaN (a run that stopped) counts as the worst, +∞.
  static func worstIfNaN(_ loss: Double) -> Double { loss.isNaN ? .infinity : loss }

  static func writeFigureData(
    _ context: LessonContext, names: [String], paths: [[Trajectory]], timed: [[Trajectory]],
    lastTask: Int, folder: URL
  ) throws {
    let steps = 0...plottedSteps
    // Loss against step: median and quartiles over the (seed, task) units.
    let byStep = zip(names, paths).map { name, units in
      DataFile.Block(
        title: name,
        rows: steps.map { t in
          let losses = units.map { worstIfNaN($0.loss(atStep: t)) }
          let (low, high) = interquartileRange(losses)
          return [Double(t), median(losses), low, high]
        })
    }
    try context.write(
      DataFile(
        lesson: number, preset: context.preset, seed: context.seed,
        columns: ["step", "median_loss", "lower_quartile", "upper_quartile"],
        comments: [
          "one block per optimizer: " + names.joined(separator: ", "),
          "median and quartiles over held-out tasks x meta-training seeds",
        ],
        blocks: byStep),
      named: "loss-vs-step.dat", in: folder)
    // Loss against wall time: seed 0, timed back to back; medians over the tasks of both.
    let byTime = zip(names, timed).map { name, units in
      DataFile.Block(
        title: name,
        rows: steps.map { t in
          [
            median(units.map { t < $0.seconds.count ? $0.seconds[t] : .infinity }),
            median(units.map { worstIfNaN($0.loss(atStep: t)) }),
          ]
        })
    }
    try context.write(
      DataFile(
        lesson: number, preset: context.preset, seed: context.seed,
        columns: ["seconds", "median_loss"],
        comments: [
          "wall-clock time, machine-dependent; seed 0's optimizers timed back to back, medians over "
            + "the tasks; one block per optimizer"
        ],
        blocks: byTime),
      named: "loss-vs-time.dat", in: folder)
    // dℒ/dt against loss on the last test task (seed 0), as the paper's third panel.
    let byLoss = zip(names, paths).map { name, units in
      let last = units[lastTask]
      return DataFile.Block(
        title: name,
        rows: steps.filter { $0 < last.losses.count }.map { t in
          [last.losses[t], last.gradientNormsSquared[t]]
        })
    }
    try context.write(
      DataFile(
        lesson: number, preset: context.preset, seed: context.seed,
        columns: ["loss", "dL_dt"],
        comments: [
          "dL/dt = ||grad L||^2 on the last test task, seed 0; one block per optimizer"
        ],
        blocks: byLoss),
      named: "dldt-vs-loss.dat", in: folder)
  }
}
