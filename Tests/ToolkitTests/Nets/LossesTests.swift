import Foundation
import XCTest
import Toolkit
@testable import Nets

final class LossesTests: XCTestCase {
  func testCrossEntropyMatchesAHandComputation() {
    // Column 0: logits (1, 0, −1), label 0: −log(e / (e + 1 + e⁻¹)).
    // Column 1: logits (2, 1, 0),  label 2: −log(1 / (e² + e + 1)).
    let logits = Matrix([[1, 2], [0, 1], [-1, 0]])
    let e = M_E
    let expected = (log(e + 1 + 1 / e) - 1 + log(e * e + e + 1)) / 2
    XCTAssertEqual(crossEntropy(logits: logits, labels: [0, 2]), expected, accuracy: 1e-15)
    XCTAssertEqual(
      crossEntropy(logits: Variable(logits), labels: [0, 2]).scalarValue,
      expected, accuracy: 1e-15)
  }

  func testCrossEntropyGradientIsSoftmaxMinusOneHot() {
    let logits = Matrix([[1, 2], [0, 1], [-1, 0]])
    let g = gradient(at: logits) { crossEntropy(logits: $0, labels: [0, 2]) }
    let p = columnSoftmax(logits)
    var expected = p
    expected[0, 0] -= 1
    expected[2, 1] -= 1
    assertMatrixApproximatelyEqual(
      g, expected / 2, relativeTolerance: 1e-15, absoluteTolerance: 1e-15)
  }

  func testCrossEntropyIsStableForLargeLogits() {
    let logits = Matrix([[1000], [0]])
    XCTAssertEqual(crossEntropy(logits: logits, labels: [0]), 0, accuracy: 1e-300)
    XCTAssertEqual(crossEntropy(logits: logits, labels: [1]), 1000, accuracy: 1e-12)
  }

  func testHalfSquaredError() {
    let p = Matrix([[1, 2], [3, 4]]), y = Matrix([[0, 2], [5, 4]])
    XCTAssertEqual(halfSquaredError(prediction: p, target: y), 2.5)
    XCTAssertEqual(
      halfSquaredError(prediction: Variable(p), target: Variable(constant: y)).scalarValue, 2.5)
  }

  func testAccuracy() {
    let logits = Matrix([[3, 0, 1], [1, 2, 0], [0, 1, 5]])
    XCTAssertEqual(accuracy(logits: logits, labels: [0, 1, 1]), 2.0 / 3.0)
  }

  func testEveryNetworkOperationAtFirstAndSecondOrder() throws {
    for c in GradientCheckCase.networkCases() {
      for order in [GradientCheckOrder.first, .second] {
        XCTAssertLessThanOrEqual(
          try c.worstRelativeError(order: order), GradientCheckCase.tolerance(order),
          "\(c.name), order \(order.rawValue)")
      }
    }
  }
}
