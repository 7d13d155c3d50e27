// Bad teleport settings and diverging inputs give named errors, not a hang or a crash.

import XCTest
import Toolkit
@testable import Teleport

final class TeleportErrorTests: XCTestCase {
  func testNegativeStepCountWithoutCapThrowsInsteadOfLoopingForever() {
    let (w, batch) = randomNetworkAndBatch(
      dims: [5, 4, 3], batchSize: 6, seed: 3, classification: true)
    let teleporter = Teleporter(
      symmetry: NetworkSymmetry(LinearAction(pairIsLinear: false)),
      settings: TeleportSettings(learningRate: 0.1, stepCount: -1, objectiveCap: nil))
    XCTAssertThrowsError(try teleporter.teleport(w, on: batch)) { error in
      XCTAssertTrue(error is TeleportError, "\(error)")
      XCTAssertTrue("\(error)".contains("stepCount must be ≥ 0, got -1"), "\(error)")
    }
  }

  func testZeroStepsIsAValidTeleportThatMovesNothing() throws {
    let (w, batch) = randomNetworkAndBatch(
      dims: [5, 4, 3], batchSize: 6, seed: 3, classification: true)
    let teleporter = Teleporter(
      symmetry: NetworkSymmetry(LinearAction(pairIsLinear: false)),
      settings: TeleportSettings(learningRate: 0.1, stepCount: 0, objectiveCap: nil))
    let outcome = try teleporter.teleport(w, on: batch)
    XCTAssertEqual(outcome.stepsTaken, 0)
    XCTAssertEqual(outcome.weights, w)
  }

  func testHessianSpectrumOfANaNHessianThrows() {
    XCTAssertThrowsError(try HessianSpectrum(Matrix([[1, .nan], [.nan, 1]]))) {
      XCTAssertEqual(
        $0 as? LinearAlgebraError, .nonFinite(operation: "symmetricEigen", shape: "2×2"))
    }
  }

  func testTangentFractionOfNaNTangentsThrows() {
    XCTAssertThrowsError(
      try tangentFraction(of: Matrix([[1], [0]]), tangents: Matrix([[.nan], [1]])))
  }

  func testProbeBatchOfANaNInputThrows() {
    let batch = Batch(input: Matrix([[.nan, 1], [0, 1]]), labels: [0, 1])
    XCTAssertThrowsError(try ProbeBatch(batch)) {
      XCTAssertEqual(
        $0 as? LinearAlgebraError, .nonFinite(operation: "pseudoInverse", shape: "2×2"))
    }
  }
}
