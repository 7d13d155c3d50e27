// Full-batch gradient descent (or any optimizer) with teleports before chosen steps. Introduced in chapter 02.

import Support
import Autodiff
import Nets
import Optimizers

/// The record of a full-batch run, one entry per step.
public struct FullBatchHistory: Codable, Sendable {
  /// ℒ before each step, then the final loss (stepCount + 1 entries).
  public var losses: [Double] = []
  /// ‖∇ℒ‖² = −dℒ/dt before each step, then at the end.
  public var gradientNormsSquared: [Double] = []
  /// Cumulative wall-clock seconds at each entry of `losses`, teleports included.
  public var wallSeconds: [Double] = []
  /// Every teleport.
  public var teleports: [TeleportRecord] = []
}

/// Minimises the loss on one fixed batch (the predecessor's regression and the
/// meta-learning tasks), teleporting before the given steps.
///
/// - Parameters:
///   - model: the initial network.
///   - batch: the whole data set, used at every step (and as the teleport batch).
///   - stepCount: optimizer steps.
///   - optimizer: GD is `SGD` on a full batch; AdaGrad and others work too.
///   - teleportBefore: 0-based steps before which to teleport.
///   - teleporter: required when `teleportBefore` is not empty; a symmetry or a level-set teleporter.
///   - statePolicy: what the optimizer's state does at a teleport.
/// - Returns: the trained network and its history.
/// - Throws: `TrainingDivergedError` on NaN; teleport errors.
public func trainFullBatch(
  _ model: MLP, on batch: Batch, stepCount: Int, optimizer: any Optimizer,
  teleportBefore: Set<Int> = [], teleporter: (any WeightTeleporter)? = nil,
  statePolicy: StatePolicy = .keep
) throws -> (model: MLP, history: FullBatchHistory) {
  require(
    teleportBefore.isEmpty || teleporter != nil,
    "trainFullBatch: teleports are scheduled but no teleporter was given")
  require(
    statePolicy != .transport || teleporter?.providesGroupElements != false,
    "trainFullBatch: the \(teleporter?.name ?? "") teleporter moves without a group, so the optimizer's "
      + "state cannot be transported; choose the reset or keep policy")
  var net = model
  var optimizer = optimizer
  var history = FullBatchHistory()
  let clock = Stopwatch()
  var (loss, gradients) = net.lossAndGradient(on: batch)
  for step in 0...stepCount {
    if step < stepCount, teleportBefore.contains(step), let teleporter {
      let outcome = try teleporter.teleport(net.weights, on: batch)
      net.weights = outcome.weights
      if !outcome.rolledBack {
        optimizer.teleported(statePolicy, elements: outcome.elements, after: net.weights)
      }
      history.teleports.append(
        TeleportRecord(
          step: step, epoch: 0, objectiveBefore: outcome.objective.before,
          objectiveAfter: outcome.objective.after, lossBefore: outcome.batchLoss.before,
          lossAfter: outcome.batchLoss.after, seconds: outcome.cost.seconds,
          rolledBack: outcome.rolledBack))
      (loss, gradients) = net.lossAndGradient(on: batch)
    }
    guard loss.isFinite else {
      throw TrainingDivergedError(epoch: 0, step: step, learningRate: optimizer.learningRate)
    }
    history.losses.append(loss)
    history.gradientNormsSquared.append(gradients.reduce(0) { $0 + $1.squaredNorm() })
    history.wallSeconds.append(clock.elapsedSeconds)
    if step == stepCount { break }
    optimizer.step(&net.weights, gradients: gradients)
    (loss, gradients) = net.lossAndGradient(on: batch)
  }
  return (net, history)
}
