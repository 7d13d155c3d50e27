// The displacement integral of Figure 7: 2/π for a straight line, and the paper's trends.

import Foundation
import XCTest
import Toolkit
@testable import Experiments

final class DisplacementIntegralTests: XCTestCase {
  func testStraightLineGivesTwoOverPi() {
    for r in [0.1, 0.5, 2.0] {
      XCTAssertEqual(
        expectedDisplacement(of: .parabola(coefficient: 0), shift: r), 2 / .pi, accuracy: 1e-9)
      XCTAssertEqual(
        expectedDisplacement(of: .circle(radius: 1e6), shift: r), 2 / .pi, accuracy: 1e-6)
    }
  }

  func testCurvatures() {
    XCTAssertEqual(MinimumCurve.parabola(coefficient: 3).curvature, 6)
    XCTAssertEqual(MinimumCurve.circle(radius: 0.1).curvature, 10, accuracy: 1e-12)
  }

  func testAgreesWithAPlainRiemannSum() {
    for curve in [MinimumCurve.parabola(coefficient: 3), .circle(radius: 0.2)] {
      let r = 0.15
      let n = 200_000
      let sum = (0..<n).reduce(0.0) { total, i in
        let theta = 2 * Double.pi * (Double(i) + 0.5) / Double(n)
        return total + curve.distance(x: r * cos(theta), y: r * sin(theta))
      }
      XCTAssertEqual(expectedDisplacement(of: curve, shift: r), sum / Double(n) / r, accuracy: 1e-7)
    }
  }

  func testTheTrendsRecomputedFromThePaperScript() {
    // `paper.md` §2.5 (720-point sums over polylines, so to about 1e-3): the circle
    // lowers the displacement as κ grows; the parabola dips below 2/π, then rises.
    XCTAssertEqual(
      expectedDisplacement(of: .circle(radius: 0.1), shift: 0.1), 0.5987, accuracy: 2e-3)
    XCTAssertEqual(
      expectedDisplacement(of: .circle(radius: 0.2), shift: 0.1), 0.6296, accuracy: 2e-3)
    XCTAssertEqual(
      expectedDisplacement(of: .parabola(coefficient: 1), shift: 1), 0.6145, accuracy: 2e-3)
    XCTAssertEqual(
      expectedDisplacement(of: .parabola(coefficient: 10), shift: 2), 0.738, accuracy: 3e-3)
  }
}
