// Action (A): GL_k on a linear layer pair, (U, V) ↦ (U g⁻¹, g V). Introduced in chapter 01.

import Linear
import Autodiff

/// The linear action (U, V) ↦ (U g⁻¹, g V) of `paper.md` §1.3 (A).
///
/// Exact for every input when nothing nonlinear sits between V and U, because
/// U g⁻¹ g V = U V. On a LeakyReLU network it is *not* a symmetry (σ does not
/// commute with g); we keep it to show exactly that in chapter 01.
public struct LinearAction: LayerPairAction {
  /// Whether the layer pair is linear (no activation between V and U).
  public let pairIsLinear: Bool

  /// The linear action; `pairIsLinear` says whether the network it acts on has
  /// no activation between the pair (only then is the action exact).
  public init(pairIsLinear: Bool = true) { self.pairIsLinear = pairIsLinear }

  public var name: String { "(A) linear" }
  public var inverseRule: InverseRule { .exact }

  public func transform(
    u: Variable, v: Variable, input x: Variable, g: Variable,
    gInverse: Variable, negativeSlope: Double
  ) throws
    -> (u: Variable, v: Variable)
  {
    (matmul(u, gInverse), matmul(g, v))  // [n_out, k], [k, n_in]
  }

  public func exactness(inputSize: Int, hiddenSize: Int, batchSize: Int) -> Exactness {
    pairIsLinear
      ? Exactness(isExact: true, condition: "U g⁻¹ g V = U V for every input")
      : Exactness(isExact: false, condition: "σ(gVX) ≠ gσ(VX): not a symmetry of a LeakyReLU layer")
  }
}

/// Positive rescaling of hidden units, (U, V) ↦ (U D⁻¹, D V) with D diagonal and positive.
///
/// Exact for ReLU and LeakyReLU networks on every input, because both are
/// positively homogeneous: σ(d·z) = d·σ(z) for d > 0. Its Lie algebra is the
/// diagonal matrices, and D = exp(diag T) stays positive.
public struct RescalingAction: LayerPairAction {
  public init() {}

  public var name: String { "rescaling" }
  public var inverseRule: InverseRule { .exact }

  /// The linear action's transform; only the group (diagonal, positive) differs.
  public func transform(
    u: Variable, v: Variable, input x: Variable, g: Variable,
    gInverse: Variable, negativeSlope: Double
  ) throws
    -> (u: Variable, v: Variable)
  {
    try LinearAction().transform(
      u: u, v: v, input: x, g: g, gInverse: gInverse,
      negativeSlope: negativeSlope)
  }

  public func projectGenerator(_ t: Matrix) -> Matrix {
    Matrix(rows: t.rows, columns: t.columns) { i, j in i == j ? t[i, j] : 0 }
  }

  public func exactness(inputSize: Int, hiddenSize: Int, batchSize: Int) -> Exactness {
    Exactness(isExact: true, condition: "σ(dz) = dσ(z) for d > 0, every input")
  }
}
