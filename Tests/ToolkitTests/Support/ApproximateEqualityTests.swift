import XCTest
import Toolkit
@testable import Support

final class ApproximateEqualityTests: XCTestCase {
  func testRelativeToleranceScalesWithMagnitude() {
    XCTAssertTrue(isApproximatelyEqual(1e6, 1e6 + 1e-3))
    XCTAssertFalse(isApproximatelyEqual(1.0, 1.0 + 1e-6))
    XCTAssertTrue(isApproximatelyEqual(1.0, 1.0 + 1e-6, relativeTolerance: 1e-5))
  }

  func testZeroNeedsAnAbsoluteTolerance() {
    XCTAssertTrue(isApproximatelyEqual(0, 0))
    XCTAssertFalse(isApproximatelyEqual(0, 1e-300))
    XCTAssertTrue(isApproximatelyEqual(0, 1e-13, absoluteTolerance: 1e-12))
  }

  func testSymmetric() {
    var rng = SplitMix64(seed: 7)
    for _ in 0..<1000 {
      let a = rng.nextNormal(), b = a * (1 + 1e-8 * rng.nextNormal())
      XCTAssertEqual(isApproximatelyEqual(a, b), isApproximatelyEqual(b, a), "a = \(a), b = \(b)")
    }
  }

  func testNotTransitive() {
    let tolerance = 1e-3
    let a = 1.0, b = 1.0009, c = 1.0018
    XCTAssertTrue(isApproximatelyEqual(a, b, relativeTolerance: tolerance))
    XCTAssertTrue(isApproximatelyEqual(b, c, relativeTolerance: tolerance))
    XCTAssertFalse(isApproximatelyEqual(a, c, relativeTolerance: tolerance))
  }

  func testNonFiniteValues() {
    XCTAssertFalse(isApproximatelyEqual(.nan, .nan))
    XCTAssertTrue(isApproximatelyEqual(.infinity, .infinity))
    XCTAssertFalse(isApproximatelyEqual(.infinity, -.infinity))
    XCTAssertFalse(isApproximatelyEqual(.infinity, 1e308, relativeTolerance: 1))
  }

  func testFirstMismatchReportsIndexAndValues() {
    let a = Matrix([[1, 2, 3], [4, 5, 6]])
    var b = a
    XCTAssertNil(firstMismatch(a, b))
    b[1, 2] = 6.5
    b[1, 0] = 4.5
    XCTAssertEqual(firstMismatch(a, b), .entry(i: 1, j: 0, a: 4, b: 4.5))
    XCTAssertEqual(firstMismatch(a, b)?.description, "entry [1, 0]: 4.0 vs 4.5 (|Δ| = 0.5)")
    XCTAssertNil(firstMismatch(a, b, relativeTolerance: 0.2))
  }

  func testFirstMismatchReportsShapes() {
    let mismatch = firstMismatch(Matrix.zeros(2, 3), Matrix.zeros(3, 2))
    XCTAssertEqual(mismatch, .shape("2×3", "3×2"))
    XCTAssertEqual(mismatch?.description, "shape 2×3 vs 3×2")
  }
}
