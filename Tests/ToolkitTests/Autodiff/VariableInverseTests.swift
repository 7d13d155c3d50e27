import XCTest
import Toolkit
@testable import Autodiff

final class VariableInverseTests: XCTestCase {
  func testInverseTimesMatrixIsIdentity() throws {
    var rng = SplitMix64(seed: 8)
    let a = Matrix.identity(5) + 0.4 * Matrix.uniform(5, 5, low: -1, high: 1, using: &rng)
    let inverse = try Variable(a).inverse().value
    assertMatrixApproximatelyEqual(
      matmul(a, inverse), .identity(5), relativeTolerance: 1e-13, absoluteTolerance: 1e-13)
  }

  func testSingularMatrixThrowsANamedError() {
    let singular = Variable(Matrix([[1, 2], [2, 4]]))
    XCTAssertThrowsError(try singular.inverse()) { error in
      XCTAssertEqual(error as? AutodiffError, .singularMatrix(shape: "2×2", pivotColumn: 1))
    }
  }
}
