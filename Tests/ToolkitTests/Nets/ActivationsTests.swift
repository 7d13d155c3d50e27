import XCTest
import Toolkit
@testable import Nets

final class ActivationsTests: XCTestCase {
  func testInverseUndoesLeakyReLU() {
    var rng = SplitMix64(seed: 21)
    let x = Matrix.normal(6, 7, using: &rng)
    assertMatrixApproximatelyEqual(
      inverseLeakyReLU(leakyReLU(x)), x, relativeTolerance: 1e-15, absoluteTolerance: 1e-15)
    assertMatrixApproximatelyEqual(
      leakyReLU(inverseLeakyReLU(x)), x, relativeTolerance: 1e-15, absoluteTolerance: 1e-15)
  }

  func testValuesAndSlope() {
    let x = Matrix([[-2, 0, 3]])
    assertMatrixApproximatelyEqual(leakyReLU(x), Matrix([[-0.2, 0, 3]]), relativeTolerance: 0)
    assertMatrixApproximatelyEqual(
      leakyReLU(x, negativeSlope: 0.5), Matrix([[-1, 0, 3]]), relativeTolerance: 0)
  }

  func testVariableMatchesMatrixAndItsSecondDerivativeVanishes() {
    let x = Matrix([[-2, 0.5, 3], [1, -0.1, -4]])
    assertMatrixApproximatelyEqual(leakyReLU(Variable(x)).value, leakyReLU(x), relativeTolerance: 0)
    assertMatrixApproximatelyEqual(
      inverseLeakyReLU(Variable(x)).value, inverseLeakyReLU(x), relativeTolerance: 0)
    let g = gradient(at: x) { leakyReLU($0).sum() }
    assertMatrixApproximatelyEqual(g, Matrix([[0.1, 1, 1], [1, 0.1, 0.1]]), relativeTolerance: 0)
    let hv = hessianVectorProduct(at: x, along: Matrix(rows: 2, columns: 3, repeating: 1)) {
      leakyReLU($0).sum()
    }
    assertMatrixApproximatelyEqual(hv, .zeros(2, 3), relativeTolerance: 0)
  }
}
