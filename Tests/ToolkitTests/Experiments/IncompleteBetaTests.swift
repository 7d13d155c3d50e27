// Tests for the regularized incomplete beta function, Student's t p-value and the normal quantile.

import XCTest
import Toolkit
@testable import Experiments

final class IncompleteBetaTests: XCTestCase {
  func testMatchesScipyBetainc() {
    for (x, a, b, value) in PearsonReference.incompleteBeta {
      assertClose(regularizedIncompleteBeta(x, a: a, b: b), value, 1e-13, "I_\(x)(\(a), \(b))")
    }
  }

  func testEndpointsAndSymmetry() {
    XCTAssertEqual(regularizedIncompleteBeta(0, a: 2, b: 3), 0)
    XCTAssertEqual(regularizedIncompleteBeta(1, a: 2, b: 3), 1)
    // I_x(a, b) = 1 − I_{1−x}(b, a), checked on both branches of the continued fraction.
    for x in [0.05, 0.3, 0.5, 0.7, 0.95] {
      let direct = regularizedIncompleteBeta(x, a: 2.5, b: 4)
      let mirrored = 1 - regularizedIncompleteBeta(1 - x, a: 4, b: 2.5)
      assertClose(direct, mirrored, 1e-14, "symmetry at x = \(x)")
    }
  }

  func testStudentTTwoSidedPValueKnownPoints() {
    // With one degree of freedom t is Cauchy: P(|T| ≥ 1) = 1/2 exactly.
    assertClose(studentTTwoSidedPValue(1, degreesOfFreedom: 1), 0.5, 1e-14, "Cauchy")
    XCTAssertEqual(studentTTwoSidedPValue(0, degreesOfFreedom: 7), 1)
    XCTAssertEqual(studentTTwoSidedPValue(-.infinity, degreesOfFreedom: 7), 0)
  }

  func testStandardNormalQuantileMatchesScipyNdtri() {
    for (p, z) in PearsonReference.normalQuantiles {
      assertClose(standardNormalQuantile(p), z, 1e-14, "ndtri(\(p))")
    }
  }
}
