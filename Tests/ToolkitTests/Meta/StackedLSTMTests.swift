// Tests for Meta/StackedLSTM.swift: stacking, the linear head, gradient checks.

import XCTest
import Toolkit
@testable import Meta

final class StackedLSTMTests: XCTestCase {
  func testStackFeedsEachCellTheHiddenOutputBelow() {
    var rng = SplitMix64(seed: 1)
    let stack = StackedLSTM(inputSize: 5, hiddenSizes: [4, 3], using: &rng)
    XCTAssertEqual(stack.outputSize, 3)
    XCTAssertEqual(stack.parameterNames.count, 6)
    XCTAssertEqual(stack.parameterNames[3], "layer1.inputWeights")
    let x = Matrix.uniform(5, 1, using: &rng)
    let params = stack.parameters.map { Variable(constant: $0) }
    let states = StackedLSTM.step(
      input: Variable(constant: x), states: stack.zeroState(), parameters: params[...])
    let bottom = stack.layers[0](x, state: .zeros(hiddenSize: 4))
    let top = stack.layers[1](bottom.hidden.value, state: .zeros(hiddenSize: 3))
    XCTAssertEqual(states[0].hidden.value, bottom.hidden.value)
    XCTAssertEqual(states[1].hidden.value, top.hidden.value)
  }

  func testGradientCheckOfStackAndHead() throws {
    var rng = SplitMix64(seed: 2)
    let stack = StackedLSTM(inputSize: 3, hiddenSizes: [3, 2], using: &rng)
    let head = LinearLayer(inputSize: 2, outputSize: 4, using: &rng)
    let x = Matrix.uniform(3, 1, low: -1, high: 1, using: &rng)
    let f: ([Variable]) -> Variable = { v in
      var states = stack.zeroState()
      states = StackedLSTM.step(input: v[8], states: states, parameters: v[0..<6])
      states = StackedLSTM.step(input: v[8].scaled(by: 2), states: states, parameters: v[0..<6])
      return LinearLayer.apply(states[1].hidden, parameters: v[6..<8]).squaredNorm()
    }
    let point = stack.parameters + head.parameters + [x]
    for order in [GradientCheckOrder.first, .second] {
      for comparison in try checkGradient(of: f, at: point, order: order) {
        XCTAssertLessThan(
          comparison.relativeError, 1e-7,
          "order \(order.rawValue), input \(comparison.input)")
      }
    }
  }

  func testLinearLayerIsAnAffineMap() {
    var rng = SplitMix64(seed: 9)
    let layer = LinearLayer(inputSize: 3, outputSize: 2, using: &rng)
    let x = Matrix.uniform(3, 4, using: &rng)
    let y = LinearLayer.apply(
      Variable(constant: x), parameters: layer.parameters.map { Variable(constant: $0) }[...])
    let expected =
      matmul(layer.weight, x) + Matrix(rows: 2, columns: 4) { i, _ in layer.bias[i, 0] }
    XCTAssertLessThan((y.value - expected).maxAbs(), 1e-14)
  }
}
