// Tests for Meta/LSTMCell.swift: the textbook equations and gradient checks at orders 1 and 2.

import Foundation
import XCTest
import Toolkit
@testable import Meta

final class LSTMCellTests: XCTestCase {
  private func logistic(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

  /// The cell against the equations computed entry by entry with plain Doubles.
  func testStepMatchesTheTextbookEquations() {
    var rng = SplitMix64(seed: 3)
    let cell = LSTMCell(inputSize: 4, hiddenSize: 3, using: &rng)
    let x = Matrix.uniform(4, 2, low: -1, high: 1, using: &rng)
    let c = Matrix.uniform(3, 2, low: -1, high: 1, using: &rng)
    let h = Matrix.uniform(3, 2, low: -1, high: 1, using: &rng)
    let next = cell(x, state: .init(cell: Variable(constant: c), hidden: Variable(constant: h)))
    for j in 0..<2 {
      for r in 0..<3 {
        func z(_ gate: Int) -> Double {
          let row = gate * 3 + r
          var total = cell.bias[row, 0]
          for k in 0..<4 { total += cell.inputWeights[row, k] * x[k, j] }
          for k in 0..<3 { total += cell.hiddenWeights[row, k] * h[k, j] }
          return total
        }
        let (i, f, g, o) = (logistic(z(0)), logistic(z(1)), tanh(z(2)), logistic(z(3)))
        let cellValue = f * c[r, j] + i * g
        XCTAssertEqual(next.cell.value[r, j], cellValue, accuracy: 1e-12)
        XCTAssertEqual(next.hidden.value[r, j], o * tanh(cellValue), accuracy: 1e-12)
      }
    }
  }

  /// Two steps of the cell, differentiated with respect to all parameters, the
  /// input and the initial state, at orders 1 and 2.
  func testGradientCheckThroughTwoSteps() throws {
    var rng = SplitMix64(seed: 11)
    let cell = LSTMCell(inputSize: 3, hiddenSize: 2, using: &rng)
    let x = Matrix.uniform(3, 2, low: -1, high: 1, using: &rng)
    let c0 = Matrix.uniform(2, 2, low: -1, high: 1, using: &rng)
    let h0 = Matrix.uniform(2, 2, low: -1, high: 1, using: &rng)
    let f: ([Variable]) -> Variable = { v in
      var state = LSTMCell.State(cell: v[4], hidden: v[5])
      state = LSTMCell.step(input: v[3], state: state, parameters: v[0..<3])
      state = LSTMCell.step(input: v[3].scaled(by: -0.5), state: state, parameters: v[0..<3])
      return state.hidden.squaredNorm() + state.cell.sum()
    }
    let point = cell.parameters + [x, c0, h0]
    for order in [GradientCheckOrder.first, .second] {
      for comparison in try checkGradient(of: f, at: point, order: order) {
        XCTAssertLessThan(
          comparison.relativeError, 1e-7,
          "order \(order.rawValue), input \(comparison.input)")
      }
    }
  }

  func testZeroStateAndDetachedState() {
    let zero = LSTMCell.State.zeros(hiddenSize: 4, batchSize: 2)
    XCTAssertEqual(zero.cell.value, .zeros(4, 2))
    XCTAssertTrue(zero.hidden.isConstant)
    let live = LSTMCell.State(cell: Variable(.identity(2)), hidden: Variable(.identity(2)))
    XCTAssertFalse(live.cell.isConstant)
    XCTAssertTrue(live.detached.cell.isConstant && live.detached.hidden.isConstant)
    XCTAssertEqual(live.detached.hidden.value, .identity(2))
  }

  func testParametersRoundTrip() {
    var rng = SplitMix64(seed: 5)
    var cell = LSTMCell(inputSize: 2, hiddenSize: 3, using: &rng)
    XCTAssertEqual(cell.inputWeights.shape.rows, 12)
    XCTAssertEqual(cell.hiddenWeights.shape.columns, 3)
    let doubled = cell.parameters.map { 2 * $0 }
    cell.parameters = doubled
    XCTAssertEqual(cell.parameters, doubled)
    // PyTorch's bound 1/√H for the weights.
    XCTAssertLessThanOrEqual(
      LSTMCell(inputSize: 2, hiddenSize: 4, using: &rng).inputWeights.maxAbs(), 0.5)
  }
}
