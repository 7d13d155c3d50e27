// The protocol every optimizer conforms to, and what happens to its state at a teleport. Introduced in chapter 05.

import Support
import Linear
import Autodiff

/// What an optimizer does with its state when the weights teleport (`design.md` D6).
public enum StatePolicy: String, Sendable, CaseIterable {
  /// Start afresh, as the paper does (it re-creates the optimizer after each teleport).
  case reset
  /// Keep the state as it is, although it was accumulated at other weights.
  case keep
  /// Map the state through the group action the way gradients transform under it
  /// (`StateTransport`).
  case transport
}

/// A first-order optimizer over a list of weight matrices.
///
/// Implementations keep whatever state they need (momentum buffers, squared-gradient
/// accumulators, Adam's moments), one entry per weight matrix, created lazily on the
/// first step so that the same value can be used for networks of any shape. Their
/// constants default to PyTorch's (`torch.optim`, 2.x), so that a run here and a run
/// of the paper's code take the same steps.
public protocol Optimizer: Sendable {
  /// A short name for transcripts, "Adam".
  var name: String { get }
  /// η.
  var learningRate: Double { get set }

  /// One update: weights ← weights − (the optimizer's step for these gradients).
  ///
  /// - Parameters:
  ///   - weights: W₁ … W_L, updated in place.
  ///   - gradients: ∂ℒ/∂Wᵢ, same shapes.
  mutating func step(_ weights: inout [Matrix], gradients: [Matrix])

  /// Forgets all state, as a newly created optimizer.
  mutating func reset()

  /// Maps the state through a teleport w ↦ g·w.
  ///
  /// - Parameters:
  ///   - elements: the group element g_m of each hidden layer, with its inverse.
  ///   - after: the weights after it (the maps of `StateTransport` are built on them).
  mutating func transport(through elements: [GroupElement], after: [Matrix])
}

extension Optimizer {
  /// Applies a state policy after a teleport.
  ///
  /// - Parameters:
  ///   - policy: reset, keep or transport.
  ///   - elements: the composed group element of each hidden layer (`TeleportOutcome.elements`).
  ///   - after: the weights after the teleport.
  public mutating func teleported(_ policy: StatePolicy, elements: [GroupElement], after: [Matrix])
  {
    switch policy {
    case .reset: reset()
    case .keep: break
    case .transport: transport(through: elements, after: after)
    }
  }
}

/// Checks that `others` (the gradients, or an optimizer's state, which the in-place update loops
/// index together with the weights) match the weights one to one, with a message that says which
/// does not.
func requireMatchingShapes(
  _ weights: [Matrix], _ others: [Matrix], _ name: String, what: String = "gradient"
) {
  require(
    weights.count == others.count,
    "\(name): \(others.count) \(what)s for \(weights.count) weight matrices")
  for (i, (w, g)) in zip(weights, others).enumerated() {
    require(
      w.rows == g.rows && w.columns == g.columns,
      "\(name): \(what) \(i) is \(g.shapeText) but weight \(i) is \(w.shapeText)")
  }
}
