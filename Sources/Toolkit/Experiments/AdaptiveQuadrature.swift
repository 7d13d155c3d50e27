// Adaptive Simpson quadrature. Introduced in chapter 04.

import Support

/// ∫ₐᵇ f(x) dx by adaptive Simpson's rule with Richardson extrapolation.
///
/// Each panel compares Simpson's rule on the whole panel, S, with the sum of
/// its two halves, S₂; when |S₂ − S| ≤ 15·tol the panel is accepted with
/// S₂ + (S₂ − S)/15 (exact for quintics), otherwise both halves are refined
/// with half the tolerance each. Kinks in f (our distance functions have
/// them) only cost extra subdivisions near the kink.
///
/// Hazard: a panel whose three samples happen to agree with a wrong answer
/// (a periodic integrand sampled at its period) is accepted at once; we start
/// from `initialPanels` panels so that this cannot happen on the first level.
///
/// [Lyness 1969]: https://doi.org/10.1145/321526.321537
///
/// - Parameters:
///   - f: the integrand.
///   - a: lower limit.
///   - b: upper limit.
///   - tolerance: absolute error target for the whole integral.
///   - initialPanels: panels before any refinement (8 by default).
///   - maxDepth: the deepest bisection (a panel this deep is accepted as it is).
/// - Returns: the integral and the number of evaluations of f.
public func adaptiveSimpson(
  _ f: (Double) -> Double, from a: Double, to b: Double, tolerance: Double = 1e-10,
  initialPanels: Int = 8, maxDepth: Int = 40
) -> (value: Double, evaluations: Int) {
  require(
    initialPanels >= 1 && tolerance > 0,
    "adaptiveSimpson: needs at least one panel and a positive tolerance")
  var evaluations = 0
  func eval(_ x: Double) -> Double {
    evaluations += 1
    return f(x)
  }
  func refine(
    _ a: Double, _ b: Double, _ fa: Double, _ fm: Double, _ fb: Double,
    _ whole: Double, _ tol: Double, _ depth: Int
  ) -> Double {
    let m = (a + b) / 2
    let (lm, rm) = ((a + m) / 2, (m + b) / 2)
    let (flm, frm) = (eval(lm), eval(rm))
    let left = (m - a) / 6 * (fa + 4 * flm + fm)
    let right = (b - m) / 6 * (fm + 4 * frm + fb)
    let halves = left + right
    if depth >= maxDepth || abs(halves - whole) <= 15 * tol {
      return halves + (halves - whole) / 15
    }
    return refine(a, m, fa, flm, fm, left, tol / 2, depth + 1)
      + refine(m, b, fm, frm, fb, right, tol / 2, depth + 1)
  }
  let width = (b - a) / Double(initialPanels)
  var total = 0.0
  var fLeft = eval(a)
  for i in 0..<initialPanels {
    let lo = a + Double(i) * width
    let hi = i == initialPanels - 1 ? b : lo + width
    let (fm, fHi) = (eval((lo + hi) / 2), eval(hi))
    let whole = (hi - lo) / 6 * (fLeft + 4 * fm + fHi)
    total += refine(lo, hi, fLeft, fm, fHi, whole, tolerance / Double(initialPanels), 0)
    fLeft = fHi
  }
  return (total, evaluations)
}
