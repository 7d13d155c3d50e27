// SGD, momentum, dampening and Nesterov against steps computed by hand.

import XCTest
import Toolkit
@testable import Optimizers

final class SGDTests: XCTestCase {
  let w0 = [Matrix([[1, 2]])]

  func testPlainStepIsMinusLearningRateTimesGradient() {
    var w = w0
    var sgd = SGD(learningRate: 0.1)
    sgd.step(&w, gradients: [Matrix([[0.5, -1]])])
    // [1, 2] − 0.1·[0.5, −1] = [0.95, 2.1]
    assertMatrixApproximatelyEqual(w[0], Matrix([[0.95, 2.1]]), relativeTolerance: 1e-14)
    XCTAssertTrue(sgd.buffers.isEmpty, "plain SGD keeps no state")
  }

  func testMomentumCopiesTheFirstGradientThenAccumulates() {
    var w = w0
    var sgd = SGD(learningRate: 0.1, momentum: 0.9)
    sgd.step(&w, gradients: [Matrix([[1, -2]])])
    // b = G = [1, −2]; w = [1, 2] − 0.1·b = [0.9, 2.2]
    assertMatrixApproximatelyEqual(w[0], Matrix([[0.9, 2.2]]), relativeTolerance: 1e-14)
    sgd.step(&w, gradients: [Matrix([[0.5, 0.5]])])
    // b = 0.9·[1, −2] + [0.5, 0.5] = [1.4, −1.3]; w = [0.9 − 0.14, 2.2 + 0.13]
    assertMatrixApproximatelyEqual(sgd.buffers[0], Matrix([[1.4, -1.3]]), relativeTolerance: 1e-14)
    assertMatrixApproximatelyEqual(w[0], Matrix([[0.76, 2.33]]), relativeTolerance: 1e-14)
  }

  func testDampeningScalesOnlyLaterGradients() {
    var w = w0
    var sgd = SGD(learningRate: 0.1, momentum: 0.9, dampening: 0.5)
    sgd.step(&w, gradients: [Matrix([[1, -2]])])
    // PyTorch's first buffer is the undamped gradient: w = [0.9, 2.2]
    assertMatrixApproximatelyEqual(w[0], Matrix([[0.9, 2.2]]), relativeTolerance: 1e-14)
    sgd.step(&w, gradients: [Matrix([[0.5, 0.5]])])
    // b = 0.9·[1, −2] + 0.5·[0.5, 0.5] = [1.15, −1.55]; w = [0.785, 2.355]
    assertMatrixApproximatelyEqual(w[0], Matrix([[0.785, 2.355]]), relativeTolerance: 1e-14)
  }

  func testNesterovLooksAheadAlongTheBuffer() {
    var w = w0
    var sgd = SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)
    sgd.step(&w, gradients: [Matrix([[1, -2]])])
    // b = [1, −2]; d = G + 0.9·b = [1.9, −3.8]; w = [0.81, 2.38]
    assertMatrixApproximatelyEqual(w[0], Matrix([[0.81, 2.38]]), relativeTolerance: 1e-14)
  }

  func testResetForgetsTheBuffer() {
    var w = w0
    var sgd = SGD(learningRate: 0.1, momentum: 0.9)
    sgd.step(&w, gradients: [Matrix([[1, -2]])])
    sgd.reset()
    XCTAssertTrue(sgd.buffers.isEmpty)
    sgd.step(&w, gradients: [Matrix([[0.5, 0.5]])])
    // After a reset the buffer is the new gradient again: w = [0.9 − 0.05, 2.2 − 0.05]
    assertMatrixApproximatelyEqual(w[0], Matrix([[0.85, 2.15]]), relativeTolerance: 1e-14)
  }

  func testNamesSayWhichVariant() {
    XCTAssertEqual(SGD(learningRate: 1).name, "SGD")
    XCTAssertEqual(SGD(learningRate: 1, momentum: 0.9).name, "momentum")
    XCTAssertEqual(SGD(learningRate: 1, momentum: 0.9, nesterov: true).name, "Nesterov")
  }
}
