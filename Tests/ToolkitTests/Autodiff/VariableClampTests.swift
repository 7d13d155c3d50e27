// Tests for Meta/Variable+Clamp.swift.

import XCTest
import Toolkit
@testable import Autodiff

final class VariableClampTests: XCTestCase {
  func testClampValuesAndMask() {
    let x = Variable(Matrix([[-2, 0.5], [3, 1]]))
    let y = x.clamped(to: 0, 1)
    XCTAssertEqual(y.value, Matrix([[0, 0.5], [1, 1]]))
    let g = gradients(of: y.sum(), withRespectTo: [x])[0].value
    XCTAssertEqual(g, Matrix([[0, 1], [0, 1]]), "ends are inside, as in PyTorch")
  }

  func testRescaledHasTheNormAndIsDifferentiable() throws {
    var rng = SplitMix64(seed: 4)
    let t = Matrix.uniform(3, 3, low: -1, high: 1, using: &rng)
    XCTAssertEqual(
      Variable(t).rescaled(toNorm: 0.01).value.squaredNorm().squareRoot(), 0.01, accuracy: 1e-15)
    let w = Matrix.uniform(3, 3, using: &rng)
    let f: ([Variable]) -> Variable = { v in v[0].rescaled(toNorm: 0.01).dot(Variable(constant: w))
    }
    for order in [GradientCheckOrder.first, .second] {
      for comparison in try checkGradient(of: f, at: [t], order: order) {
        XCTAssertLessThan(comparison.relativeError, 1e-6, "order \(order.rawValue)")
      }
    }
    XCTAssertEqual(Variable(constant: .zeros(2, 2)).rescaled(toNorm: 1).value, .zeros(2, 2))
  }
}
