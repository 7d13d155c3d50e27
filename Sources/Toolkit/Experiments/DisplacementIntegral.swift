// Expected displacement of a curve of minima under a random shift, against its curvature. Introduced in chapter 04.

import Foundation
import Support

/// The curves of minima of the paper's displacement analysis (`paper.md` §2.5).
public enum MinimumCurve: Sendable {
  /// γ₁: the parabola y = k x², curvature 2k at the minimum w = 0.
  case parabola(coefficient: Double)
  /// γ₂: the circle x² + (y − R)² = R², curvature 1/R at w = 0.
  case circle(radius: Double)

  /// The curvature κ of the curve at w = 0.
  public var curvature: Double {
    switch self {
    case .parabola(let k): return 2 * k
    case .circle(let r): return 1 / r
    }
  }

  /// The exact distance from (x, y) to the curve.
  public func distance(x: Double, y: Double) -> Double {
    switch self {
    case .parabola(let k): return distanceToParabola(x: x, y: y, coefficient: k)
    case .circle(let r): return distanceToCircle(x: x, y: y, radius: r)
    }
  }
}

/// (1/r)·E[dist(w, γ shifted by a random vector of length r)], the quantity of
/// the paper's Figure 7 (`paper.md` §2.5).
///
/// Shifting the curve by s is the same as shifting w by −s, and −s is uniform
/// on the circle S_r when s is, so the expectation is the mean distance from
/// the points of S_r to the unshifted curve:
///
///     (1/r) E = (1/(2πr)) ∫₀^{2π} dist((r cos θ, r sin θ), γ) dθ.
///
/// For a straight line (κ = 0) it is (1/(2π)) ∫ |sin θ| dθ = 2/π for every r.
/// The paper's script approximates the curves by polylines (the parabola
/// only on x ∈ [−10, 10)) and uses `scipy.integrate.quad`; we use the exact
/// distances and adaptive Simpson.
///
/// - Parameters:
///   - curve: the curve of minima through w = 0.
///   - shift: r > 0, the length of the shift.
///   - tolerance: absolute tolerance of the normalised result.
/// - Returns: (1/r)·E[dist].
public func expectedDisplacement(of curve: MinimumCurve, shift r: Double, tolerance: Double = 1e-9)
  -> Double
{
  require(r > 0, "expectedDisplacement: the shift length must be positive, got \(r)")
  let (integral, _) = adaptiveSimpson(
    { theta in curve.distance(x: r * cos(theta), y: r * sin(theta)) },
    from: 0, to: 2 * Double.pi, tolerance: tolerance * 2 * Double.pi * r)
  return integral / (2 * Double.pi * r)
}
