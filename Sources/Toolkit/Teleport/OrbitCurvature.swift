// Curvature ψ of orbit curves γ(t) = exp(tM)·w, with the closed-form γ′ and γ″. Introduced in chapter 04.

import Support
import Linear
import Autodiff
import Nets
import Symmetry

/// The curvature of a curve in weight space from its first two derivatives
/// (`paper.md` §2.4, the paper's Eq. 47):
///
///     κ = √(‖γ′‖²‖γ″‖² − (γ′·γ″)²) / ‖γ′‖³
///
/// The vectors are all weight matrices flattened and concatenated; only
/// norms and inner products enter, so we never build the long vector.
///
/// - Parameters:
///   - first: γ′, one matrix per weight.
///   - second: γ″, the same shapes.
/// - Returns: κ ≥ 0; NaN when γ′ = 0 (the curve does not move).
public func curveCurvature(first: [Matrix], second: [Matrix]) -> Double {
  require(
    first.count == second.count,
    "curveCurvature: \(first.count) first and \(second.count) second derivatives")
  let a = zip(first, first).reduce(0) { $0 + $1.0.dot($1.1) }  // ‖γ′‖²
  let b = zip(second, second).reduce(0) { $0 + $1.0.dot($1.1) }  // ‖γ″‖²
  let c = zip(first, second).reduce(0) { $0 + $1.0.dot($1.1) }  // γ′·γ″
  // ab − c² ≥ 0 by Cauchy–Schwarz; rounding can make it a hair negative when γ″ ∥ γ′.
  return max(a * b - c * c, 0).squareRoot() / (a * a.squareRoot())
}

/// The derivatives at t = 0 of the orbit curve γ(t) = exp(tM)·w under the
/// paper's action (B), summed over layer pairs exactly as the paper's code
/// does for Table 1 (`paper.md` §2.4, Eq. 57 and Eq. 60).
///
/// For a pair (U, V) with input X and Z = σ(VX), the action is
/// U(t) = U e^{−tM}, V(t) = σ⁻¹(e^{tM} Z) X⁺, so
///
///     U′ = −U M,   U″ = U M²,
///     V′ = [(M Z) ⊘ σ′(VX)] X⁺,   V″ = [(M² Z) ⊘ σ′(VX)] X⁺
///
/// (⊘ divides entry by entry; the σ⁻¹″ term vanishes for LeakyReLU). For one
/// hidden layer these are the exact derivatives of the curve. For several,
/// each pair m is differentiated with the others held fixed and the
/// contributions are added into each weight's slot (W_{m+1} gets −W_{m+1}M_m
/// from pair m and the V-term of pair m + 1); the cross-terms between pairs,
/// through the moving inputs of deeper pairs, are left out (`paper.md` §6 item 8).
///
/// - Parameters:
///   - weights: W₁ … W_L.
///   - generators: M_m, one k_m × k_m matrix per hidden layer.
///   - input: X, [inputSize, batch].
///   - inputPseudoInverse: X⁺ when already known (it is the costly part for
///     a wide input and does not depend on the weights); nil computes it.
///   - negativeSlope: the LeakyReLU slope.
/// - Returns: γ′ and γ″, one matrix per weight.
/// - Throws: `LinearAlgebraError` when an activation holds NaN (a diverged network).
/// - Complexity: one pseudo-inverse per hidden layer (and of X when not given).
public func orbitCurveDerivatives(
  weights: [Matrix], generators: [Matrix], input x: Matrix, inputPseudoInverse: Matrix? = nil,
  negativeSlope: Double = defaultNegativeSlope
) throws -> (first: [Matrix], second: [Matrix]) {
  require(
    generators.count == weights.count - 1,
    "orbitCurveDerivatives: \(generators.count) generators for \(weights.count - 1) hidden layers")
  var first = weights.map { Matrix(rows: $0.rows, columns: $0.columns) }
  var second = first
  var h = x
  for m in 0..<(weights.count - 1) {
    let (u, v, mm) = (weights[m + 1], weights[m], generators[m])
    require(
      mm.rows == v.rows && mm.isSquare,
      "orbitCurveDerivatives: M_\(m) is \(mm.shapeText), hidden layer \(m) has width \(v.rows)")
    let hPlus = try (m == 0 ? inputPseudoInverse : nil) ?? pseudoInverse(h)  // [batch, n_in]
    let pre = matmul(v, h)  // [k, batch]
    let z = leakyReLU(pre, negativeSlope: negativeSlope)
    let slope = leakyReLUDerivative(pre, negativeSlope: negativeSlope)  // σ′(VX)
    let mSquared = matmul(mm, mm)  // [k, k]
    first[m + 1] -= matmul(u, mm)  // [n_out, k]
    second[m + 1] += matmul(u, mSquared)
    first[m] += matmul(matmul(mm, z) ./ slope, hPlus)  // [k, n_in]
    second[m] += matmul(matmul(mSquared, z) ./ slope, hPlus)
    h = z
  }
  return (first, second)
}

/// One random direction of the Table 1 protocol: M_m with entries uniform in
/// [0, 1), scaled to ‖M_m‖_F = 1, one per hidden layer (`paper.md` §2.4; the
/// paper's `torch.rand` makes every entry non-negative, §6 item 9).
///
/// - Parameters:
///   - hiddenSizes: k_m for each hidden layer.
///   - rng: the generator.
/// - Returns: M_m for each hidden layer.
public func randomOrbitGenerators(hiddenSizes: [Int], using rng: inout SplitMix64) -> [Matrix] {
  hiddenSizes.map { k in
    let m = Matrix.uniform(k, k, using: &rng)
    return m / m.norm()
  }
}

/// A batch on which ψ (and φ) are measured, with X⁺ computed once.
///
/// The Table 1 protocol evaluates every trained network on the same kind of
/// batches; the pseudo-inverse of a 784 × 200 input costs far more than the
/// rest of a curvature sample, and it does not depend on the weights, so we
/// compute it once per batch and share it across runs.
public struct ProbeBatch: Sendable {
  /// The samples and labels.
  public let batch: Batch
  /// X⁺, [batch, inputSize].
  public let inputPseudoInverse: Matrix
  /// Q = X⁺X⁺ᵀ, [batch, batch]: ⟨AX⁺, BX⁺⟩ = ⟨A, BQ⟩, the fast path's stand-in for X⁺
  /// (`orbitCurveCurvature`).
  public let pseudoInverseGram: Matrix

  /// Wraps a batch and computes its pseudo-inverse.
  ///
  /// - Throws: `LinearAlgebraError` when the input holds NaN or its SVD does not converge.
  public init(_ batch: Batch) throws {
    self.batch = batch
    self.inputPseudoInverse = try pseudoInverse(batch.input)
    self.pseudoInverseGram = BLAS.gramOfColumns(inputPseudoInverse.transposed)
  }
}

/// ψ(w), the paper's curvature measure (Eq. 5) as its Table 1 protocol computes
/// it: the mean over probe batches c of the curvature of γ_c(t) = exp(tM_c)·w
/// under action (B), with M_c drawn by `randomOrbitGenerators` from
/// `SplitMix64.stream(seed: seed, index: c)` (the paper seeds curve c with 12345·c).
///
/// - Parameters:
///   - weights: W₁ … W_L.
///   - probes: one batch per curve (200 batches of 200 in the paper).
///   - seed: the seed of the random directions; the same seed gives every
///     network the same directions, as in the paper.
///   - negativeSlope: the LeakyReLU slope.
///   - path: the fast per-curve computation (`orbitCurveCurvature`) or the reference.
/// - Returns: ψ, the mean curvature.
/// - Throws: `LinearAlgebraError` when an activation holds NaN (a diverged network).
public func orbitCurvature(
  weights: [Matrix], probes: [ProbeBatch], seed: UInt64,
  negativeSlope: Double = defaultNegativeSlope,
  path: TeleportPath = .automatic
) throws -> Double {
  require(!probes.isEmpty, "orbitCurvature: no probe batches; pass at least one")
  let sizes = NetworkSymmetry.hiddenSizes(of: weights)
  var total = 0.0
  for (c, probe) in probes.enumerated() {
    var rng = SplitMix64.stream(seed: seed, index: UInt64(c))
    let generators = randomOrbitGenerators(hiddenSizes: sizes, using: &rng)
    total += try orbitCurveCurvature(
      weights: weights, generators: generators, probe: probe,
      negativeSlope: negativeSlope, path: path)
  }
  return total / Double(probes.count)
}
