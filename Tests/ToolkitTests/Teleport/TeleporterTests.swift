// The teleporter: its gradient is right, and it raises ‖∇ℒ‖² at fixed loss.

import XCTest
import Toolkit
@testable import Teleport

final class TeleporterTests: XCTestCase {
  /// ∇_T J at T = 0 from the teleporter against central differences of J(g_{εE}·w).
  func checkObjectiveGradient(
    _ action: any LayerPairAction, dims: [Int], batchSize: Int,
    classification: Bool, seed: UInt64
  ) throws {
    let (w, batch) = randomNetworkAndBatch(
      dims: dims, batchSize: batchSize, seed: seed,
      classification: classification)
    let symmetry = NetworkSymmetry(action)
    let teleporter = Teleporter(symmetry: symmetry, settings: TeleportSettings(learningRate: 0.1))
    let (_, analytic) = try teleporter.objectiveAndGradient(at: w, on: batch)
    let h = 1e-5
    let sizes = NetworkSymmetry.hiddenSizes(of: w)
    for (m, k) in sizes.enumerated() {
      for (i, j) in [(0, 0), (0, k - 1), (k - 1, 1), (k / 2, k / 2)] {
        func objective(at e: Double) throws -> Double {
          let elements = sizes.enumerated().map { n, kn -> GroupElement in
            var t = Matrix(rows: kn, columns: kn)
            if n == m { t[i, j] = e }
            return GroupElement(matrix: .identity(kn) + t, inverse: .identity(kn) - t)
          }
          let moved = try symmetry.apply(elements, to: w, input: batch.input)
          return try teleporter.objectiveValue(at: moved, on: batch)
        }
        let numeric = (try objective(at: h) - objective(at: -h)) / (2 * h)
        XCTAssertEqual(
          analytic[m][i, j], numeric, accuracy: 1e-5 * max(1, abs(numeric)),
          "\(action.name) T_\(m)[\(i), \(j)] seed \(seed)")
      }
    }
  }

  func testObjectiveGradientMatchesFiniteDifferencesForEveryAction() throws {
    for seed: UInt64 in [1, 2] {
      try checkObjectiveGradient(
        LinearAction(pairIsLinear: false), dims: [5, 4, 4, 3], batchSize: 7,
        classification: true, seed: seed)
      try checkObjectiveGradient(
        LeakyReLUAction(inverse: .exact), dims: [8, 6, 5, 3], batchSize: 5,
        classification: false, seed: seed)
      try checkObjectiveGradient(
        LeakyReLUAction(inverse: .firstOrder), dims: [8, 6, 5, 3], batchSize: 5,
        classification: true, seed: seed)
      try checkObjectiveGradient(
        ProjectedAction(), dims: [8, 6, 5, 3], batchSize: 12,
        classification: true, seed: seed)
    }
  }

  func testTeleportRaisesTheGradientNormAtFixedLoss() throws {
    for seed: UInt64 in 1...5 {
      // (B) is exact here, and the identity at g = I: every pair's input is square (6×6),
      // so XX⁺ = I as well as X⁺X = I.
      let (w, batch) = randomNetworkAndBatch(dims: [6, 6, 6, 4], batchSize: 6, seed: seed)
      let teleporter = Teleporter(
        symmetry: NetworkSymmetry(LeakyReLUAction(inverse: .exact)),
        settings: TeleportSettings(
          learningRate: 1e-4, stepCount: 10, objectiveCap: nil,
          parametrisation: .exponential))
      let outcome = try teleporter.teleport(w, on: batch)
      XCTAssertGreaterThan(
        outcome.objective.after, outcome.objective.before * 1.001, "seed \(seed)")
      XCTAssertLessThan(outcome.relativeLossChange, 1e-10, "seed \(seed)")
      XCTAssertEqual(outcome.stepsTaken, 10)
      XCTAssertFalse(outcome.rolledBack)
      XCTAssertEqual(outcome.cost.hessianVectorProducts, 10)
      XCTAssertEqual(outcome.cost.gradientEvaluations, 12)
    }
  }

  func testAcceptanceTestRollsBackAnInexactTeleport() throws {
    // (C) with a batch far larger than the widths changes the loss; a tight tolerance refuses it.
    let (w, batch) = randomNetworkAndBatch(
      dims: [8, 4, 4, 3], batchSize: 40, seed: 9, classification: true)
    let teleporter = Teleporter(
      symmetry: NetworkSymmetry(ProjectedAction()),
      settings: TeleportSettings(learningRate: 0.5, stepCount: 3, acceptanceTolerance: 1e-12))
    let outcome = try teleporter.teleport(w, on: batch)
    XCTAssertTrue(outcome.rolledBack)
    XCTAssertEqual(outcome.weights, w)
    XCTAssertEqual(outcome.batchLoss.after, outcome.batchLoss.before)
  }

  func testAStepThatOverflowsIsRolledBackNotCrashed() throws {
    // η_tele = 10 on this regression loss makes exp(T) overflow on the first step.
    let (w, batch) = randomNetworkAndBatch(dims: [8, 8, 6, 4], batchSize: 6, seed: 5)
    let teleporter = Teleporter(
      symmetry: NetworkSymmetry(LeakyReLUAction()),
      settings: TeleportSettings(learningRate: 10, objectiveCap: nil, parametrisation: .exponential)
    )
    let outcome = try teleporter.teleport(w, on: batch)
    XCTAssertTrue(outcome.rolledBack)
    XCTAssertEqual(outcome.weights, w)
  }

  func testCapStopsTheTeleportAtTheFirstObjectiveAboveIt() throws {
    let (w, batch) = randomNetworkAndBatch(dims: [8, 8, 6, 4], batchSize: 6, seed: 2)
    func teleporter(steps: Int, cap: Double?) -> Teleporter {
      Teleporter(
        symmetry: NetworkSymmetry(LeakyReLUAction()),
        settings: TeleportSettings(learningRate: 0.05, stepCount: steps, objectiveCap: cap))
    }
    let start = try teleporter(steps: 10, cap: nil).objectiveValue(at: w, on: batch)
    let cap = start * 1.001
    let outcome = try teleporter(steps: 10, cap: cap).teleport(w, on: batch)
    XCTAssertTrue(outcome.stoppedAtCap)
    XCTAssertFalse(outcome.rolledBack)
    let k = outcome.stepsTaken
    XCTAssertGreaterThan(k, 0)
    XCTAssertLessThan(k, 10)
    // It stopped at the first J above the cap: k uncapped steps land on the same
    // weights with J above the cap, k − 1 steps end below it.
    let exactlyK = try teleporter(steps: k, cap: nil).teleport(w, on: batch)
    XCTAssertEqual(outcome.weights, exactlyK.weights)
    XCTAssertGreaterThan(exactlyK.objective.after, cap)
    XCTAssertLessThanOrEqual(
      try teleporter(steps: k - 1, cap: nil).teleport(w, on: batch).objective.after, cap)
  }

  func testTheComposedElementMapsTheStartToTheEnd() throws {
    // A deep linear network under action (A): g·w is exact, so the product of the
    // steps' elements, applied once to the start, must land on the teleported weights.
    let (w, batch) = randomNetworkAndBatch(
      dims: [5, 4, 4, 3], batchSize: 8, seed: 9, negativeSlope: 1)
    let symmetry = NetworkSymmetry(LinearAction(pairIsLinear: true), negativeSlope: 1)
    let teleporter = Teleporter(
      symmetry: symmetry,
      settings: TeleportSettings(learningRate: 0.05, stepCount: 4, objectiveCap: nil))
    let outcome = try teleporter.teleport(w, on: batch)
    XCTAssertEqual(outcome.stepsTaken, 4)
    XCTAssertFalse(outcome.rolledBack)
    let moved = try symmetry.apply(outcome.elements, to: w, input: batch.input)
    for (i, (a, b)) in zip(moved, outcome.weights).enumerated() {
      assertMatrixApproximatelyEqual(
        a, b, relativeTolerance: 1e-10, absoluteTolerance: 1e-12, "weight \(i)")
    }
    for (m, e) in outcome.elements.enumerated() {
      assertMatrixApproximatelyEqual(
        matmul(e.matrix, e.inverse), .identity(e.matrix.rows), relativeTolerance: 0,
        absoluteTolerance: 1e-12, "g_\(m) g_\(m)⁻¹")
    }
  }
}
