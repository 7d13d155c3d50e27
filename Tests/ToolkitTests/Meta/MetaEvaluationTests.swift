// Tests for Meta/MetaEvaluation.swift: trajectories of gradient descent and learned optimizers.

import XCTest
import Toolkit
@testable import Meta

final class MetaEvaluationTests: XCTestCase {
  func testGradientDescentTrajectoryMatchesHandSteps() {
    let task = smallTask(seed: 6)
    let path = gradientDescentTrajectory(on: task, learningRate: 1e-3, stepCount: 3)
    XCTAssertEqual(path.losses.count, 4)
    XCTAssertEqual(path.seconds[0], 0)
    var w = task.weights
    for t in 0...3 {
      let (loss, g) = regressionLossAndGradient(weights: w, task: task)
      XCTAssertEqual(path.losses[t], loss, accuracy: 1e-12 * loss)
      XCTAssertEqual(
        path.gradientNormsSquared[t], g.reduce(0) { $0 + $1.squaredNorm() },
        accuracy: 1e-9 * path.gradientNormsSquared[t])
      w = zip(w, g).map { $0 - 1e-3 * $1 }
    }
    XCTAssertLessThan(path.finalLoss, path.losses[0])
  }

  func testLearnedTrajectoryMatchesTheUnrolledSteps() throws {
    let task = smallTask(seed: 7)
    for kind in LearnedOptimizerKind.allCases {
      let learned = smallLearnedOptimizer(kind)
      let path = try learned.trajectory(on: task, stepCount: 3)
      XCTAssertEqual(path.losses.count, 4)
      let (window, _, _) = try MetaTrainer.unroll(
        learned, on: task, from: task.weights, state: learned.initialState(), length: 3,
        parameters: learned.parameters.map { Variable(constant: $0) })
      XCTAssertEqual(
        path.losses[1...].reduce(0, +), window.scalarValue,
        accuracy: 1e-10 * window.scalarValue, kind.label)
      // Cumulative seconds since the start: 0 first, then non-decreasing, one per point.
      XCTAssertEqual(path.seconds.count, path.losses.count)
      XCTAssertEqual(path.seconds[0], 0)
      XCTAssertTrue(
        zip(path.seconds, path.seconds.dropFirst()).allSatisfy { $0 <= $1 }, "\(path.seconds)")
      XCTAssertGreaterThan(path.seconds[3], 0)
    }
  }
}
