// Measuring how far a group action is from a symmetry. Introduced in chapter 01.

import Linear
import Nets

/// How much a group action changed the loss, on the batch it was built on and on held-out data.
public struct InvarianceReport: Sendable {
  /// The action's name.
  public let action: String
  /// ℒ(w) and ℒ(g·w) on the teleport batch.
  public let batchLoss: (before: Double, after: Double)
  /// ℒ(w) and ℒ(g·w) on held-out data (nil when none was given).
  public let heldOutLoss: (before: Double, after: Double)?
  /// Whether the action is exact on each layer pair for this batch.
  public let exactness: [Exactness]

  /// |ℒ(g·w) − ℒ(w)| / |ℒ(w)| on the teleport batch.
  public var relativeBatchChange: Double {
    abs(batchLoss.after - batchLoss.before) / max(abs(batchLoss.before), .leastNormalMagnitude)
  }

  /// |ℒ(g·w) − ℒ(w)| / |ℒ(w)| on held-out data.
  public var relativeHeldOutChange: Double? {
    heldOutLoss.map { abs($0.after - $0.before) / max(abs($0.before), .leastNormalMagnitude) }
  }

  /// True when every layer pair's exactness condition holds.
  public var isExact: Bool { exactness.allSatisfy(\.isExact) }
}

extension NetworkSymmetry {
  /// Applies `elements` and reports the loss change on `batch` and on `heldOut`.
  ///
  /// - Parameters:
  ///   - elements: one group element per hidden layer.
  ///   - weights: W₁ … W_L.
  ///   - batch: the batch the action is built on (the teleport batch).
  ///   - heldOut: other data, on which a data-dependent action need not be invariant.
  /// - Returns: the moved weights and the report.
  public func measureInvariance(
    of elements: [GroupElement], weights: [Matrix], batch: Batch,
    heldOut: Batch? = nil
  ) throws -> (weights: [Matrix], report: InvarianceReport) {
    let before = MLP(weights: weights, negativeSlope: negativeSlope)
    let moved = try apply(elements, to: weights, input: batch.input)
    let after = MLP(weights: moved, negativeSlope: negativeSlope)
    let report = InvarianceReport(
      action: action.name,
      batchLoss: (before.loss(on: batch), after.loss(on: batch)),
      heldOutLoss: heldOut.map { (before.loss(on: $0), after.loss(on: $0)) },
      exactness: exactness(weights: weights, batchSize: batch.size))
    return (moved, report)
  }
}
