// Actions (B) and (B′): the paper's data-dependent action on a LeakyReLU layer pair. Introduced in chapter 01.

import Linear
import Autodiff
import Nets

/// The paper's nonlinear action (U, V) ↦ (U g⁻¹, σ⁻¹(g σ(VX)) X⁺), `paper.md` §1.3 (B).
///
/// After the action σ(V′X) = σ(σ⁻¹(gσ(VX)) X⁺X), which is gσ(VX) when
/// X⁺X = I, that is when X (n_in × batch) has full column rank: the batch must
/// be no larger than the pair's input width. Then U′σ(V′X) = Uσ(VX) and the
/// loss on *this batch* is unchanged; on any other batch it changes, because
/// V′ was built from X. The symmetry is data-dependent.
///
/// With `inverse: .firstOrder` this is (B′): U′ = U(I − T) stands in for
/// U(I + T)⁻¹, exact only to first order in T even when X⁺X = I (the
/// predecessor's code and the paper's meta-learning code use it).
///
/// [Zhao et al. 2022, Eq. 8]: https://arxiv.org/abs/2205.10637
public struct LeakyReLUAction: LayerPairAction {
  public let inverseRule: InverseRule

  /// (B) with `.exact`, (B′) with `.firstOrder`.
  public init(inverse: InverseRule = .exact) { self.inverseRule = inverse }

  public var name: String { inverseRule == .exact ? "(B) σ⁻¹(gσ(VX))X⁺" : "(B′) first-order" }

  public func transform(
    u: Variable, v: Variable, input x: Variable, g: Variable,
    gInverse: Variable, negativeSlope: Double
  ) throws
    -> (u: Variable, v: Variable)
  {
    let z = leakyReLU(matmul(v, x), negativeSlope: negativeSlope)  // [k, batch]
    let moved = inverseLeakyReLU(matmul(g, z), negativeSlope: negativeSlope)  // [k, batch]
    let xPlus = try x.pseudoInverse()  // [batch, n_in]
    return (matmul(u, gInverse), matmul(moved, xPlus))  // [n_out, k], [k, n_in]
  }

  public func exactness(inputSize: Int, hiddenSize: Int, batchSize: Int) -> Exactness {
    let fits = batchSize <= inputSize
    let rank =
      fits
      ? "batch \(batchSize) ≤ input width \(inputSize), so X⁺X = I"
      : "batch \(batchSize) > input width \(inputSize), so X⁺X ≠ I"
    if inverseRule == .firstOrder {
      return Exactness(isExact: false, condition: "first order in T; " + rank)
    }
    return Exactness(isExact: fits, condition: rank)
  }
}
