// Tests for Meta/LearnedOptimizer.swift: sizes, one inner step, and meta-gradients checked end to end.

import XCTest
import Toolkit
@testable import Meta

final class LearnedOptimizerTests: XCTestCase {
  func testPaperSizesOnTheMetaLearningTask() {
    var rng = SplitMix64(seed: 1)
    let shapes = SyntheticTasks.metaTrainingTask(0).weights.map {
      (rows: $0.rows, columns: $0.columns)
    }
    let lrTele = LearnedOptimizer(kind: .learningRateAndTeleport, weightShapes: shapes, using: &rng)
    XCTAssertEqual(lrTele.teleportLSTMs.count, 1)
    XCTAssertEqual(lrTele.teleportLSTMs[0].layers[0].inputWeights.shape.rows, 80)  // 4·20
    XCTAssertEqual(lrTele.teleportLSTMs[0].layers[0].inputWeights.shape.columns, 800)
    XCTAssertEqual(lrTele.generatorHeads[0].weight.shape.rows, 400)
    XCTAssertEqual(lrTele.stepSizeHeads[0].weight.shape.rows, 1)
    XCTAssertNil(lrTele.updateLSTM)
    let update = LearnedOptimizer(kind: .update, weightShapes: shapes, using: &rng)
    XCTAssertTrue(update.teleportLSTMs.isEmpty)
    XCTAssertEqual(update.updateHead?.weight.shape.rows, 800)
    XCTAssertEqual(update.updateLSTM?.layers[1].hiddenSize, 300)
    let both = LearnedOptimizer(kind: .updateAndTeleport, weightShapes: shapes, using: &rng)
    XCTAssertEqual(both.teleportLSTMs[0].layers[0].hiddenSize, 300)
    for learned in [lrTele, update, both] {
      XCTAssertEqual(learned.parameters.count, learned.parameterCount)
      XCTAssertEqual(learned.parameterNames.count, learned.parameterCount)
      XCTAssertEqual(Set(learned.parameterNames).count, learned.parameterCount, "names are unique")
    }
    XCTAssertEqual(both.isUpdateParameter.filter { $0 }.count, 8)
  }

  /// LSTM(lr, tele): the new weights are the teleport of W − η₀∇ℒ; the teleport
  /// keeps the loss to first order in T with (B′) and exactly with (B).
  func testLearningRateStepThenTeleportKeepsTheLoss() throws {
    let task = smallTask(seed: 3)
    for (rule, tolerance) in [(InverseRule.firstOrder, 1e-3), (.exact, 1e-10)] {
      let learned = smallLearnedOptimizer(.learningRateAndTeleport, inverse: rule)
      let (_, gradients) = regressionLossAndGradient(weights: task.weights, task: task)
      let constants = learned.parameters.map { Variable(constant: $0) }
      let (moved, state) = try learned.step(
        weights: task.weights.map { Variable(constant: $0) }, gradients: gradients,
        input: Variable(constant: task.input), state: learned.initialState(), parameters: constants)
      let plain = zip(task.weights, gradients).map { $0 - 1e-4 * $1 }
      let before = regressionLossAndGradient(weights: plain, task: task).loss
      let after = regressionLoss(weights: moved, task: task).scalarValue
      XCTAssertEqual(after, before, accuracy: tolerance * before, "\(rule)")
      XCTAssertNotEqual(moved[0].value, plain[0], "the teleport moved W₁")
      XCTAssertGreaterThanOrEqual(state.stepSize.scalarValue, 1e-7)
      XCTAssertLessThanOrEqual(state.stepSize.scalarValue, 5e-3)
    }
  }

  /// With the teleport switched off, LSTM(lr, tele) takes the plain step W − η₀∇ℒ
  /// (up to the rounding of V X X⁺ = V) and still reports its learned step size.
  func testWithoutTeleportIsThePlainStep() throws {
    let task = smallTask(seed: 9)
    let learned = smallLearnedOptimizer(.learningRateAndTeleport).withoutTeleport
    XCTAssertEqual(learned.configuration.generatorNorm, 0)
    let (_, gradients) = regressionLossAndGradient(weights: task.weights, task: task)
    let (moved, _) = try learned.step(
      weights: task.weights.map { Variable(constant: $0) }, gradients: gradients,
      input: Variable(constant: task.input), state: learned.initialState(),
      parameters: learned.parameters.map { Variable(constant: $0) })
    for i in 0..<2 {
      let plain = task.weights[i] - 1e-4 * gradients[i]
      XCTAssertLessThan((moved[i].value - plain).maxAbs(), 1e-10 * plain.maxAbs(), "W\(i + 1)")
    }
    let path = try learned.trajectory(on: task, stepCount: 3)
    XCTAssertEqual(path.stepSizes.count, 3)
    XCTAssertEqual(path.stepSizes[0], 1e-4, "η₀ before the LSTM has spoken")
    XCTAssertTrue(path.stepSizes.allSatisfy { $0 >= 1e-7 && $0 <= 5e-3 })
    XCTAssertTrue(
      try smallLearnedOptimizer(.update).trajectory(on: task, stepCount: 2).stepSizes.isEmpty)
  }

  func testUpdateStepSubtractsTheLearnedUpdate() throws {
    let task = smallTask(seed: 4)
    let learned = smallLearnedOptimizer(.update)
    let (_, gradients) = regressionLossAndGradient(weights: task.weights, task: task)
    let (moved, state) = try learned.step(
      weights: task.weights.map { Variable(constant: $0) }, gradients: gradients,
      input: Variable(constant: task.input), state: learned.initialState(),
      parameters: learned.parameters.map { Variable(constant: $0) })
    XCTAssertEqual(state.update.count, 2)
    // Recompute the update from the LSTM and head by hand.
    let input = Matrix.vstack(gradients.map { $0.reshaped($0.count, 1) })
    guard let lstm = learned.updateLSTM, let head = learned.updateHead else {
      return XCTFail("no update LSTM")
    }
    let bottom = lstm.layers[0](input, state: .zeros(hiddenSize: 5))
    let top = lstm.layers[1](bottom.hidden.value, state: .zeros(hiddenSize: 5))
    let delta = matmul(head.weight, top.hidden.value) + head.bias  // [24, 1]
    XCTAssertLessThan(
      (moved[0].value - (task.weights[0] - delta.rows(0..<12).reshaped(4, 3))).maxAbs(), 1e-13)
    XCTAssertLessThan(
      (moved[1].value - (task.weights[1] - delta.rows(12..<24).reshaped(3, 4))).maxAbs(), 1e-13)
  }

  /// The meta-loss of three unrolled steps against central differences in every
  /// meta-parameter, for each kind: the meta-gradient flows through updates,
  /// learned step sizes, the rescaled generator and the teleport.
  func testMetaGradientThroughUnrolledStepsIsChecked() throws {
    let task = smallTask(seed: 5)
    for kind in LearnedOptimizerKind.allCases {
      let learned = smallLearnedOptimizer(kind)
      // Gradients read by the LSTM come from a fixed reference run, so that the
      // finite differences see exactly the function the engine differentiates.
      var reference = task.weights
      var readGradients: [[Matrix]] = []
      var state = learned.initialState()
      let constants = learned.parameters.map { Variable(constant: $0) }
      for _ in 0..<3 {
        let g = regressionLossAndGradient(weights: reference, task: task).gradients
        readGradients.append(g.map { 0.01 * $0 })  // keep the tiny network in a sane range
        let moved = try learned.step(
          weights: reference.map { Variable(constant: $0) },
          gradients: readGradients.last!, input: Variable(constant: task.input),
          state: state, parameters: constants)
        reference = moved.weights.map(\.value)
        state = moved.state
      }
      let f: ([Variable]) -> Variable = { p in
        var w = task.weights.map { Variable(constant: $0) }
        var s = learned.initialState()
        var total = Variable.constant(0)
        for t in 0..<3 {
          // swiftlint:disable:next force_try
          (w, s) = try! learned.step(
            weights: w, gradients: readGradients[t],
            input: Variable(constant: task.input), state: s, parameters: p)
          total = total + regressionLoss(weights: w, task: task)
        }
        return total
      }
      // The teleport parameters move the meta-loss very little (‖T‖ is fixed at
      // 0.01), so rounding, O(ε·f/h), dominates small steps: at h = 1e-6 their
      // relative error is ~1e-3 and falls as h grows (measured), so we use h = 1e-3,
      // whose truncation error O(h²) is far below the tolerance.
      for comparison in try checkGradient(of: f, at: learned.parameters, order: .first, step: 1e-3)
      {
        XCTAssertLessThan(
          comparison.relativeError, 1e-5,
          "\(kind.label): \(learned.parameterNames[comparison.input])")
      }
    }
  }
}
