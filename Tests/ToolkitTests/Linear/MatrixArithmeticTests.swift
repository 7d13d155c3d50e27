import XCTest
import Toolkit
@testable import Linear

final class MatrixArithmeticTests: XCTestCase {
  func testOneNormIsLargestAbsoluteColumnSum() {
    XCTAssertEqual(Matrix([[1, -7], [-2, 3]]).oneNorm(), 10)
    XCTAssertEqual(Matrix([[1, -2, 3]]).oneNorm(), 3)
    XCTAssertEqual(Matrix.zeros(0, 0).oneNorm(), 0)
  }
}
