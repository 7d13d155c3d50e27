// The error contract of Linear: NaN, wrong shapes and asymmetry throw named errors, never stop the process.

import XCTest
import Toolkit
@testable import Linear

final class LinearAlgebraErrorTests: XCTestCase {
  private let withNaN = Matrix([[1, 2], [.nan, 4]])
  private let withInfinity = Matrix([[1, .infinity], [0, 1]])

  /// Asserts that `body` throws exactly `expected`.
  private func assertThrows<T>(
    _ expected: LinearAlgebraError, _ body: () throws -> T,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
      XCTAssertEqual(error as? LinearAlgebraError, expected, file: file, line: line)
    }
  }

  func testEveryRoutineThrowsNonFiniteOnNaNAndInfinity() {
    for (input, shape) in [(withNaN, "2×2"), (withInfinity, "2×2")] {
      assertThrows(.nonFinite(operation: "svd", shape: shape)) { try svd(input) }
      assertThrows(.nonFinite(operation: "singularValues", shape: shape)) {
        try singularValues(input)
      }
      assertThrows(.nonFinite(operation: "pseudoInverse", shape: shape)) {
        try pseudoInverse(input)
      }
      assertThrows(.nonFinite(operation: "singularValues", shape: shape)) { try matrixRank(input) }
      assertThrows(.nonFinite(operation: "symmetricEigen", shape: shape)) {
        try symmetricEigen(input)
      }
      assertThrows(.nonFinite(operation: "matrixExponential", shape: shape)) {
        try matrixExponential(input)
      }
      assertThrows(.nonFinite(operation: "determinant", shape: shape)) { try determinant(input) }
      assertThrows(.nonFinite(operation: "solve", shape: shape)) { try solve(input, .identity(2)) }
      assertThrows(.nonFinite(operation: "inverse", shape: shape)) { try inverse(input) }
    }
  }

  func testSquareRoutinesThrowNotSquare() {
    let wide = Matrix(rows: 2, columns: 3)
    assertThrows(.notSquare(operation: "symmetricEigen", shape: "2×3")) { try symmetricEigen(wide) }
    assertThrows(.notSquare(operation: "matrixExponential", shape: "2×3")) {
      try matrixExponential(wide)
    }
    assertThrows(.notSquare(operation: "determinant", shape: "2×3")) { try determinant(wide) }
  }

  func testSymmetricEigenThrowsOnAnAsymmetricMatrixAndNamesTheEntry() {
    let a = Matrix([[1, 2, 0], [2, 1, 5], [0, 4, 1]])
    assertThrows(
      .notSymmetric(
        operation: "symmetricEigen", row: 1, column: 2, upper: 5, lower: 4,
        tolerance: 1e-8)
    ) { try symmetricEigen(a) }
    // Rounding-level asymmetry is symmetrised, not rejected.
    XCTAssertNoThrow(try symmetricEigen(Matrix([[1, 2 + 1e-15], [2, 1]])))
  }

  func testMessagesNameTheOperationAndTheRemedy() {
    let notConverged = LinearAlgebraError.notConverged(
      operation: "svd", routine: "dgesdd and dgesvd", info: 3, shape: "4×5")
    XCTAssertEqual(
      notConverged.description,
      "svd: LAPACK dgesdd and dgesvd did not converge (info=3) on a 4×5 matrix")
    let asymmetric = LinearAlgebraError.notSymmetric(
      operation: "symmetricEigen", row: 0, column: 1, upper: 2, lower: 3, tolerance: 1e-8)
    XCTAssertTrue(asymmetric.description.contains("A[0,1] = 2.0 but A[1,0] = 3.0"))
    XCTAssertTrue(asymmetric.description.contains("(A + Aᵀ)/2"))
  }

  func testGroupElementFromANaNGeneratorThrowsForBothParametrisations() {
    let t = Matrix([[0, .nan], [0, 0]])
    XCTAssertThrowsError(
      try GroupElement(generator: t, parametrisation: .exponential, inverse: .exact)
    ) {
      XCTAssertEqual(
        $0 as? LinearAlgebraError, .nonFinite(operation: "matrixExponential", shape: "2×2"))
    }
    XCTAssertThrowsError(
      try GroupElement(generator: t, parametrisation: .firstOrder, inverse: .exact)
    ) {
      XCTAssertEqual($0 as? LinearAlgebraError, .nonFinite(operation: "inverse", shape: "2×2"))
    }
  }

  func testMatrixExponentialOfAHugeFiniteMatrixOverflowsWithoutThrowing() throws {
    // exp(diag(1000)) is beyond Double: the documented result is infinity, not an error.
    let result = try matrixExponential(Matrix([[1000]]))
    XCTAssertEqual(result[0, 0], .infinity)
  }
}
