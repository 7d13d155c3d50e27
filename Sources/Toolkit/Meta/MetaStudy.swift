// One run of chapter 6's paired study: meta-train a learned optimizer, then test it on held-out tasks. Introduced in chapter 06.

import Support
import Linear
import Optimizers

/// What one meta-training run and its evaluation produced, small enough to save per run.
public struct MetaStudyRun: Codable, Sendable {
  /// Mean inner loss of each meta-training window, in training order.
  public var windowLosses: [Double]
  /// Windows whose loss or meta-gradient was not finite (each ended its task).
  public var divergedWindows: Int
  /// Inner steps taken in meta-training, and the seconds they took.
  public var innerSteps: Int
  public var trainingSeconds: Double
  /// The meta-trained optimizer on each held-out task (`stepCount` steps).
  public var trained: [Trajectory]
  /// The same optimizer before meta-training, on each task (`ablationStepCount` steps).
  public var untrained: [Trajectory]
  /// The meta-trained optimizer with its teleport switched off, on each task
  /// (`ablationStepCount` steps); empty when the kind does not teleport.
  public var teleportOff: [Trajectory]

  /// Inner steps per second in meta-training, forward and meta-backward.
  public var innerStepsPerSecond: Double {
    trainingSeconds > 0 ? Double(innerSteps) / trainingSeconds : 0
  }
}

/// The schedule of one run of the study: which tasks train, which test, how long.
///
/// Every arm and every seed of a comparison uses the same `MetaStudy`, so the
/// arms see the same meta-training task stream (where both train) and the same
/// held-out tasks; only the learned optimizer's kind and initialisation differ.
public struct MetaStudy<Task: RegressionProblem> {
  /// The meta-training tasks, in order.
  public var trainingTasks: [Task]
  /// Inner steps per training task, unroll and Adam learning rates.
  public var settings: MetaTrainingSettings
  /// The held-out tasks.
  public var testTasks: [Task]
  /// Steps of the meta-trained optimizer on each held-out task.
  public var stepCount: Int
  /// Steps of the untrained and teleport-off controls on each held-out task.
  public var ablationStepCount: Int

  /// A study schedule.
  public init(
    trainingTasks: [Task], settings: MetaTrainingSettings, testTasks: [Task], stepCount: Int,
    ablationStepCount: Int
  ) {
    require(!testTasks.isEmpty, "MetaStudy: no held-out tasks")
    require(
      stepCount >= 1 && ablationStepCount >= 1, "MetaStudy: step counts must be positive")
    self.trainingTasks = trainingTasks
    self.settings = settings
    self.testTasks = testTasks
    self.stepCount = stepCount
    self.ablationStepCount = ablationStepCount
  }

  /// Meta-trains `initial` on the training tasks, then runs the trained optimizer
  /// and its two controls (untrained; teleport off) on every held-out task.
  ///
  /// Each evaluation starts with a short discarded warm-up run, so that the first
  /// task's wall-clock times do not include first-call costs.
  ///
  /// - Parameters:
  ///   - initial: the freshly initialised learned optimizer.
  ///   - makeOptimizer: the meta-optimizer of each parameter group (the paper: Adam).
  ///   - progress: called after each training task.
  /// - Returns: the meta-trained optimizer and the run's record.
  /// - Throws: `AutodiffError` from a failing teleport.
  public func run(
    _ initial: LearnedOptimizer, makeOptimizer: (Double) -> any Optimizer,
    progress: (() -> Void)? = nil
  ) throws -> (learned: LearnedOptimizer, run: MetaStudyRun) {
    var trainer = MetaTrainer(initial, settings: settings, makeOptimizer: makeOptimizer)
    var report = MetaTrainingReport()
    try trainer.train(on: trainingTasks, report: &report) { _ in progress?() }
    let learned = trainer.learned
    func paths(_ optimizer: LearnedOptimizer, steps: Int) throws -> [Trajectory] {
      _ = try optimizer.trajectory(on: testTasks[0], stepCount: min(steps, 5))  // warm-up
      return try testTasks.map { try optimizer.trajectory(on: $0, stepCount: steps) }
    }
    let run = MetaStudyRun(
      windowLosses: report.windowLosses, divergedWindows: report.divergedWindowCount,
      innerSteps: report.innerStepCount, trainingSeconds: report.seconds,
      trained: try paths(learned, steps: stepCount),
      untrained: try paths(initial, steps: ablationStepCount),
      teleportOff: initial.kind.teleports
        ? try paths(learned.withoutTeleport, steps: ablationStepCount) : [])
    return (learned, run)
  }
}
