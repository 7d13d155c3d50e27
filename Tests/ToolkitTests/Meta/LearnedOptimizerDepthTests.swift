// Learned optimizers whose LSTMs stack any number of cells: parameters are counted and cut per stack.

import XCTest
import Toolkit
@testable import Meta

final class LearnedOptimizerDepthTests: XCTestCase {
  private func learned(_ kind: LearnedOptimizerKind, cells: Int) -> LearnedOptimizer {
    var rng = SplitMix64(seed: 11)
    var configuration = LearnedOptimizerConfiguration(teleportHiddenSize: 4, updateHiddenSize: 3)
    configuration.cellsPerLSTM = cells
    let shapes = smallTask(seed: 0).weights.map { (rows: $0.rows, columns: $0.columns) }
    return LearnedOptimizer(
      kind: kind, weightShapes: shapes, configuration: configuration, using: &rng)
  }

  func testParameterCountFollowsTheDepthOfEveryStack() {
    for kind in [LearnedOptimizerKind.learningRateAndTeleport, .update, .updateAndTeleport] {
      for cells in [1, 2, 3] {
        let optimizer = learned(kind, cells: cells)
        let lstms = optimizer.teleportLSTMs + (optimizer.updateLSTM.map { [$0] } ?? [])
        XCTAssertTrue(lstms.allSatisfy { $0.layers.count == cells }, "\(kind) \(cells) cells")
        let heads =
          optimizer.generatorHeads.count + optimizer.stepSizeHeads.count
          + (optimizer.updateHead == nil ? 0 : 1)
        XCTAssertEqual(
          optimizer.parameterCount,
          lstms.count * cells * LSTMCell.parameterCount + heads * LinearLayer.parameterCount,
          "\(kind) \(cells) cells")
        XCTAssertEqual(
          optimizer.parameters.count, optimizer.parameterCount, "\(kind) \(cells) cells")
        XCTAssertEqual(
          optimizer.parameterNames.count, optimizer.parameterCount, "\(kind) \(cells) cells")
      }
    }
  }

  func testParametersRoundTripAndStepRunsWithThreeCells() throws {
    for kind in [LearnedOptimizerKind.learningRateAndTeleport, .update, .updateAndTeleport] {
      var optimizer = learned(kind, cells: 3)
      // Setting the parameters cuts them back into the same matrices, in the same order.
      let shifted = optimizer.parameters.enumerated().map { k, p in p + Double(k + 1) }
      optimizer.parameters = shifted
      XCTAssertEqual(optimizer.parameters, shifted, "\(kind)")
      let task = smallTask(seed: 2)
      let (_, gradients) = regressionLossAndGradient(weights: task.weights, task: task)
      let (moved, state) = try optimizer.step(
        weights: task.weights.map { Variable(constant: $0) }, gradients: gradients,
        input: Variable(constant: task.input), state: optimizer.initialState(),
        parameters: optimizer.parameters.map { Variable(constant: $0) })
      XCTAssertEqual(moved.count, task.weights.count)
      XCTAssertTrue(state.teleport.allSatisfy { $0.count == 3 }, "\(kind)")
      XCTAssertEqual(state.update.count, kind.learnsUpdate ? 3 : 0, "\(kind)")
    }
  }
}
