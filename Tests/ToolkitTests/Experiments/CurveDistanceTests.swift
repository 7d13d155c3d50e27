// Exact point-to-parabola and point-to-circle distances against dense sampling.

import Foundation
import XCTest
import Toolkit
@testable import Experiments

final class CurveDistanceTests: XCTestCase {
  func testCubicRootsSolveTheCubic() {
    var rng = SplitMix64(seed: 1)
    for _ in 0..<500 {
      let p = 20 * rng.nextUniform() - 10, q = 20 * rng.nextUniform() - 10
      let roots = depressedCubicRoots(p: p, q: q)
      XCTAssertEqual(roots.count, 4 * p * p * p + 27 * q * q > 0 ? 1 : 3, "p \(p) q \(q)")
      for x in roots {
        XCTAssertEqual(
          x * x * x + p * x + q, 0, accuracy: 1e-10 * max(1, abs(x * x * x)), "p \(p) q \(q)")
      }
    }
    // Cases where the textbook Cardano sum cancels: p large, q tiny.
    let x = depressedCubicRoots(p: 1e8, q: 1e-3)[0]
    XCTAssertEqual(x, -1e-11, accuracy: 1e-24)
  }

  /// The smallest distance over a fine grid of curve points, refined around the best one.
  func sampledDistance(
    _ point: (Double, Double), _ curve: (Double) -> (Double, Double), _ range: ClosedRange<Double>
  ) -> Double {
    var best = (Double.infinity, range.lowerBound)
    var (lo, hi) = (range.lowerBound, range.upperBound)
    for _ in 0..<6 {
      let count = 2000
      for i in 0...count {
        let s = lo + (hi - lo) * Double(i) / Double(count)
        let c = curve(s)
        let d = hypot(c.0 - point.0, c.1 - point.1)
        if d < best.0 { best = (d, s) }
      }
      let width = (hi - lo) / Double(count) * 2
      (lo, hi) = (best.1 - width, best.1 + width)
    }
    return best.0
  }

  func testParabolaDistanceMatchesSampling() {
    var rng = SplitMix64(seed: 2)
    for _ in 0..<200 {
      let k = 10 * rng.nextUniform()
      let (a, b) = (6 * rng.nextUniform() - 3, 6 * rng.nextUniform() - 3)
      let exact = distanceToParabola(x: a, y: b, coefficient: k)
      let sampled = sampledDistance((a, b), { ($0, k * $0 * $0) }, -5...5)
      XCTAssertEqual(exact, sampled, accuracy: 1e-9, "k \(k) point (\(a), \(b))")
    }
    XCTAssertEqual(distanceToParabola(x: 3, y: -2, coefficient: 0), 2)
    // On the axis inside the parabola, past the centre of curvature 1/(2k), the nearest point leaves the vertex.
    XCTAssertLessThan(distanceToParabola(x: 0, y: 2, coefficient: 1), 2)
  }

  func testCircleDistanceMatchesSampling() {
    var rng = SplitMix64(seed: 3)
    for _ in 0..<200 {
      let r = 0.05 + 3 * rng.nextUniform()
      let (a, b) = (4 * rng.nextUniform() - 2, 4 * rng.nextUniform() - 2)
      let exact = distanceToCircle(x: a, y: b, radius: r)
      let sampled = sampledDistance(
        (a, b), { (r * sin($0), r - r * cos($0)) }, -Double.pi...Double.pi)
      XCTAssertEqual(exact, sampled, accuracy: 1e-9, "R \(r) point (\(a), \(b))")
    }
  }
}
