// What every teleporter offers a training loop: weights in, weights out, with the cost. Introduced in chapter 07.

import Linear
import Nets

/// A way to move the weights to a point of (about) the same loss where the gradient is larger.
///
/// Two families conform: `Teleporter` moves along the orbit of a symmetry
/// group (chapters 1–6), and `LevelSetTeleporter` moves anywhere on the level
/// set {w : ℒ(w) = ℒ(w₀)} (or the sub-level set), with no group at all
/// (chapter 7). Training loops (`train`, `trainFullBatch`) take either, and
/// count what each teleport cost in the same `TeleportCost`.
public protocol WeightTeleporter: Sendable {
  /// A short name for transcripts ("symmetry", "level set").
  var name: String { get }
  /// True when `TeleportOutcome.elements` holds the group elements that moved
  /// the weights, so that an optimizer's state can be transported through them
  /// (`StatePolicy.transport`); false for teleporters without a group.
  var providesGroupElements: Bool { get }

  /// One teleport of `weights` on a batch.
  ///
  /// - Parameters:
  ///   - weights: W₁ … W_L before the teleport.
  ///   - batch: the teleport batch; the loss and its gradient are measured on it.
  /// - Returns: the moved weights, ‖∇ℒ‖² (or the objective) and the batch loss
  ///   before and after, the steps taken and the cost.
  func teleport(_ weights: [Matrix], on batch: Batch) throws -> TeleportOutcome
}

extension Teleporter: WeightTeleporter {
  public var name: String { "symmetry" }
  public var providesGroupElements: Bool { true }
}
