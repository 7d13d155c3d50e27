// Tests for the one-parameter ascent chapter 01 uses to teleport along an orbit curve.

import XCTest
@testable import Toolkit

final class CurveAscentTests: XCTestCase {
  func testAscentOnAQuadraticFollowsTheExactSlope() throws {
    // J(t) = t² + t: J′(t) = 2t + 1, so the rate is 0.1 / 1 and t ← t + 0.1 (2t + 1), exactly,
    // because central differences are exact on a quadratic (up to rounding).
    func j(_ t: Double) -> Double { t * t + t }
    let (t, steps) = try ascendAlongCurve(j, firstStep: 0.1, target: 1, maxSteps: 100)
    var expected = 0.0
    var count = 0
    while j(expected) < 1 {
      expected += 0.1 * (2 * expected + 1)
      count += 1
    }
    XCTAssertEqual(steps, count)
    XCTAssertEqual(t, expected, accuracy: 1e-8)
    XCTAssertGreaterThanOrEqual(j(t), 1)
    let capped = try ascendAlongCurve(j, firstStep: 0.1, target: 1, maxSteps: 2)
    XCTAssertEqual(capped.steps, 2)
    XCTAssertEqual(capped.t, 0.1 + 0.1 * 1.2, accuracy: 1e-9)
  }

  func testAFlatStartTakesNoStep() throws {
    let result = try ascendAlongCurve({ _ in 3 }, firstStep: 0.1, target: 5, maxSteps: 10)
    XCTAssertEqual(result.t, 0)
    XCTAssertEqual(result.steps, 0)
  }
}
