// The regularized incomplete beta function and the normal quantile, for p-values and intervals. Introduced in chapter 04.

import Foundation
import Support

/// The regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b).
///
/// Evaluated with the continued fraction of Numerical Recipes (3rd ed., §6.4)
/// by the modified Lentz method. The fraction converges fast for
/// x < (a + 1) / (a + b + 2); above that we use the symmetry
/// I_x(a, b) = 1 − I_{1−x}(b, a), which keeps the subtraction benign.
///
/// - Parameters:
///   - x: the upper limit, in [0, 1].
///   - a: first shape parameter, > 0.
///   - b: second shape parameter, > 0.
/// - Returns: I_x(a, b), in [0, 1].
public func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
  require(
    a > 0 && b > 0, "regularizedIncompleteBeta: needs a > 0 and b > 0, got a = \(a), b = \(b)")
  require((0...1).contains(x), "regularizedIncompleteBeta: x = \(x) is outside [0, 1]")
  if x == 0 || x == 1 { return x }
  // log of x^a (1−x)^b / B(a, b), through lgamma so that large a, b do not overflow.
  let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
  if x < (a + 1) / (a + b + 2) {
    return exp(logFront) * betaContinuedFraction(x, a: a, b: b) / a
  }
  return 1 - exp(logFront) * betaContinuedFraction(1 - x, a: b, b: a) / b
}

/// The continued fraction for I_x(a, b), evaluated by the modified Lentz method.
private func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
  let tiny = 1e-300  // stands in for zero denominators (Lentz's trick)
  let epsilon = 1e-16
  let (qab, qap, qam) = (a + b, a + 1, a - 1)
  var c = 1.0
  var d = 1 - qab * x / qap
  if abs(d) < tiny { d = tiny }
  d = 1 / d
  var h = d
  for m in 1...10_000 {
    let m = Double(m), m2 = 2 * m
    // Even step: d_{2m} = m (b − m) x / ((a + 2m − 1)(a + 2m)).
    var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
    d = 1 + aa * d
    if abs(d) < tiny { d = tiny }
    c = 1 + aa / c
    if abs(c) < tiny { c = tiny }
    d = 1 / d
    h *= d * c
    // Odd step: d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
    d = 1 + aa * d
    if abs(d) < tiny { d = tiny }
    c = 1 + aa / c
    if abs(c) < tiny { c = tiny }
    d = 1 / d
    let delta = d * c
    h *= delta
    if abs(delta - 1) < epsilon { return h }
  }
  requirementFailure("regularizedIncompleteBeta: no convergence for x = \(x), a = \(a), b = \(b)")
}

/// The two-sided p-value of Student's t statistic `t` with `degreesOfFreedom` ν:
/// P(|T| ≥ |t|) = I_{ν/(ν+t²)}(ν/2, 1/2).
///
/// - Parameters:
///   - t: the statistic.
///   - degreesOfFreedom: ν > 0.
/// - Returns: the probability, in [0, 1].
public func studentTTwoSidedPValue(_ t: Double, degreesOfFreedom: Double) -> Double {
  if t.isInfinite { return 0 }
  let nu = degreesOfFreedom
  return regularizedIncompleteBeta(nu / (nu + t * t), a: nu / 2, b: 0.5)
}

/// The standard normal quantile Φ⁻¹(p): the z with P(Z ≤ z) = p.
///
/// Found by bisection on Φ(z) = erfc(−z/√2)/2, which is slow (about 100 CDF
/// evaluations) but needs no tables and is accurate to the last bits; we call
/// it a handful of times per figure.
///
/// - Parameter p: a probability in (0, 1).
/// - Returns: the quantile.
public func standardNormalQuantile(_ p: Double) -> Double {
  require(p > 0 && p < 1, "standardNormalQuantile: p = \(p) is outside (0, 1)")
  var low = -40.0, high = 40.0
  while true {
    let middle = (low + high) / 2
    guard middle > low && middle < high else { return middle }
    if erfc(-middle / 2.0.squareRoot()) / 2 < p { low = middle } else { high = middle }
  }
}
