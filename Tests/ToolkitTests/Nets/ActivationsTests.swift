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

  /// The branch-free form x·σ′(x) gives x or slope·x to the last bit, signed zeros,
  /// infinities and NaN included: every result in the package rests on it.
  func testLeakyReLUIsBitwiseTheTextbookDefinition() {
    var rng = SplitMix64(seed: 5)
    let special: [Double] = [
      0, -0.0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude,
      -.leastNonzeroMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
    ]
    let x = Matrix(
      rows: 1, columns: 9 + 200,
      scalars: special + Matrix.normal(1, 200, using: &rng).scalars)
    for slope in [0.1, 0.5, 3.0] {
      let y = leakyReLU(x, negativeSlope: slope)
      let d = leakyReLUDerivative(x, negativeSlope: slope)
      for (k, v) in x.scalars.enumerated() {
        let expected = v > 0 ? v : slope * v
        if v.isNaN {
          XCTAssertTrue(y.scalars[k].isNaN)
        } else {
          XCTAssertEqual(y.scalars[k].bitPattern, expected.bitPattern, "σ(\(v)), slope \(slope)")
        }
        XCTAssertEqual(d.scalars[k], v > 0 ? 1 : slope, "σ′(\(v)), slope \(slope)")
      }
    }
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
