// Exact distances from a point to a parabola and to a circle. Introduced in chapter 04.

import Foundation

/// The real roots of the depressed cubic x³ + p x + q = 0, each polished by Newton steps.
///
/// One real root (4p³ + 27q² > 0): Cardano's formula in the form
/// x = u − p/(3u) with u = ∛(−q/2 − sign(q)·√(q²/4 + p³/27)), which avoids the
/// cancellation of the textbook sum of two cube roots. Three real roots:
/// the trigonometric form x_j = 2√(−p/3) cos(⅓ arccos(…) − 2πj/3).
///
/// - Parameters:
///   - p: the linear coefficient.
///   - q: the constant coefficient.
/// - Returns: one or three real roots (a double root appears twice).
public func depressedCubicRoots(p: Double, q: Double) -> [Double] {
  let discriminant = q * q / 4 + p * p * p / 27
  var roots: [Double]
  if discriminant > 0 {
    let u = cbrt(-q / 2 - (q >= 0 ? 1 : -1) * discriminant.squareRoot())
    roots = [u == 0 ? 0 : u - p / (3 * u)]
  } else if p == 0 {
    roots = [0]  // then q = 0 too: x³ = 0
  } else {
    let amplitude = 2 * (-p / 3).squareRoot()
    let argument = max(-1, min(1, 3 * q / (2 * p) * (-3 / p).squareRoot()))
    let phase = acos(argument) / 3
    roots = (0..<3).map { amplitude * cos(phase - 2 * Double.pi * Double($0) / 3) }
  }
  // Two Newton steps take each root to the last bit or so.
  return roots.map { root in
    var x = root
    for _ in 0..<2 {
      let slope = 3 * x * x + p
      if slope != 0 { x -= (x * x * x + p * x + q) / slope }
    }
    return x
  }
}

/// The distance from the point (a, b) to the parabola y = k x² (the whole curve).
///
/// The nearest point (x, kx²) makes d/dx [(x − a)² + (kx² − b)²] vanish:
/// 2k²x³ + (1 − 2kb)x − a = 0, a cubic we solve exactly; the distance is the
/// smallest over its real roots. Inside the parabola's evolute two or three
/// roots are real and the nearest one can jump from one branch to the other,
/// so the distance is continuous but has kinks there.
///
/// - Parameters:
///   - a: the point's x.
///   - b: the point's y.
///   - k: the parabola's coefficient; its curvature at the vertex is 2k.
/// - Returns: the Euclidean distance.
public func distanceToParabola(x a: Double, y b: Double, coefficient k: Double) -> Double {
  if k == 0 { return abs(b) }
  let scale = 2 * k * k
  let candidates = depressedCubicRoots(p: (1 - 2 * k * b) / scale, q: -a / scale)
  return candidates.map { x in hypot(x - a, k * x * x - b) }.min() ?? .nan
}

/// The distance from the point (a, b) to the circle x² + (y − R)² = R², which
/// touches the x-axis at the origin and has curvature 1/R there.
///
/// - Parameters:
///   - a: the point's x.
///   - b: the point's y.
///   - radius: R > 0.
/// - Returns: | ‖(a, b − R)‖ − R |.
public func distanceToCircle(x a: Double, y b: Double, radius: Double) -> Double {
  abs(hypot(a, b - radius) - radius)
}
