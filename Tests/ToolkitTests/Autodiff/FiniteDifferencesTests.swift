// The central-difference stencils on curves whose derivatives are known exactly.

import XCTest
import Toolkit
@testable import Autodiff

final class FiniteDifferencesTests: XCTestCase {
  /// c(t) = A + B t + C t² + D t³, entry by entry.
  private let (a, b, c, d) = (
    Matrix([[1, -2]]), Matrix([[3, 0.5]]), Matrix([[-1, 4]]), Matrix([[2, -3]])
  )
  private func cubic(_ t: Double) -> [Matrix] {
    [a + t * b + (t * t) * c + (t * t * t) * d, t * b]
  }

  func testFirstOrderIsTheDerivativePlusTheKnownTruncationError() {
    let h = 1e-2
    let estimate = centralDifference(order: 1, step: h, of: cubic)
    // (c(h) − c(−h)) / 2h = B + D h² for a cubic, exactly.
    assertMatrixApproximatelyEqual(estimate[0], b + (h * h) * d, relativeTolerance: 1e-12)
    assertMatrixApproximatelyEqual(estimate[1], b, relativeTolerance: 1e-12)
  }

  func testSecondAndThirdOrderAreExactOnACubic() {
    let h = 1e-2
    assertMatrixApproximatelyEqual(
      centralDifference(order: 2, step: h, of: cubic)[0], 2 * c,
      relativeTolerance: 1e-9)
    assertMatrixApproximatelyEqual(
      centralDifference(order: 3, step: h, of: cubic)[0], 6 * d,
      relativeTolerance: 1e-7)
    // The third stencil of a quadratic is zero: its terms cancel.
    XCTAssertLessThan(
      centralDifference(order: 3, step: h) { t in [a + (t * t) * c] }[0].maxAbs(), 1e-8)
  }

  func testCombinedNormAndRelativeDistance() {
    XCTAssertEqual(combinedNorm([Matrix([[3]]), Matrix([[0, 4]])]), 5, accuracy: 1e-15)
    XCTAssertEqual(
      relativeDistance([Matrix([[3]]), Matrix([[0, 5]])], [Matrix([[3]]), Matrix([[0, 4]])]),
      0.2, accuracy: 1e-15)
    XCTAssertEqual(relativeDistance([Matrix([[1]])], [Matrix([[1]])]), 0)
  }

  func testJacobianColumnsOfALinearMapAgreeAndAWrongColumnIsCaught() {
    let m = Matrix([[1, 2, 0], [0, -1, 3]])
    let x = Matrix.column([0.5, -1, 2])
    func along(_ j: Int, _ s: Double) -> Matrix {
      var moved = x
      moved[j, 0] += s
      return matmul(m, moved)
    }
    XCTAssertLessThan(jacobianColumnError(m, columns: [0, 1, 2], step: 1e-4, along: along), 1e-10)
    var wrong = m
    wrong[1, 2] = 3.01
    XCTAssertEqual(
      jacobianColumnError(wrong, columns: [2], step: 1e-4, along: along), 0.01 / 3, accuracy: 1e-8)
    // Only the columns asked for are checked.
    XCTAssertLessThan(jacobianColumnError(wrong, columns: [0, 1], step: 1e-4, along: along), 1e-10)
  }
}
