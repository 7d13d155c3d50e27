// What a teleport optimises over the orbit. Introduced in chapter 01.

import Linear
import Autodiff
import Nets

/// Whether a teleport moves uphill or downhill on its objective.
public enum TeleportDirection: String, Sendable {
  case increase
  case decrease

  /// +1 for ascent, −1 for descent.
  public var sign: Double { self == .increase ? 1 : -1 }
}

/// A function J of the weights that a teleport raises or lowers along the orbit.
///
/// J is evaluated at transformed weights g_T·w, which are variables that depend
/// on the Lie-algebra elements T; the teleporter differentiates J with respect
/// to T, so J must be written with differentiable operations.
public protocol TeleportObjective: Sendable {
  /// A short name for transcripts, "‖∇ℒ‖²".
  var name: String { get }
  /// Uphill or downhill.
  var direction: TeleportDirection { get }
  /// Gradient and Hessian-vector evaluations one evaluation of ∇_T J costs.
  var cost: (gradients: Int, hessianVectorProducts: Int) { get }

  /// J at the given weights on a batch.
  ///
  /// - Parameters:
  ///   - weights: W₁ … W_L as variables (depending on T).
  ///   - batch: the teleport batch.
  ///   - negativeSlope: the network's LeakyReLU slope.
  func value(weights: [Variable], batch: Batch, negativeSlope: Double) throws -> Variable

  /// The objective as the teleporter evaluates it at inner step `step` (0 for
  /// the starting weights and the first step, `stepCount` after the last):
  /// objectives that draw fresh random quantities at every step (the sharpness's
  /// directions) return a copy that draws that step's, so that J and ∇J within
  /// one step see the same ones, by either path. Deterministic objectives return
  /// themselves.
  func atStep(_ step: Int) -> any TeleportObjective
}

extension TeleportObjective {
  public func atStep(_ step: Int) -> any TeleportObjective { self }
}

/// J = ‖∇ℒ(w)‖² = Σ_m ‖∂ℒ/∂W_m‖²_F, the paper's teleport objective for speed
/// (it equals −dℒ/dt along gradient flow; the paper's code calls it `dL_dt`).
///
/// Its gradient with respect to T needs the gradient of a gradient: ∂ℒ/∂W is
/// computed with the graph kept, so that the backward pass of J runs through it.
///
/// Hazard: the transformed weights are not independent nodes. With action (B),
/// W′₂ is built from h₁ = σ(W′₁X), so a gradient "with respect to W′₁" taken
/// through the graph would add the path W′₁ → h₁ → W′₂ → ℒ, a total derivative
/// instead of the partial ∂ℒ/∂W₁ at w′. We take the partials with respect to
/// zero probes δᵢ added to each W′ᵢ just before the forward pass: ∂ℒ/∂δᵢ is
/// exactly ∂ℒ/∂Wᵢ at w′, and it still depends on T through w′.
public struct GradientNormObjective: TeleportObjective {
  public let direction: TeleportDirection

  /// Ascent (the paper) by default.
  public init(direction: TeleportDirection = .increase) { self.direction = direction }

  public var name: String { "‖∇ℒ‖²" }
  public var cost: (gradients: Int, hessianVectorProducts: Int) { (1, 1) }

  public func value(weights: [Variable], batch: Batch, negativeSlope: Double) throws -> Variable {
    let probes = weights.map { Variable(Matrix(rows: $0.rows, columns: $0.columns)) }  // δᵢ = 0
    let probed = zip(weights, probes).map { $0 + $1 }
    let loss = MLP.loss(weights: probed, on: batch, negativeSlope: negativeSlope)
    let g = gradients(of: loss, withRespectTo: probes, createGraph: true)
    return g.dropFirst().reduce(g[0].squaredNorm()) { $0 + $1.squaredNorm() }
  }
}
