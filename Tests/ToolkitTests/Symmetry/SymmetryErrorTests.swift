// A diverging quadratic teleport and NaN inputs give named errors, not a crash.

import XCTest
import Toolkit
@testable import Symmetry

final class SymmetryErrorTests: XCTestCase {
  func testQuadraticTeleportWithAnInfiniteLearningRateThrows() throws {
    let problem = try QuadraticProblem.random(eigenvalues: [4, 2, 1], seed: 5)
    let w = Matrix([[1], [1], [1]])
    XCTAssertThrowsError(try problem.teleport(w, learningRate: .infinity, stepCount: 5)) {
      XCTAssertEqual(
        $0 as? LinearAlgebraError, .nonFinite(operation: "matrixExponential", shape: "3×3"))
    }
  }

  func testQuadraticProblemRejectsAnAsymmetricMatrix() {
    XCTAssertThrowsError(try QuadraticProblem(matrix: Matrix([[2, 1], [0, 2]]))) {
      XCTAssertNotNil($0 as? LinearAlgebraError)
    }
  }

  func testPseudoInverseOfAConstantNaNVariableThrows() {
    XCTAssertThrowsError(
      try Variable(constant: Matrix([[.nan, 1], [0, 1], [1, 1]])).pseudoInverse()
    ) {
      XCTAssertEqual(
        $0 as? LinearAlgebraError, .nonFinite(operation: "pseudoInverse", shape: "3×2"))
    }
  }
}
