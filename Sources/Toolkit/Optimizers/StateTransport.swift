// How optimizer state maps when the weights teleport, w ↦ g·w. Introduced in chapter 05.

import Support
import Linear
import Autodiff

/// The maps that carry gradient-like and squared-gradient-like optimizer state
/// through a teleport.
///
/// The linear action moves weight i (0-based, L weights) as Wᵢ′ = Aᵢ Wᵢ Bᵢ with
/// Aᵢ = gᵢ (the element of hidden layer i, identity for the last layer) and
/// Bᵢ = gᵢ₋₁⁻¹ (identity for the first layer). Because ℒ(g·w) = ℒ(w), the chain
/// rule gives the gradient at the moved point,
///
///     ∇ℒ(g·w)ᵢ = Pᵢ Gᵢ Qᵢ   with Pᵢ = Aᵢ⁻ᵀ, Qᵢ = Bᵢ⁻ᵀ,
///
/// so a gradient of V maps as g⁻ᵀG and a gradient of U as G gᵀ. Momentum
/// buffers and Adam's first moment are linear combinations of past gradients
/// and map the same way (`gradient(_:layer:)`), exactly.
///
/// Second-moment state (AdaGrad's sum, RMSProp's and Adam's averages) holds
/// only the *diagonal* of the gradients' second-moment tensor, E[Gₖₗ²]. The
/// diagonal of the transported tensor needs the off-diagonal terms too:
/// E[(PGQ)ᵢⱼ²] = Σ Pᵢₖ Pᵢₖ′ Qₗⱼ Qₗ′ⱼ E[Gₖₗ Gₖ′ₗ′]. Keeping the optimizer's own
/// assumption that entries are uncorrelated gives
///
///     v′ = (P ⊙ P) v (Q ⊙ Q)                       (`squares(_:layer:)`)
///
/// which is non-negative, linear in v (so sums and averages map alike), and
/// exact whenever P and Q have one non-zero per row (permutations and positive
/// rescalings, both exact symmetries of a LeakyReLU network); for a general g
/// it is an approximation. For the data-dependent actions (B) and (C) the
/// linear rule itself is an approximation, even to first order in T: their U′
/// is not U g⁻¹ because σ does not commute with g. For (C) it is exact when g
/// permutes and positively rescales hidden units and σ(VX) has full row rank.
public struct StateTransport: Sendable {
  /// Pᵢ = Aᵢ⁻ᵀ for each weight matrix (nil means identity).
  public let left: [Matrix?]
  /// Qᵢ = Bᵢ⁻ᵀ for each weight matrix (nil means identity).
  public let right: [Matrix?]

  /// The transport for a network of `weights.count` layers moved by `elements`.
  ///
  /// - Parameters:
  ///   - elements: g_m with its inverse for each hidden layer m (L − 1 of them).
  ///   - weights: the weights (only their count and shapes are used, to check).
  public init(elements: [GroupElement], weights: [Matrix]) {
    require(
      elements.count == weights.count - 1,
      "StateTransport: \(elements.count) group elements for \(weights.count - 1) hidden layers")
    for (m, e) in elements.enumerated() {
      require(
        e.matrix.rows == weights[m].rows,
        "StateTransport: g_\(m) is \(e.matrix.shapeText), hidden layer \(m) has width \(weights[m].rows)"
      )
    }
    // A⁻ᵀ with A = g_i: (g_i⁻¹)ᵀ.  B⁻ᵀ with B = g_{i−1}⁻¹: g_{i−1}ᵀ.
    left = weights.indices.map { i in i < elements.count ? elements[i].inverse.transposed : nil }
    right = weights.indices.map { i in i > 0 ? elements[i - 1].matrix.transposed : nil }
  }

  /// A gradient-like matrix of layer i at the moved weights: Pᵢ G Qᵢ (exact).
  ///
  /// - Parameters:
  ///   - g: a gradient, momentum buffer or first moment of weight i.
  ///   - i: the weight's index, 0-based.
  /// - Returns: the matrix that plays its role at g·w.
  public func gradient(_ g: Matrix, layer i: Int) -> Matrix {
    sandwich(g, left[i], right[i])
  }

  /// A squared-gradient-like matrix of layer i: (Pᵢ ⊙ Pᵢ) v (Qᵢ ⊙ Qᵢ).
  ///
  /// - Parameters:
  ///   - v: a sum or running average of G ⊙ G for weight i.
  ///   - i: the weight's index, 0-based.
  /// - Returns: its diagonal transport (exact for monomial g, see the type's note).
  public func squares(_ v: Matrix, layer i: Int) -> Matrix {
    sandwich(v, left[i].map { $0 .* $0 }, right[i].map { $0 .* $0 })
  }

  private func sandwich(_ x: Matrix, _ p: Matrix?, _ q: Matrix?) -> Matrix {
    var y = x
    if let p { y = matmul(p, y) }  // [rows, rows] · [rows, columns]
    if let q { y = matmul(y, q) }  // [rows, columns] · [columns, columns]
    return y
  }
}
