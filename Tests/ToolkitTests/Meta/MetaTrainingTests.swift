// Tests for Meta/MetaTraining.swift: truncated BPTT windows, parameter groups, descent.

import XCTest
import Toolkit
@testable import Meta
@testable import Datasets

final class MetaTrainingTests: XCTestCase {
  func testWindowsStepsAndGroups() throws {
    var settings = MetaTrainingSettings(stepsPerTask: 7)
    settings.unrollLength = 3
    var trainer = MetaTrainer(smallLearnedOptimizer(.updateAndTeleport), settings: settings) {
      PlainGradientDescent(learningRate: $0 * 1e-6)
    }
    let before = trainer.learned.parameters
    var report = MetaTrainingReport()
    var finished: [Int] = []
    try trainer.train(on: [smallTask(seed: 1), smallTask(seed: 2)], report: &report) {
      finished.append($0)
    }
    XCTAssertEqual(finished, [1, 2])
    XCTAssertEqual(report.innerStepCount, 14)
    XCTAssertEqual(report.windowLosses.count, 6, "windows of 3, 3 and 1 steps per task")
    XCTAssertEqual(report.divergedWindowCount, 0)
    XCTAssertGreaterThan(report.innerStepsPerSecond, 0)
    XCTAssertEqual((trainer.teleportOptimizer as? PlainGradientDescent)?.stepCount, 6)
    XCTAssertEqual((trainer.updateOptimizer as? PlainGradientDescent)?.stepCount, 6)
    XCTAssertEqual((trainer.teleportOptimizer as? PlainGradientDescent)?.learningRate, 1e-10)
    XCTAssertEqual((trainer.updateOptimizer as? PlainGradientDescent)?.learningRate, 1e-9)
    let changed = zip(before, trainer.learned.parameters).map { $0 != $1 }
    XCTAssertTrue(changed.allSatisfy { $0 }, "every meta-parameter moved")
  }

  /// A small enough step along the meta-gradient lowers the window's meta-loss.
  func testOneMetaStepLowersTheWindowLoss() throws {
    let task = smallTask(seed: 8)
    for kind in LearnedOptimizerKind.allCases {
      let learned = smallLearnedOptimizer(kind)
      let leaves = learned.parameters.map { Variable($0) }
      let (loss, _, _) = try MetaTrainer.unroll(
        learned, on: task, from: task.weights,
        state: learned.initialState(), length: 4, parameters: leaves)
      let g = gradients(of: loss, withRespectTo: leaves).map(\.value)
      let squared = g.reduce(0) { $0 + $1.squaredNorm() }
      XCTAssertGreaterThan(squared, 0, kind.label)
      var settings = MetaTrainingSettings(stepsPerTask: 4)
      settings.unrollLength = 4
      let rate = 1e-3 * loss.scalarValue / squared  // a 0.1 % predicted decrease
      var trainer = MetaTrainer(learned, settings: settings) { _ in
        PlainGradientDescent(learningRate: rate)
      }
      var report = MetaTrainingReport()
      try trainer.train(on: [task], report: &report)
      let (after, _, _) = try MetaTrainer.unroll(
        trainer.learned, on: task, from: task.weights, state: learned.initialState(), length: 4,
        parameters: trainer.learned.parameters.map { Variable(constant: $0) })
      XCTAssertLessThan(after.scalarValue, loss.scalarValue, kind.label)
      XCTAssertEqual(
        report.windowLosses[0] * 4, loss.scalarValue, accuracy: 1e-9 * loss.scalarValue)
    }
  }

  func testDivergenceIsCountedAndSkipsTheTask() throws {
    var settings = MetaTrainingSettings(stepsPerTask: 6)
    settings.unrollLength = 2
    var learned = smallLearnedOptimizer(.update)
    // A huge update-head bias makes the first window's weights enormous, then the loss overflows.
    var p = learned.parameters
    p[p.count - 1] = Matrix(rows: p[p.count - 1].rows, columns: 1, repeating: 1e7)
    learned.parameters = p
    var trainer = MetaTrainer(learned, settings: settings) {
      PlainGradientDescent(learningRate: $0)
    }
    var report = MetaTrainingReport()
    var task = smallTask(seed: 2)
    task = RegressionTask(
      dimensions: task.dimensions, seed: task.seed,
      weights: task.weights.map { 1e150 * $0 }, input: task.input, target: task.target)
    try trainer.train(on: [task], report: &report)
    XCTAssertEqual(report.divergedWindowCount, 1)
    XCTAssertTrue(report.windowLosses.isEmpty)
    XCTAssertEqual(trainer.learned.parameters, p, "no update from a non-finite window")
  }
}
