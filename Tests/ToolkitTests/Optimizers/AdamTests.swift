// Adam against steps computed by hand.

import XCTest
import Toolkit
@testable import Optimizers

final class AdamTests: XCTestCase {
  func testDefaultsArePyTorchs() {
    let a = Adam()
    XCTAssertEqual(a.learningRate, 1e-3)
    XCTAssertEqual(a.beta1, 0.9)
    XCTAssertEqual(a.beta2, 0.999)
    XCTAssertEqual(a.epsilon, 1e-8)
  }

  func testTheFirstStepIsTheSignTimesTheLearningRate() {
    var w = [Matrix([[1, 2]])]
    var opt = Adam(learningRate: 0.1)
    opt.step(&w, gradients: [Matrix([[1, -2]])])
    // m̂ = G, v̂ = G², so the step is η·G/|G| = ±0.1 (up to ε)
    assertMatrixApproximatelyEqual(w[0], Matrix([[0.9, 2.1]]), relativeTolerance: 1e-8)
    assertMatrixApproximatelyEqual(
      opt.firstMoments[0], Matrix([[0.1, -0.2]]), relativeTolerance: 1e-14)
    assertMatrixApproximatelyEqual(
      opt.secondMoments[0], Matrix([[0.001, 0.004]]), relativeTolerance: 1e-14)
    XCTAssertEqual(opt.stepCount, 1)
  }

  func testTheSecondStepByHand() {
    var w = [Matrix([[1, 2]])]
    var opt = Adam(learningRate: 0.1)
    opt.step(&w, gradients: [Matrix([[1, -2]])])
    opt.step(&w, gradients: [Matrix([[2, 0]])])
    // m = 0.9·[0.1, −0.2] + 0.1·[2, 0] = [0.29, −0.18]
    // v = 0.999·[0.001, 0.004] + 0.001·[4, 0] = [0.004999, 0.003996]
    // w = w − (0.1/(1 − 0.9²))·m ⊘ (√v/√(1 − 0.999²) + 1e-8)
    //   = [0.8034817990281663, 2.1670058244397326]
    assertMatrixApproximatelyEqual(
      opt.firstMoments[0], Matrix([[0.29, -0.18]]), relativeTolerance: 1e-14)
    assertMatrixApproximatelyEqual(
      opt.secondMoments[0], Matrix([[0.004999, 0.003996]]), relativeTolerance: 1e-13)
    assertMatrixApproximatelyEqual(
      w[0], Matrix([[0.8034817990281663, 2.1670058244397326]]),
      relativeTolerance: 1e-12)
  }

  func testResetRestartsTheBiasCorrection() {
    var w = [Matrix([[1, 2]])]
    var opt = Adam(learningRate: 0.1)
    opt.step(&w, gradients: [Matrix([[1, -2]])])
    opt.reset()
    XCTAssertEqual(opt.stepCount, 0)
    opt.step(&w, gradients: [Matrix([[3, 3]])])
    // A fresh first step again moves each entry by η: [0.8, 2.0]
    assertMatrixApproximatelyEqual(w[0], Matrix([[0.8, 2.0]]), relativeTolerance: 1e-8)
  }
}
