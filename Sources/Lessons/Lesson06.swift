// Chapter 06: learning to teleport — LSTM meta-optimizers with and without learned teleports.

import Foundation
import Toolkit

/// `swift run lesson 6`: meta-train the paper's three LSTM optimizers on random
/// regression tasks and compare them with gradient descent on held-out tasks (Figure 6).
enum Lesson06: Lesson {
  static let number = "06"
  static let title = "Learning to teleport"
  static let chapter = "chapters/06-meta-learning.md"
  static let options: Set<LessonOption> = [.fresh, .retrain]
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

    try verify(context)
    let trained = try metaTrain(context, folder: folder)
    try evaluate(context, trained: trained, folder: folder)

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

  // MARK: - Meta-training

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

  /// Trains (or reloads) each learned optimizer; returns them in `allCases` order.
  static func metaTrain(_ context: LessonContext, folder: URL) throws -> [LearnedOptimizer] {
    let say = context.transcript
    say.heading("Meta-training by truncated back-propagation through time", level: 2)
    say("Tasks: [20, 20, 20, 20] regression, X, W1, W2, Y ~ U[0, 1), training seeds n^2*12345 - 1.")
    say("Unroll 10 inner steps; meta-loss = sum of the inner losses; Adam 1e-4 (teleport LSTMs),")
    say("1e-3 (update LSTM); teleport with the first-order action (B'), ||T||_F = 0.01.")
    let shapes = SyntheticTasks.metaTrainingTask(0).weights.map {
      (rows: $0.rows, columns: $0.columns)
    }
    let kinds = LearnedOptimizerKind.allCases
    // One bar for the three trainings together, advanced per training task (stderr, terminals only).
    let bar = ProgressBar(
      total: kinds.map { schedule($0, context.preset).tasks }.reduce(0, +),
      label: "meta-training")
    let outcomes = try runInParallel(count: kinds.count, seed: context.seed, maxConcurrency: 2) {
      i, rng in
      let kind = kinds[i]
      let learned = LearnedOptimizer(kind: kind, weightShapes: shapes, using: &rng)
      return try trainOrLoad(learned, context: context, folder: folder, bar: bar)
    }
    bar.finish()
    var rows: [[String]] = []
    for (kind, outcome) in zip(kinds, outcomes) {
      let (tasks, steps) = schedule(kind, context.preset)
      let losses = outcome.windowLosses
      let tenth = max(1, losses.count / 10)
      rows.append([
        kind.label, "\(outcome.learned.scalarCount)", "\(tasks) x \(steps)",
        fmt(losses.prefix(tenth).reduce(0, +) / Double(tenth)),
        fmt(losses.suffix(tenth).reduce(0, +) / Double(tenth)),
        "\(outcome.divergedWindows)",
      ])
    }
    say.table(
      [
        "optimizer", "meta-parameters", "tasks x steps", "window loss, first 10%",
        "last 10%", "diverged windows",
      ], rows)
    for (kind, outcome) in zip(kinds, outcomes) {
      // A reloaded model repeats the throughput measured when it was trained.
      if let rate = outcome.stepsPerSecond {
        say.time(
          "\(kind.label): \(outcome.innerSteps) inner steps in \(fmt(outcome.seconds, 3)) s, "
            + "\(fmt(rate, 3)) inner steps per second (forward and meta-backward)")
      }
    }
    return outcomes.map(\.learned)
  }

  /// What training produced, or what was reloaded.
  struct TrainingOutcome {
    var learned: LearnedOptimizer
    var windowLosses: [Double]
    var divergedWindows: Int
    var innerSteps: Int
    var seconds: Double
    var stepsPerSecond: Double?
  }

  /// The version of the meta-training code whose models are saved; raise it when a change
  /// to meta-training changes the trained numbers, so that older models are not reused.
  /// Models saved before it was recorded are version 1.
  static let modelCodeVersion = "meta-training 1"

  /// The key a saved training record states: its preset, seed, schedule line and code version.
  static func savedKey(_ text: String, kind: LearnedOptimizerKind) -> [String: String] {
    let lines = text.split(separator: "\n").map(String.init)
    func value(_ prefix: String) -> String? {
      lines.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }
    var key: [String: String] = [:]
    key["preset"] = value("# preset: ")
    key["seed"] = value("# seed: ")
    key["schedule"] = value("# \(kind.label) meta-training").map {
      "\(kind.label) meta-training" + $0
    }
    key["code"] = value("# code: ") ?? "meta-training 1"
    return key
  }

  static func modelFolder(_ kind: LearnedOptimizerKind, in folder: URL) -> URL {
    folder.appendingPathComponent("models/\(kind.rawValue)", isDirectory: true)
  }

  /// Reloads a saved model and its training curve, or trains and saves both.
  static func trainOrLoad(
    _ initial: LearnedOptimizer, context: LessonContext, folder: URL,
    bar: ProgressBar
  ) throws -> TrainingOutcome {
    let kind = initial.kind
    let models = modelFolder(kind, in: folder)
    let curve = folder.appendingPathComponent("training-\(kind.rawValue).dat")
    var learned = initial
    let (taskCount, steps) = schedule(kind, context.preset)
    let description = "\(kind.label) meta-training: \(taskCount) tasks x \(steps) steps, unroll 10"
    // Reload only a model computed from what this run would compute it from: preset, seed,
    // schedule and the training code's version (design.md D17); anything else is an error.
    let key = [
      "preset": context.preset.rawValue, "seed": "\(context.seed)", "schedule": description,
      "code": modelCodeVersion,
    ]
    if !context.retrain && learned.hasSavedModel(in: models) {
      guard let text = try? String(contentsOf: curve, encoding: .utf8) else {
        throw LessonError.staleResult(
          "\(models.path) holds a \(kind.label) model but its training record \(curve.path) is missing or "
            + "unreadable, so what it was trained from is unknown. Run again with --fresh (or --retrain) to "
            + "train it again, or choose another folder with --out.")
      }
      let saved = savedKey(text, kind: kind)
      if saved != key {
        let lines = key.keys.sorted().filter { saved[$0] != key[$0] }
          .map { "  \($0): saved \(saved[$0] ?? "(not recorded)"), now \(key[$0]!)" }
        throw LessonError.staleResult(
          "\(models.path) holds a \(kind.label) model trained from something else:\n"
            + lines.joined(separator: "\n")
            + "\nRun again with --fresh (or --retrain) to train it again here, or choose another folder with --out."
        )
      }
      try learned.load(from: models)
      bar.advance(by: schedule(kind, context.preset).tasks)
      let rows = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
      let losses = rows.compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
      /// The number at the end of the header line that starts with `prefix`.
      func header(_ prefix: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(prefix) }
          .flatMap { $0.split(separator: " ").last.flatMap { Double($0) } }
      }
      let (steps, seconds) = (header("# inner steps") ?? 0, header("# seconds") ?? 0)
      return TrainingOutcome(
        learned: learned, windowLosses: losses,
        divergedWindows: Int(header("# diverged windows") ?? 0),
        innerSteps: Int(steps), seconds: seconds,
        stepsPerSecond: seconds > 0 ? steps / seconds : nil)
    }
    var trainer = MetaTrainer(learned, settings: MetaTrainingSettings(stepsPerTask: steps)) {
      Adam(learningRate: $0)
    }
    var report = MetaTrainingReport()
    let tasks = (0..<taskCount).map { SyntheticTasks.metaTrainingTask($0) }
    try trainer.train(on: tasks, report: &report) { _ in bar.advance() }
    learned = trainer.learned
    try learned.save(to: models)
    try context.write(
      DataFile(
        lesson: number, preset: context.preset, seed: context.seed,
        columns: ["window", "mean_inner_loss"],
        comments: [
          description, "code: \(modelCodeVersion)", "git commit: \(context.record.gitCommit)",
          "diverged windows \(report.divergedWindowCount)",
          "inner steps \(report.innerStepCount)",
          "seconds \(report.seconds)",
        ],
        blocks: [
          .init(rows: report.windowLosses.enumerated().map { [Double($0.offset), $0.element] })
        ]),
      named: curve.lastPathComponent, in: folder)
    return TrainingOutcome(
      learned: learned, windowLosses: report.windowLosses,
      divergedWindows: report.divergedWindowCount, innerSteps: report.innerStepCount,
      seconds: report.seconds, stepsPerSecond: report.innerStepsPerSecond)
  }

  // MARK: - Evaluation on held-out tasks (Figure 6)

  static func evaluate(_ context: LessonContext, trained: [LearnedOptimizer], folder: URL) throws {
    let say = context.transcript
    say.heading("Held-out tasks: GD against the learned optimizers (Figure 6)", level: 2)
    let testCount = context.preset.choose(quick: 2, standard: 5, paper: 5)
    let stepCount = context.preset.choose(quick: plottedSteps, standard: 100, paper: 100)
    let tests = (0..<testCount).map { SyntheticTasks.metaTestTask($0) }
    say(
      "\(testCount) test tasks (seeds n^2*12345), \(stepCount) steps each; GD step size \(fmt(baselineLearningRate))."
    )
    // A warm-up run first, so that the wall-clock comparison is fair (as the paper does).
    _ = gradientDescentTrajectory(on: tests[0], learningRate: baselineLearningRate, stepCount: 20)

    var names = ["GD"]
    var paths: [[Trajectory]] = [
      tests.map {
        gradientDescentTrajectory(on: $0, learningRate: baselineLearningRate, stepCount: stepCount)
      }
    ]
    for learned in trained {
      _ = try learned.trajectory(on: tests[0], stepCount: 5)  // warm-up, as for GD
      names.append(learned.kind.label)
      paths.append(try tests.map { try learned.trajectory(on: $0, stepCount: stepCount) })
    }
    let marks = [0, 10, 20, 30].filter { $0 <= stepCount } + (stepCount > 30 ? [stepCount] : [])
    say.table(
      ["optimizer"] + marks.map { "mean loss, step \($0)" },
      zip(names, paths).map { name, runs in
        [name] + marks.map { t in fmt(mean(runs.map { lossAt($0, t) })) }
      })
    say("Tasks on which each optimizer ends step \(plottedSteps) below GD:")
    say.table(
      ["optimizer", "below GD at step \(plottedSteps)"],
      zip(names, paths).dropFirst().map { name, runs in
        let wins = zip(runs, paths[0]).filter {
          lossAt($0.0, plottedSteps) < lossAt($0.1, plottedSteps)
        }.count
        return [name, "\(wins) of \(testCount)"]
      })

    try writeFigureData(context, names: names, paths: paths, folder: folder)

    // What meta-training bought, and what the teleport adds to a trained optimizer.
    say("Ablations, mean loss at step \(plottedSteps) over the same tasks:")
    let shapes = trained[0].weightShapes
    var ablations: [[String]] = [["GD", fmt(mean(paths[0].map { lossAt($0, plottedSteps) }))]]
    for (i, learned) in trained.enumerated() {
      // The stream it was initialised from.
      var rng = SplitMix64.stream(seed: context.seed, index: UInt64(i))
      let untrained = LearnedOptimizer(kind: learned.kind, weightShapes: shapes, using: &rng)
      let variants =
        [("untrained", untrained), ("meta-trained", learned)]
        + (learned.kind.teleports ? [("meta-trained, teleport off", learned.withoutTeleport)] : [])
      for (label, variant) in variants {
        let runs = try tests.map { try variant.trajectory(on: $0, stepCount: plottedSteps) }
        let steps = runs.flatMap(\.stepSizes)
        ablations.append([
          "\(learned.kind.label), \(label)", fmt(mean(runs.map { lossAt($0, plottedSteps) })),
          steps.isEmpty ? "-" : "\(fmt(steps.min() ?? 0)) to \(fmt(steps.max() ?? 0))",
        ])
      }
    }
    ablations[0].append(fmt(baselineLearningRate))
    say.table(["optimizer", "mean loss, step \(plottedSteps)", "step sizes used"], ablations)
  }

  /// The loss at step t, or NaN when the run stopped (diverged) before t.
  static func lossAt(_ path: Trajectory, _ t: Int) -> Double {
    t < path.losses.count ? path.losses[t] : .nan
  }

  static func writeFigureData(
    _ context: LessonContext, names: [String], paths: [[Trajectory]],
    folder: URL
  ) throws {
    let steps = 0...plottedSteps
    // Loss against step: mean ± std over tasks; the lower edge is clipped to the
    // smallest task's loss so that the band stays on a log axis.
    let byStep = zip(names, paths).map { name, runs in
      DataFile.Block(
        title: name,
        rows: steps.map { t in
          let losses = runs.map { lossAt($0, t) }
          let m = mean(losses)
          let s = losses.count > 1 ? sampleStandardDeviation(losses) : 0
          return [Double(t), m, s, max(m - s, losses.min() ?? m), m + s]
        })
    }
    try context.write(
      DataFile(
        lesson: number, preset: context.preset, seed: context.seed,
        columns: ["step", "mean_loss", "std_loss", "band_low", "band_high"],
        comments: [
          "one block per optimizer: " + names.joined(separator: ", "),
          "band_low = max(mean - std, smallest task's loss), for the log axis",
        ],
        blocks: byStep),
      named: "loss-vs-step.dat", in: folder)
    // Loss against wall time: mean over tasks of both (machine-dependent).
    let byTime = zip(names, paths).map { name, runs in
      DataFile.Block(
        title: name,
        rows: steps.map { t in
          [
            mean(runs.map { t < $0.seconds.count ? $0.seconds[t] : .nan }),
            mean(runs.map { lossAt($0, t) }),
          ]
        })
    }
    try context.write(
      DataFile(
        lesson: number, preset: context.preset, seed: context.seed,
        columns: ["seconds", "mean_loss"],
        comments: ["wall-clock time, machine-dependent; one block per optimizer"],
        blocks: byTime),
      named: "loss-vs-time.dat", in: folder)
    // dℒ/dt against loss on the last test task, as the paper's third panel.
    let byLoss = zip(names, paths).map { name, runs in
      let last = runs[runs.count - 1]
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
        comments: ["dL/dt = ||grad L||^2 on the last test task; one block per optimizer"],
        blocks: byLoss),
      named: "dldt-vs-loss.dat", in: folder)
  }
}
