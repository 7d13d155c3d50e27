// The matrix exponential by scaling and squaring (Higham 2005). Introduced in the appendix (A-toolkit).

import Support

/// The matrix exponential exp(A) = Σₖ Aᵏ/k!, by scaling and squaring with Padé approximants.
///
/// This is Algorithm 2.3 of Higham (2005). When ‖A‖₁ ≤ θ_m for m ∈ {3, 5, 7, 9}, the
/// [m/m] Padé approximant r_m(A) = q_m(A)⁻¹ p_m(A) is accurate to double
/// precision and is used directly. Otherwise we scale A by 2⁻ˢ so that
/// ‖A/2ˢ‖₁ ≤ θ₁₃, apply r₁₃, and square the result s times, since
/// exp(A) = exp(A/2ˢ)^(2ˢ). The θ_m bound the backward error of r_m by the
/// unit roundoff 2⁻⁵³.
///
/// The group elements of the teleportation chapters are g = exp(T) for a Lie
/// algebra element T; exp(T) is exactly invertible (exp(−T)), and
/// det exp(T) = e^{tr T} > 0, so g never leaves the group.
///
/// - Parameter a: a square matrix of finite entries.
/// - Returns: exp(A), of the same shape (entries overflow to infinity when ‖A‖ is
///   beyond about 700).
/// - Throws: `LinearAlgebraError.notSquare`, `.nonFinite`, or `.singular` when the Padé
///   denominator is exactly singular (it cannot be for finite A; the check stays).
/// - Complexity: O(n³ · (6 + s)) where s ≈ log₂(‖A‖₁ / θ₁₃) squarings.
///
/// [Higham 2005]: N. J. Higham, "The scaling and squaring method for the matrix
/// exponential revisited", SIAM J. Matrix Anal. Appl. 26(4), 1179–1193 (2005),
/// https://doi.org/10.1137/04061101X
public func matrixExponential(_ a: Matrix) throws -> Matrix {
  let operation = "matrixExponential"
  guard a.isSquare else {
    throw LinearAlgebraError.notSquare(operation: operation, shape: a.shapeText)
  }
  guard a.isFinite else {
    throw LinearAlgebraError.nonFinite(operation: operation, shape: a.shapeText)
  }
  if a.rows == 0 { return a }
  let norm = a.oneNorm()
  for (degree, theta) in PadeExponential.thetas where norm <= theta {
    return try PadeExponential.approximant(a, degree: degree)
  }
  // s = ⌈log₂(‖A‖₁/θ₁₃)⌉, so that ‖A/2ˢ‖₁ ≤ θ₁₃.
  let s = max(0, Int((norm / PadeExponential.theta13).log2Ceiling))
  var result = try PadeExponential.approximant(a * Double.pow2(-s), degree: 13)
  for _ in 0..<s { result = matmul(result, result) }
  return result
}

/// The Padé coefficients and θ bounds of Higham (2005), Table 2.3 and equation (2.11).
enum PadeExponential {
  /// θ_m for m = 3, 5, 7, 9: the largest ‖A‖₁ for which r_m needs no scaling.
  static let thetas: [(degree: Int, theta: Double)] = [
    (3, 1.495585217958292e-2),
    (5, 2.539398330063230e-1),
    (7, 9.504178996162932e-1),
    (9, 2.097847961257068e0),
  ]
  /// θ₁₃, the scaling target for the degree-13 approximant.
  static let theta13 = 5.371920351148152e0

  /// Coefficients b₀ … b_m of p_m(x) = Σ b_j x^j; q_m(x) = p_m(−x).
  static func coefficients(degree: Int) -> [Double] {
    switch degree {
    case 3: return [120, 60, 12, 1]
    case 5: return [30240, 15120, 3360, 420, 30, 1]
    case 7: return [17_297_280, 8_648_640, 1_995_840, 277_200, 25200, 1512, 56, 1]
    case 9:
      return [
        17_643_225_600, 8_821_612_800, 2_075_673_600, 302_702_400, 30_270_240,
        2_162_160, 110_880, 3960, 90, 1,
      ]
    case 13:
      return [
        64_764_752_532_480_000, 32_382_376_266_240_000, 7_771_770_303_897_600,
        1_187_353_796_428_800, 129_060_195_264_000, 10_559_470_521_600,
        670_442_572_800, 33_522_128_640, 1_323_241_920, 40_840_800, 960_960,
        16380, 182, 1,
      ]
    default: requirementFailure("PadeExponential: no coefficients for degree \(degree)")
    }
  }

  /// r_m(A) = (V − U)⁻¹(V + U), where U holds the odd and V the even powers of p_m.
  static func approximant(_ a: Matrix, degree: Int) throws -> Matrix {
    let b = coefficients(degree: degree)
    let n = a.rows
    let identity = Matrix.identity(n)
    let a2 = matmul(a, a)  // [n, n]
    var u: Matrix, v: Matrix
    if degree < 13 {
      // Powers A², A⁴, …, A^(m−1); odd terms are A times an even polynomial.
      var powers = [identity, a2]
      while powers.count <= degree / 2 { powers.append(matmul(powers[powers.count - 1], a2)) }
      var odd = Matrix.zeros(n, n), even = Matrix.zeros(n, n)
      for (j, power) in powers.enumerated() {
        odd.add(power, scaledBy: b[2 * j + 1])
        even.add(power, scaledBy: b[2 * j])
      }
      u = matmul(a, odd)
      v = even
    } else {
      // Higham's evaluation scheme (2.12): six products instead of twelve.
      let a4 = matmul(a2, a2), a6 = matmul(a4, a2)
      var inner = b[13] * a6
      inner.add(a4, scaledBy: b[11])
      inner.add(a2, scaledBy: b[9])
      var odd = matmul(a6, inner)
      odd.add(a6, scaledBy: b[7])
      odd.add(a4, scaledBy: b[5])
      odd.add(a2, scaledBy: b[3])
      odd.add(identity, scaledBy: b[1])
      u = matmul(a, odd)
      var innerEven = b[12] * a6
      innerEven.add(a4, scaledBy: b[10])
      innerEven.add(a2, scaledBy: b[8])
      v = matmul(a6, innerEven)
      v.add(a6, scaledBy: b[6])
      v.add(a4, scaledBy: b[4])
      v.add(a2, scaledBy: b[2])
      v.add(identity, scaledBy: b[0])
    }
    // q_m(A) = V − U is well conditioned when ‖A‖₁ ≤ θ_m (Higham 2005, §2),
    // so an exactly singular denominator means the input broke that promise.
    do {
      return try solve(v - u, v + u)
    } catch LinearAlgebraError.singular(_, let pivot, let routine, let info) {
      throw LinearAlgebraError.singular(
        operation: "matrixExponential (Padé denominator q_\(degree)(A))", pivot: pivot,
        routine: routine, info: info)
    }
  }
}

extension Double {
  /// 2ⁿ exactly (scaling by a power of two introduces no rounding).
  fileprivate static func pow2(_ n: Int) -> Double {
    Double(sign: .plus, exponent: n, significand: 1)
  }

  /// ⌈log₂(self)⌉ for self > 0, computed exactly from the binary exponent.
  fileprivate var log2Ceiling: Double {
    let e = Double(exponent)
    return significand == 1 ? e : e + 1
  }
}
