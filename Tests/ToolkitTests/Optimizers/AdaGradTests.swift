// AdaGrad against steps computed by hand.

import XCTest
import Toolkit
@testable import Optimizers

final class AdaGradTests: XCTestCase {
  func testDefaultsArePyTorchs() {
    let a = AdaGrad()
    XCTAssertEqual(a.learningRate, 1e-2)
    XCTAssertEqual(a.epsilon, 1e-10)
    XCTAssertEqual(a.initialAccumulator, 0)
  }

  func testTwoStepsByHand() {
    var w = [Matrix([[1, 2]])]
    var opt = AdaGrad(learningRate: 0.1)
    opt.step(&w, gradients: [Matrix([[3, -4]])])
    // s = [9, 16]; w = [1 − 0.1·3/3, 2 + 0.1·4/4] = [0.9, 2.1] (ε = 1e-10 moves the 11th digit)
    assertMatrixApproximatelyEqual(opt.squareSums[0], Matrix([[9, 16]]), relativeTolerance: 1e-14)
    assertMatrixApproximatelyEqual(w[0], Matrix([[0.9, 2.1]]), relativeTolerance: 1e-10)
    opt.step(&w, gradients: [Matrix([[4, 3]])])
    // s = [25, 25]; w = [0.9 − 0.1·4/5, 2.1 − 0.1·3/5] = [0.82, 2.04]
    assertMatrixApproximatelyEqual(opt.squareSums[0], Matrix([[25, 25]]), relativeTolerance: 1e-14)
    assertMatrixApproximatelyEqual(w[0], Matrix([[0.82, 2.04]]), relativeTolerance: 1e-10)
  }

  func testInitialAccumulatorAndEpsilonEnterTheDenominator() {
    var w = [Matrix([[0]])]
    var opt = AdaGrad(learningRate: 1, epsilon: 1, initialAccumulator: 5)
    opt.step(&w, gradients: [Matrix([[2]])])
    // s = 5 + 4 = 9; w = 0 − 2/(3 + 1) = −0.5
    assertMatrixApproximatelyEqual(w[0], Matrix([[-0.5]]), relativeTolerance: 1e-14)
  }
}
