// Running learned optimizers and gradient descent on held-out tasks. Introduced in chapter 06.

import Support
import Linear
import Autodiff

/// The path of one optimizer on one task: loss, dℒ/dt and wall time per step.
public struct Trajectory: Codable, Sendable {
  /// ℒ(W_t) for t = 0 … stepCount.
  public var losses: [Double] = []
  /// dℒ/dt = ‖∇ℒ(W_t)‖², the rate of decrease under gradient flow, same indices.
  public var gradientNormsSquared: [Double] = []
  /// Seconds since the start when W_t was reached (0 for t = 0).
  public var seconds: [Double] = []
  /// The step size used to leave W_t (the learned η_t of LSTM(lr, tele); the
  /// fixed η of gradient descent; empty for learned updates).
  public var stepSizes: [Double] = []

  /// The loss after the last step.
  public var finalLoss: Double { losses.last ?? .nan }

  /// ℒ(W_t), or NaN when the run stopped (its loss turned non-finite) before step t.
  public func loss(atStep t: Int) -> Double { t < losses.count ? losses[t] : .nan }
}

/// Runs plain gradient descent W ← W − η∇ℒ on a task.
///
/// - Parameters:
///   - task: the task; it starts from the task's weights.
///   - learningRate: η (the paper's baseline: 3e-4).
///   - stepCount: steps to take.
/// - Returns: the trajectory (stepCount + 1 points).
public func gradientDescentTrajectory(
  on task: some RegressionProblem, learningRate: Double,
  stepCount: Int
) -> Trajectory {
  var trajectory = Trajectory()
  var weights = task.weights
  let clock = Stopwatch()
  for t in 0...stepCount {
    let (loss, gradients) = regressionLossAndGradient(weights: weights, task: task)
    trajectory.losses.append(loss)
    trajectory.gradientNormsSquared.append(gradients.reduce(0) { $0 + $1.squaredNorm() })
    trajectory.seconds.append(t == 0 ? 0 : clock.elapsedSeconds)
    if t == stepCount { break }
    trajectory.stepSizes.append(learningRate)
    for i in weights.indices { weights[i] = weights[i] - learningRate * gradients[i] }
  }
  return trajectory
}

extension LearnedOptimizer {
  /// Runs the learned optimizer on a task, with its parameters as constants (no graph).
  ///
  /// The recorded dℒ/dt is the true ‖∇ℒ(W_t)‖² for every kind (the paper's code
  /// records ‖W‖² for learned updates, `paper.md` §6 item 21).
  ///
  /// - Parameters:
  ///   - task: the task; it starts from the task's weights.
  ///   - stepCount: inner steps to take.
  /// - Returns: the trajectory (stepCount + 1 points).
  /// - Throws: `AutodiffError` from a failing teleport.
  public func trajectory(on task: some RegressionProblem, stepCount: Int) throws -> Trajectory {
    let constants = parameters.map { Variable(constant: $0) }
    let x = Variable(constant: task.input)
    var trajectory = Trajectory()
    var weights = task.weights
    var state = initialState()
    let clock = Stopwatch()
    for t in 0...stepCount {
      let (loss, gradients) = regressionLossAndGradient(weights: weights, task: task)
      trajectory.losses.append(loss)
      trajectory.gradientNormsSquared.append(gradients.reduce(0) { $0 + $1.squaredNorm() })
      trajectory.seconds.append(t == 0 ? 0 : clock.elapsedSeconds)
      if t == stepCount || !loss.isFinite { break }
      if kind == .learningRateAndTeleport {
        trajectory.stepSizes.append(state.stepSize.scalarValue)
      }
      let moved = try step(
        weights: weights.map { Variable(constant: $0) }, gradients: gradients,
        input: x, state: state, parameters: constants)
      weights = moved.weights.map(\.value)
      state = moved.state
    }
    return trajectory
  }
}
