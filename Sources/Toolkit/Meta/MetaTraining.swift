// Meta-training by truncated back-propagation through time. Introduced in chapter 06.

import Foundation
import Support
import Linear
import Autodiff
import Nets
import Optimizers

/// The regression loss ½‖Y − W_L σ(⋯σ(W₁X))‖² of a task, on variables.
///
/// - Parameters:
///   - weights: W₁ … W_L.
///   - task: the task (X and Y are used as constants).
/// - Returns: a 1×1 variable.
public func regressionLoss(weights: [Variable], task: some RegressionProblem) -> Variable {
  halfSquaredError(
    prediction: MLP.forward(Variable(constant: task.input), weights: weights),
    target: Variable(constant: task.target))
}

/// The loss of a task and its gradient with respect to each weight matrix, at plain matrices.
///
/// - Parameters:
///   - weights: W₁ … W_L.
///   - task: the task.
/// - Returns: ℒ and ∂ℒ/∂Wᵢ.
public func regressionLossAndGradient(weights: [Matrix], task: some RegressionProblem)
  -> (loss: Double, gradients: [Matrix])
{
  let (loss, gradients) = valueWithGradient(at: weights) { regressionLoss(weights: $0, task: task) }
  return (loss, gradients)
}

/// How long and how fast a learned optimizer is meta-trained (`paper.md` §4.4).
public struct MetaTrainingSettings: Sendable {
  /// Inner steps on each training task (paper: 300 for LSTM(lr, tele), 100 otherwise).
  public var stepsPerTask: Int
  /// Inner steps per truncated-BPTT window (paper: 10).
  public var unrollLength: Int = 10
  /// Adam's learning rate for the teleport LSTMs (paper: 1e-4).
  public var teleportLearningRate: Double = 1e-4
  /// Adam's learning rate for the update LSTM (paper: 1e-3).
  public var updateLearningRate: Double = 1e-3

  /// Settings with the paper's unroll and learning rates.
  ///
  /// - Parameter stepsPerTask: inner steps on each training task.
  public init(stepsPerTask: Int) { self.stepsPerTask = stepsPerTask }
}

/// What one meta-training run did.
public struct MetaTrainingReport: Sendable {
  /// Mean inner loss of each window, in training order.
  public var windowLosses: [Double] = []
  /// Inner steps taken (each one forward through the LSTMs and the network).
  public var innerStepCount = 0
  /// Windows whose loss or meta-gradient was not finite: no update was made and
  /// the rest of that task was skipped.
  public var divergedWindowCount = 0
  /// Wall-clock seconds spent.
  public var seconds = 0.0

  /// An empty report, before training.
  public init() {}

  /// Inner steps per second, forward and backward together.
  public var innerStepsPerSecond: Double { seconds > 0 ? Double(innerStepCount) / seconds : 0 }
}

/// Meta-trains a learned optimizer: unroll `unrollLength` inner steps, take the
/// sum of the inner losses as the meta-loss, back-propagate through the
/// unrolled steps (updates, learned step sizes and teleports; not through the
/// gradients the LSTMs read), take one optimizer step on the meta-parameters,
/// then cut the graph (weights and LSTM states continue, detached).
///
/// The window's meta-loss is Σⱼ ℒ(W_{s+j}) for j = 1 … unrollLength: the
/// losses the window's steps reach. (The loss at the window's start is a
/// constant of the window and would add nothing to the meta-gradient.)
public struct MetaTrainer {
  /// The learned optimizer being trained.
  public var learned: LearnedOptimizer
  /// Settings.
  public let settings: MetaTrainingSettings
  /// The optimizer of the teleport LSTMs' parameters.
  public var teleportOptimizer: any Optimizer
  /// The optimizer of the update LSTM's parameters.
  public var updateOptimizer: any Optimizer

  /// A trainer; `makeOptimizer(η)` creates the meta-optimizer of each parameter
  /// group (the paper: Adam) with that group's learning rate.
  ///
  /// - Parameters:
  ///   - learned: the learned optimizer to train.
  ///   - settings: schedule and learning rates.
  ///   - makeOptimizer: builds an optimizer with the given learning rate.
  public init(
    _ learned: LearnedOptimizer, settings: MetaTrainingSettings,
    makeOptimizer: (Double) -> any Optimizer
  ) {
    require(
      settings.unrollLength > 0 && settings.stepsPerTask > 0,
      "MetaTrainer: unroll length and steps per task must be positive")
    self.learned = learned
    self.settings = settings
    teleportOptimizer = makeOptimizer(settings.teleportLearningRate)
    updateOptimizer = makeOptimizer(settings.updateLearningRate)
  }

  /// Meta-trains on each task in turn, `stepsPerTask` inner steps each.
  ///
  /// - Parameters:
  ///   - tasks: the training tasks.
  ///   - report: accumulates losses, step counts and time.
  ///   - progress: called after each task with the number done.
  /// - Throws: `AutodiffError` from a failing teleport.
  public mutating func train(
    on tasks: [some RegressionProblem], report: inout MetaTrainingReport,
    progress: ((Int) -> Void)? = nil
  ) throws {
    let clock = Stopwatch()
    for (n, task) in tasks.enumerated() {
      try train(on: task, report: &report)
      progress?(n + 1)
    }
    report.seconds += clock.elapsedSeconds
  }

  /// Meta-trains on one task.
  mutating func train(on task: some RegressionProblem, report: inout MetaTrainingReport) throws {
    var weights = task.weights
    var state = learned.initialState()
    var done = 0
    while done < settings.stepsPerTask {
      let length = min(settings.unrollLength, settings.stepsPerTask - done)
      let leaves = learned.parameters.map { Variable($0) }
      let (metaLoss, w, next) = try Self.unroll(
        learned, on: task, from: weights, state: state,
        length: length, parameters: leaves)
      state = next
      report.innerStepCount += length
      done += length
      let metaGradients = gradients(of: metaLoss, withRespectTo: leaves).map(\.value)
      guard metaLoss.scalarValue.isFinite,
        metaGradients.allSatisfy({ $0.scalars.allSatisfy(\.isFinite) }),
        w.allSatisfy({ $0.value.scalars.allSatisfy(\.isFinite) })
      else {
        report.divergedWindowCount += 1
        return
      }
      report.windowLosses.append(metaLoss.scalarValue / Double(length))
      applyMetaGradients(metaGradients)
      weights = w.map(\.value)
      state = state.detached
    }
  }

  /// The meta-loss of one window: `length` inner steps from `weights`, summing
  /// the losses they reach; differentiable with respect to `parameters`.
  ///
  /// - Returns: the meta-loss (1×1), the weights and the state at the window's end.
  static func unroll(
    _ learned: LearnedOptimizer, on task: some RegressionProblem, from weights: [Matrix],
    state: LearnedOptimizerState, length: Int, parameters: [Variable]
  ) throws
    -> (metaLoss: Variable, weights: [Variable], state: LearnedOptimizerState)
  {
    let x = Variable(constant: task.input)
    var w = weights.map { Variable(constant: $0) }
    var state = state
    var losses: [Variable] = []
    for _ in 0..<length {
      // The LSTMs read the gradient as data: computed on fresh leaves, no graph kept.
      let gradients = regressionLossAndGradient(weights: w.map(\.value), task: task).gradients
      (w, state) = try learned.step(
        weights: w, gradients: gradients, input: x, state: state,
        parameters: parameters)
      losses.append(regressionLoss(weights: w, task: task))
    }
    return (losses.dropFirst().reduce(losses[0], +), w, state)
  }

  /// One step of each group's optimizer on its share of the meta-gradient.
  mutating func applyMetaGradients(_ metaGradients: [Matrix]) {
    var parameters = learned.parameters
    let isUpdate = learned.isUpdateParameter
    for (group, wanted) in [(0, false), (1, true)] {
      let indices = parameters.indices.filter { isUpdate[$0] == wanted }
      if indices.isEmpty { continue }
      var chosen = indices.map { parameters[$0] }
      let grads = indices.map { metaGradients[$0] }
      if group == 0 {
        teleportOptimizer.step(&chosen, gradients: grads)
      } else {
        updateOptimizer.step(&chosen, gradients: grads)
      }
      for (k, i) in indices.enumerated() { parameters[i] = chosen[k] }
    }
    learned.parameters = parameters
  }
}
