// Tests for Meta/StepSizeHead.swift: LSTM(lr, tele)'s step size starts at η₀, off the bounds, and meta-training moves it.

import XCTest
import Toolkit
@testable import Meta
@testable import Datasets

final class StepSizeHeadTests: XCTestCase {
  let configuration = LearnedOptimizerConfiguration.paper(.learningRateAndTeleport)

  func eta(_ z: Double) -> Double {
    configuration.stepSize(headOutput: Variable(constant: .scalar(z))).scalarValue
  }

  /// η = η_min (η_max/η_min)^sigmoid(z): η₀ at z₀, monotone, inside the bounds, at them only in the limit.
  func testMapRunsSmoothlyBetweenTheBoundsAndGivesEta0AtItsStartingOutput() {
    let z0 = configuration.initialHeadOutput
    XCTAssertEqual(eta(z0), 1e-4, accuracy: 1e-16)
    XCTAssertEqual(eta(0), 1e-7 * (5e-3 / 1e-7).squareRoot(), accuracy: 1e-15)  // sigmoid(0) = ½
    let grid = stride(from: -8.0, through: 8.0, by: 0.5).map(eta)
    XCTAssertTrue(zip(grid, grid.dropFirst()).allSatisfy { $0 < $1 }, "increasing")
    XCTAssertTrue(grid.allSatisfy { $0 > 1e-7 && $0 < 5e-3 }, "strictly inside")
    XCTAssertEqual(eta(-60), 1e-7, accuracy: 1e-20)
    XCTAssertEqual(eta(60), 5e-3, accuracy: 1e-15)
  }

  /// The map's derivatives against central differences, first and second order, at several points.
  func testMapMatchesCentralDifferencesAtFirstAndSecondOrder() throws {
    let points: [Matrix] = [
      Matrix([[-3.0]]), Matrix([[configuration.initialHeadOutput]]), Matrix([[2.5]]),
      Matrix([[-1.2], [0.4], [1.7]]),
    ]
    for point in points {
      for order in [GradientCheckOrder.first, .second] {
        // Scaled by 1e4, so that η ~ 1e-4 is of order one for the relative error.
        let worst =
          try checkGradient(
            of: { v in self.configuration.stepSize(headOutput: v[0]).scaled(by: 1e4).sum() },
            at: [point], order: order, step: 1e-4
          )
          .map(\.relativeError).max() ?? 1
        XCTAssertLessThan(worst, 1e-6, "order \(order.rawValue) at \(point.scalars)")
      }
    }
  }

  /// Before the LSTM has read anything (h = 0) the head says η₀; on a real task, for seeds
  /// that used to start at the clamp bound 1e-7 (1, 2 and 4) and others, every learned step
  /// size lies well inside the range, where its derivative is not small.
  func testUntrainedHeadStartsAtEta0AndNotAtABound() throws {
    let shapes = SyntheticTasks.metaTrainingTask(0).weights.map {
      (rows: $0.rows, columns: $0.columns)
    }
    let low = log(1e-7), span = log(5e-3) - low
    for seed in UInt64(1)...6 {
      var rng = SplitMix64(seed: seed)
      let learned = LearnedOptimizer(
        kind: .learningRateAndTeleport, weightShapes: shapes, using: &rng)
      let head = learned.stepSizeHeads[0]
      let zero = Variable(constant: Matrix(rows: head.weight.columns, columns: 1))
      let atRest = configuration.stepSize(
        headOutput: LinearLayer.apply(zero, parameters: head.parameters.map { Variable($0) }[...]))
      XCTAssertEqual(atRest.scalarValue, 1e-4, accuracy: 1e-15, "seed \(seed)")
      let path = try learned.trajectory(on: SyntheticTasks.metaTestTask(1), stepCount: 10)
      for eta in path.stepSizes.dropFirst() {
        let s = (log(eta) - low) / span  // sigmoid(z): 0 or 1 at a bound
        XCTAssertGreaterThan(s * (1 - s), 0.1, "seed \(seed): η = \(eta) is near a bound")
      }
    }
  }

  /// The meta-gradient reaches the step-size head at initialisation, and a short
  /// meta-training with the paper's Adam (30 updates) moves the step size on a held-out task
  /// (by 3 % when written; a step size pinned at a bound would not move at all).
  func testMetaTrainingMovesTheStepSize() throws {
    let shapes = SyntheticTasks.metaTrainingTask(0).weights.map {
      (rows: $0.rows, columns: $0.columns)
    }
    var rng = SplitMix64(seed: 1)
    let initial = LearnedOptimizer(
      kind: .learningRateAndTeleport, weightShapes: shapes, using: &rng)
    let task = SyntheticTasks.metaTrainingTask(1)
    let leaves = initial.parameters.map { Variable($0) }
    let (loss, _, _) = try MetaTrainer.unroll(
      initial, on: task, from: task.weights, state: initial.initialState(), length: 10,
      parameters: leaves)
    let bias = initial.parameterNames.firstIndex(of: "teleport0.stepSize.bias")!
    let g = gradients(of: loss, withRespectTo: leaves)[bias].value.scalars[0]
    XCTAssertGreaterThan(abs(g), 1e-3 * loss.scalarValue, "the meta-gradient reaches the head")

    var trainer = MetaTrainer(initial, settings: MetaTrainingSettings(stepsPerTask: 100)) {
      Adam(learningRate: $0)
    }
    var report = MetaTrainingReport()
    try trainer.train(
      on: (0..<3).map { SyntheticTasks.metaTrainingTask($0) }, report: &report)
    let test = SyntheticTasks.metaTestTask(1)
    let before = median(
      Array(try initial.trajectory(on: test, stepCount: 20).stepSizes.dropFirst()))
    let after = median(
      Array(try trainer.learned.trajectory(on: test, stepCount: 20).stepSizes.dropFirst()))
    XCTAssertGreaterThan(abs(log(after / before)), 0.01, "median η \(before) → \(after)")
  }
}
