// The curvature of one orbit curve without forming the 784-wide γ′ and γ″. Introduced in the appendix (A-toolkit).

import Support
import Linear
import Nets
import Symmetry

/// κ of the orbit curve γ(t) = exp(tM)·w at t = 0 (`orbitCurveDerivatives`,
/// `curveCurvature`), computed from inner products only.
///
/// κ needs ‖γ′‖², ‖γ″‖² and γ′·γ″, sums over the weight slots. Every slot is small
/// except W₁'s, which holds only the first pair's V-terms γ′₁ = A X⁺ and
/// γ″₁ = B X⁺ with A = (MZ) ⊘ σ′(Z), B = (M²Z) ⊘ σ′(Z), Z = W₁X (k₁ × b). With
/// Q = X⁺X⁺ᵀ (b × b, once per probe batch, `ProbeBatch.pseudoInverseGram`),
///
///     ⟨AX⁺, BX⁺⟩ = tr(A X⁺X⁺ᵀ Bᵀ) = ⟨A, BQ⟩,
///
/// so one product [A; B]·Q (2k₁ × b × b) replaces the two products with X⁺
/// (2 · k₁ × b × d₀) and the d₀-wide dot products. The other slots are formed as
/// the reference forms them, with h⁺ by `fastPseudoInverse` instead of the SVD.
///
/// - Parameters:
///   - weights: W₁ … W_L.
///   - generators: M_m, one per hidden layer.
///   - probe: the batch with X⁺ and Q.
///   - negativeSlope: the LeakyReLU slope.
///   - path: `.automatic` (this computation) or `.reference` (γ′, γ″ in full).
/// - Returns: κ.
public func orbitCurveCurvature(
  weights: [Matrix], generators: [Matrix], probe: ProbeBatch,
  negativeSlope: Double = defaultNegativeSlope,
  path: TeleportPath = .automatic
) throws -> Double {
  let x = probe.batch.input
  guard path == .automatic, weights.count >= 2 else {
    let (first, second) = try orbitCurveDerivatives(
      weights: weights, generators: generators, input: x,
      inputPseudoInverse: probe.inputPseudoInverse, negativeSlope: negativeSlope)
    return curveCurvature(first: first, second: second)
  }
  require(
    generators.count == weights.count - 1,
    "orbitCurveCurvature: \(generators.count) generators for \(weights.count - 1) hidden layers")
  // The small slots W₂ … W_L, as the reference builds them.
  var first = weights.map { Matrix(rows: $0.rows, columns: $0.columns) }
  var second = first
  var (a, b, c) = (0.0, 0.0, 0.0)
  var h = x
  for m in 0..<(weights.count - 1) {
    let (u, v, mm) = (weights[m + 1], weights[m], generators[m])
    require(
      mm.rows == v.rows && mm.isSquare,
      "orbitCurveCurvature: M_\(m) is \(mm.shapeText), hidden layer \(m) has width \(v.rows)")
    let pre = matmul(v, h)  // [k, batch]
    let z = leakyReLU(pre, negativeSlope: negativeSlope)
    let slope = leakyReLUDerivative(pre, negativeSlope: negativeSlope)
    let mSquared = matmul(mm, mm)
    first[m + 1] -= matmul(u, mm)
    second[m + 1] += matmul(u, mSquared)
    let d1 = matmul(mm, z) ./ slope, d2 = matmul(mSquared, z) ./ slope  // [k, batch]
    if m == 0 {
      let k = d1.rows
      let stacked = matmul(Matrix.vstack([d1, d2]), probe.pseudoInverseGram)  // [2k, batch]
      let (d1q, d2q) = (stacked.rows(0..<k), stacked.rows(k..<(2 * k)))
      (a, b, c) = (d1.dot(d1q), d2.dot(d2q), d1.dot(d2q))
    } else {
      let hPlus = try fastPseudoInverse(h)  // [batch, k_{m−1}]
      first[m] += matmul(d1, hPlus)
      second[m] += matmul(d2, hPlus)
    }
    h = z
  }
  for i in 1..<weights.count {
    a += first[i].dot(first[i])
    b += second[i].dot(second[i])
    c += first[i].dot(second[i])
  }
  return max(a * b - c * c, 0).squareRoot() / (a * a.squareRoot())
}
