// The layer-pair actions written on matrices, linearised at g = I for the fast teleport. Introduced in the appendix (A-toolkit).

import Support
import Linear
import Nets
import Symmetry

/// A group action on a layer pair, on plain matrices, with its derivative at
/// g = I written out by hand: the fast path's counterpart of a `LayerPairAction`.
///
/// For a pair (U, V) with input h (the previous layer's activations; the batch
/// X for the first pair), Z = Vh, A = σ(Z), s = σ′(Z), and g = I + T:
///
/// - (A) linear (and positive rescaling): V′ = gV, U′ = Ug⁻¹.
///   Pull-back at T = 0: T̄ = V̄′Vᵀ − UᵀŪ′, V̄ = V̄′.
/// - (C) projected: V′ = gV, U′ = U A σ(gZ)⁺. With B = σ(gZ) (= A at T = 0),
///   K = UᵀŪ′, the cotangent of B⁺ is C = AᵀK and that of A is KA⁺ᵀ; with
///   B̄ = (pseudo-inverse pull-back of C) and u = B̄ ⊙ s (dB = s ⊙ (TZ + dZ)):
///   T̄ = V̄′Vᵀ + uZᵀ, Z̄ = (KA⁺ᵀ) ⊙ s + u.
/// - (B), (B′) LeakyReLU: M = σ⁻¹(gA), V′ = Mh⁺, U′ = Ug⁻¹ (or U(I − T); both
///   have derivative −UT at T = 0). dM = (TA) ⊘ s + dZ, so with M̄ = V̄′h⁺ᵀ:
///   T̄ = (M̄ ⊘ s)Aᵀ − UᵀŪ′, Z̄ = M̄, and h⁺ passes Mᵀ V̄′ to its pull-back.
///
/// Then Z = Vh gives V̄ += Z̄hᵀ and h̄ += VᵀZ̄, which carries the derivative to
/// the previous pair (the `exact` convention's inputs depend on earlier T).
///
/// The first pair is written on Z₁ = W₁X instead of W₁ (`FastGradientNorm`):
/// V′ = gV is Z₁′ = gZ₁, so T̄ = Z̄₁′Z₁ᵀ; for (B), Z₁′ = V′X = M·X⁺X = MP with
/// P = X⁺X (b × b, the identity when X has full column rank), so M̄ = Z̄₁′P.
///
/// Pseudo-inverses of matrices that depend on T use the engine's full-rank
/// formulas (A⁺ = Aᵀ(AAᵀ)⁻¹ when A is wide, (AᵀA)⁻¹Aᵀ otherwise), so both
/// paths differentiate the same function; see `FullRankPseudoInverse`.
enum FastPairAction: Sendable {
  /// (A) and positive rescaling: (Ug⁻¹, gV).
  case linear
  /// (B) and (B′): (Ug⁻¹, σ⁻¹(gσ(Vh))h⁺).
  case leaky
  /// (C): (Uσ(Vh)σ(gVh)⁺, gV).
  case projected

  /// The fast counterpart of an action, or nil when there is none.
  init?(_ action: any LayerPairAction) {
    switch action {
    case is LinearAction, is RescalingAction: self = .linear
    case is LeakyReLUAction: self = .leaky
    case is ProjectedAction: self = .projected
    case let subgroup as OrthogonalSubgroupAction:
      guard let base = FastPairAction(subgroup.base) else { return nil }
      self = base
    default: return nil
    }
  }
}

/// A⁺ of a full-rank matrix by the engine's formulas, with what its pull-back needs.
///
/// Wide A (k × b, k < b): A⁺ = AᵀS, S = (AAᵀ)⁻¹. Differentiating,
/// dA⁺ = dAᵀS − AᵀS(dA Aᵀ + A dAᵀ)S, so for a cotangent C (b × k) of A⁺, with
/// N = SCᵀ and A⁺ᵀ = SA:
///
///     Ā = N − (NAᵀ + A⁺ᵀC)A⁺ᵀ.
///
/// Tall A (rows ≥ columns) is the transpose of the wide case: A⁺ = (Aᵀ⁺)ᵀ.
struct FullRankPseudoInverse {
  let a: Matrix
  /// A⁺.
  let value: Matrix
  /// S, the inverse of the Gram matrix.
  let gramInverse: Matrix

  init(_ a: Matrix) throws {
    self.a = a
    if a.rows >= a.columns {
      gramInverse = try inverse(matmul(a, a, transposeA: .transposed))  // [b, b]
      value = matmul(gramInverse, a, transposeB: .transposed)  // [b, k]
    } else {
      gramInverse = try inverse(matmul(a, a, transposeB: .transposed))  // [k, k]
      value = matmul(a, gramInverse, transposeA: .transposed)  // [b, k]
    }
  }

  /// Ā for the cotangent C of A⁺.
  func pullback(_ c: Matrix) -> Matrix {
    if a.rows >= a.columns {
      // A′ = Aᵀ is wide with the same S; A′⁺ = A⁺ᵀ, its transpose is A⁺; cotangent Cᵀ.
      let n = matmul(gramInverse, c)  // [b, k] = S (Cᵀ)ᵀ
      let inner = matmul(n, a) + matmul(value, c, transposeB: .transposed)  // [b, b]
      return (n - matmul(inner, value)).transposed  // [k, b]
    }
    let pt = value.transposed  // [k, b] = SA
    let n = matmul(gramInverse, c, transposeB: .transposed)  // [k, b]
    let inner = matmul(n, a, transposeB: .transposed) + matmul(pt, c)  // [k, k]
    return n - matmul(inner, pt)
  }
}

/// A⁺ of a constant matrix for the fast path: by the full-rank formula when its Gram
/// matrix is well conditioned (reciprocal condition number in the 1-norm ≥ 1e-6),
/// by the SVD (`pseudoInverse`, which also handles rank deficiency) otherwise.
///
/// For a k × b activation matrix the Gram matrix is k × k, so this costs a few small
/// products where the SVD costs far more; the two agree to the Gram matrix's
/// condition number times the rounding error, at most about 1e-10 relative here.
func fastPseudoInverse(_ a: Matrix) throws -> Matrix {
  guard let p = try? FullRankPseudoInverse(a) else { return try pseudoInverse(a) }
  let gram =
    a.rows >= a.columns
    ? matmul(a, a, transposeA: .transposed) : matmul(a, a, transposeB: .transposed)
  let reciprocalCondition = 1 / (gram.oneNorm() * p.gramInverse.oneNorm())
  guard reciprocalCondition >= 1e-6, p.value.isFinite else { return try pseudoInverse(a) }
  return p.value
}

/// One pair's forward values at g = I, kept for its pull-back.
struct FastPairRecord {
  let action: FastPairAction
  /// U before the pair's action (the original W_{m+2}).
  let u: Matrix
  /// V before the action (empty for the first pair, which works on Z₁).
  let v: Matrix
  /// The pair's input h (empty for the first pair).
  let input: Matrix
  /// Z = Vh, A = σ(Z), s = σ′(Z).
  let z: Matrix, a: Matrix, mask: Matrix
  /// (C): A⁺; (B), later pairs: h⁺.
  let pseudoInverse: FullRankPseudoInverse?
  /// (B): M = σ⁻¹(A).
  let moved: Matrix?
}

extension FastPairAction {
  /// The pair's transform at g = I: (V′, U′) on matrices, and the record for the pull-back.
  ///
  /// - Parameters:
  ///   - u: U.
  ///   - v: V, or nil for the first pair (Z₁-form).
  ///   - input: h (nil for the first pair).
  ///   - z: Z = Vh (given for the first pair).
  ///   - projector: P = X⁺X for (B) on the first pair.
  /// - Returns: V′ (for the first pair: Z₁′), U′, and the record.
  func atIdentity(
    u: Matrix, v: Matrix?, input: Matrix?, z: Matrix, projector: Matrix?,
    negativeSlope slope: Double
  ) throws -> (v: Matrix, u: Matrix, record: FastPairRecord) {
    let a = leakyReLU(z, negativeSlope: slope)
    let mask = leakyReLUDerivative(z, negativeSlope: slope)
    let empty = Matrix(rows: 0, columns: 0)
    func record(_ p: FullRankPseudoInverse?, _ m: Matrix?) -> FastPairRecord {
      FastPairRecord(
        action: self, u: u, v: v ?? empty, input: input ?? empty, z: z, a: a, mask: mask,
        pseudoInverse: p, moved: m)
    }
    switch self {
    case .linear:
      return (v ?? z, u, record(nil, nil))
    case .projected:
      let p = try FullRankPseudoInverse(a)
      let newU = matmul(matmul(u, a), p.value)  // [n_out, k] = U A A⁺
      return (v ?? z, newU, record(p, nil))
    case .leaky:
      let m = inverseLeakyReLU(a, negativeSlope: slope)  // [k, b], = Z to rounding
      guard let h = input else {
        let projected = projector.map { matmul(m, $0) } ?? m  // Z₁′ = M X⁺X
        return (projected, u, record(nil, m))
      }
      let p = try FullRankPseudoInverse(h)
      return (matmul(m, p.value), u, record(p, m))  // V′ = M h⁺
    }
  }

  /// The pull-back at T = 0 of one pair (see the type's documentation).
  ///
  /// - Parameters:
  ///   - record: the pair's values at g = I.
  ///   - vBar: V̄′ (for the first pair, Z̄₁′).
  ///   - uBar: Ū′.
  ///   - projector: P = X⁺X for (B) on the first pair.
  /// - Returns: T̄, and for later pairs V̄ and h̄ (the cotangents of the pair's inputs).
  func pullback(_ r: FastPairRecord, vBar: Matrix, uBar: Matrix, projector: Matrix?)
    -> (t: Matrix, v: Matrix?, input: Matrix?)
  {
    let firstPair = r.v.count == 0
    let k = matmul(r.u, uBar, transposeA: .transposed)  // [k, k] = UᵀŪ′
    var t: Matrix
    var zBar: Matrix
    var vBarOut = vBar
    var inputBar: Matrix?
    switch self {
    case .linear:
      t = matmul(vBar, firstPair ? r.z : r.v, transposeB: .transposed) - k
      zBar = Matrix(rows: r.z.rows, columns: r.z.columns)
    case .projected:
      let p = r.pseudoInverse!
      let aBar = matmul(k, p.value, transposeB: .transposed)  // [k, b] = K A⁺ᵀ
      let cotangent = matmul(r.a, k, transposeA: .transposed)  // [b, k] = AᵀK
      let u = p.pullback(cotangent) .* r.mask
      t =
        matmul(vBar, firstPair ? r.z : r.v, transposeB: .transposed)
        + matmul(u, r.z, transposeB: .transposed)
      zBar = aBar .* r.mask + u
    case .leaky:
      let m = r.moved!
      let mBar: Matrix
      if firstPair {
        mBar = projector.map { matmul(vBar, $0) } ?? vBar  // Z̄₁′P (P symmetric)
      } else {
        let p = r.pseudoInverse!
        mBar = matmul(vBar, p.value, transposeB: .transposed)  // [k, b] = V̄′h⁺ᵀ
        inputBar = p.pullback(matmul(m, vBar, transposeA: .transposed))  // cotangent Mᵀ V̄′ of h⁺
        vBarOut = Matrix(rows: vBar.rows, columns: vBar.columns)  // V′ = Mh⁺ reads V only through Z
      }
      t = matmul(mBar ./ r.mask, r.a, transposeB: .transposed) - k
      zBar = mBar
    }
    guard !firstPair else { return (t, nil, nil) }
    vBarOut += matmul(zBar, r.input, transposeB: .transposed)  // Z = Vh
    let hBar = matmul(r.v, zBar, transposeA: .transposed)
    return (t, vBarOut, inputBar.map { $0 + hBar } ?? hBar)
  }

  /// A finite element g applied to one pair on matrices, as `LayerPairAction.transform` does
  /// with constants (which takes pseudo-inverses by SVD; here `fastPseudoInverse`).
  ///
  /// - Returns: V′ (for the first pair Z₁′ together with W₁′) and U′.
  func apply(
    _ e: GroupElement, u: Matrix, v: Matrix, input: Matrix?, z: Matrix,
    inputPseudoInverse: Matrix?, projector: Matrix?, negativeSlope slope: Double
  ) throws
    -> (v: Matrix, z: Matrix, u: Matrix)
  {
    switch self {
    case .linear:
      return (matmul(e.matrix, v), matmul(e.matrix, z), matmul(u, e.inverse))
    case .projected:
      let before = leakyReLU(z, negativeSlope: slope)
      let gz = matmul(e.matrix, z)
      let after = leakyReLU(gz, negativeSlope: slope)
      return (matmul(e.matrix, v), gz, matmul(matmul(u, before), try fastPseudoInverse(after)))
    case .leaky:
      let m = inverseLeakyReLU(
        matmul(e.matrix, leakyReLU(z, negativeSlope: slope)), negativeSlope: slope)
      let hPlus = try inputPseudoInverse ?? fastPseudoInverse(input!)  // [b, n_in]
      let newV = matmul(m, hPlus)
      let newZ = projector.map { matmul(m, $0) } ?? matmul(newV, input!)
      return (newV, newZ, matmul(u, e.inverse))
    }
  }
}
