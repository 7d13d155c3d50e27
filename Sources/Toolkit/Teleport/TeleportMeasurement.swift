// What one teleport gains and costs, measured the same way for every teleporter. Introduced in chapter 07.

import Linear
import Nets

/// One teleport's gain, cost and side effects.
public struct TeleportMeasurement: Sendable {
  /// The teleporter's name.
  public let teleporter: String
  /// ‖∇ℒ‖² on the teleport batch before and after.
  public let gradientNormSquared: (before: Double, after: Double)
  /// The teleport-batch loss before and after.
  public let batchLoss: (before: Double, after: Double)
  /// The held-out loss before and after.
  public let heldOutLoss: (before: Double, after: Double)
  /// ‖w′ − w‖ / ‖w‖ over all weights.
  public let relativeDistance: Double
  /// Gradient evaluations, HVPs and seconds.
  public let cost: TeleportCost
  /// True when the teleport was rolled back.
  public let rolledBack: Bool

  /// ‖∇ℒ‖² after over before.
  public var gain: Double { gradientNormSquared.after / gradientNormSquared.before }
}

/// Teleports `weights` once and measures what it gained and cost.
///
/// ‖∇ℒ‖² is measured here, on the batch, for every teleporter alike (a symmetry
/// teleporter's own `objective` may be another function or convention).
///
/// - Parameters:
///   - teleporter: either kind.
///   - weights: W₁ … W_L.
///   - batch: the teleport batch.
///   - heldOut: data the teleport never sees.
///   - negativeSlope: the network's LeakyReLU slope.
/// - Returns: the measurement.
/// - Throws: what the teleporter throws.
public func measureTeleport(
  _ teleporter: any WeightTeleporter, weights: [Matrix], on batch: Batch,
  heldOut: Batch, negativeSlope: Double = defaultNegativeSlope
) throws
  -> TeleportMeasurement
{
  let outcome = try teleporter.teleport(weights, on: batch)
  let before = MLP(weights: weights, negativeSlope: negativeSlope)
  let after = MLP(weights: outcome.weights, negativeSlope: negativeSlope)
  let (lossBefore, gradientBefore) = before.lossAndGradient(on: batch)
  let (lossAfter, gradientAfter) = after.lossAndGradient(on: batch)
  let moved = zip(outcome.weights, weights).map { $0 - $1 }
  return TeleportMeasurement(
    teleporter: teleporter.name,
    gradientNormSquared: (blockSquaredNorm(gradientBefore), blockSquaredNorm(gradientAfter)),
    batchLoss: (lossBefore, lossAfter),
    heldOutLoss: (before.loss(on: heldOut), after.loss(on: heldOut)),
    relativeDistance: (blockSquaredNorm(moved) / blockSquaredNorm(weights)).squareRoot(),
    cost: outcome.cost, rolledBack: outcome.rolledBack)
}
