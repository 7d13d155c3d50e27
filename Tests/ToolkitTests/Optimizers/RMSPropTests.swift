// RMSProp against steps computed by hand.

import XCTest
import Toolkit
@testable import Optimizers

final class RMSPropTests: XCTestCase {
  func testDefaultsArePyTorchs() {
    let r = RMSProp()
    XCTAssertEqual(r.learningRate, 1e-2)
    XCTAssertEqual(r.alpha, 0.99)
    XCTAssertEqual(r.epsilon, 1e-8)
  }

  func testTwoStepsByHand() {
    var w = [Matrix([[1, 2]])]
    var opt = RMSProp(learningRate: 0.01)
    opt.step(&w, gradients: [Matrix([[1, -2]])])
    // v = 0.01·[1, 4] = [0.01, 0.04]; √v = [0.1, 0.2]; G/√v = [10, −10]; w = [0.9, 2.1]
    // (no bias correction: the first steps of RMSProp are large, as in PyTorch)
    assertMatrixApproximatelyEqual(
      opt.squareAverages[0], Matrix([[0.01, 0.04]]), relativeTolerance: 1e-14)
    assertMatrixApproximatelyEqual(w[0], Matrix([[0.9, 2.1]]), relativeTolerance: 1e-7)
    opt.step(&w, gradients: [Matrix([[2, 0]])])
    // v = 0.99·[0.01, 0.04] + 0.01·[4, 0] = [0.0499, 0.0396]
    // w₀ = (1 − 0.01·1/(0.1 + 1e-8)) − 0.01·2/(√0.0499 + 1e-8); w₁ = 2 + 0.01·2/(0.2 + 1e-8), unchanged (G = 0)
    assertMatrixApproximatelyEqual(
      opt.squareAverages[0], Matrix([[0.0499, 0.0396]]), relativeTolerance: 1e-14)
    assertMatrixApproximatelyEqual(
      w[0], Matrix([[0.8104677178008457, 2.099999995]]), relativeTolerance: 1e-12)
  }
}
