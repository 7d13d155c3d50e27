// φ: the Table 1 measure and the teleport objective.

import XCTest
import Toolkit
@testable import Teleport

final class SharpnessTests: XCTestCase {
  func testPaperRadii() {
    let mnist = paperSharpnessRadii(mnist: true), fashion = paperSharpnessRadii(mnist: false)
    XCTAssertEqual(mnist.count, 20)
    XCTAssertEqual(mnist.first!, 0.001, accuracy: 1e-15)
    XCTAssertEqual(mnist.last!, 0.191, accuracy: 1e-15)
    XCTAssertEqual(fashion.first!, 0.0001, accuracy: 1e-15)
    XCTAssertEqual(fashion.last!, 0.0191, accuracy: 1e-15)
  }

  func testDirectionsArePositiveUnitVectors() {
    let (w, _) = randomNetworkAndBatch(dims: [7, 5, 3], batchSize: 2, seed: 1)
    var rng = SplitMix64(seed: 3)
    let d = randomPositiveDirection(shapedLike: w, using: &rng)
    XCTAssertEqual(d.reduce(0) { $0 + $1.squaredNorm() }, 1, accuracy: 1e-14)
    XCTAssertTrue(d.allSatisfy { $0.scalars.allSatisfy { $0 >= 0 } })
    XCTAssertEqual(d.map(\.shapeText), w.map(\.shapeText))
  }

  func testZeroRadiusGivesTheLossOverTheBatchSize() {
    let (w, _) = randomNetworkAndBatch(dims: [7, 5, 3], batchSize: 2, seed: 1)
    let probes = (0..<3).map {
      randomNetworkAndBatch(
        dims: [7, 5, 3], batchSize: 4 + $0, seed: 50 + UInt64($0),
        classification: true
      ).batch
    }
    let expected = probes.reduce(0) { $0 + MLP(weights: w).loss(on: $1) / Double($1.size) } / 3
    XCTAssertEqual(
      sharpness(weights: w, probes: probes, radii: [0, 0], seed: 1), expected, accuracy: 1e-15)
  }

  func testSharpnessAveragesPerturbedLosses() {
    let (w, probe) = randomNetworkAndBatch(
      dims: [7, 5, 3], batchSize: 6, seed: 4, classification: true)
    let radii = [0.5, 2.0]
    var rng = SplitMix64.stream(seed: 9, index: 0)
    var expected = 0.0
    for r in radii {
      let d = randomPositiveDirection(shapedLike: w, using: &rng)
      expected += MLP(weights: zip(w, d).map { $0 + r * $1 }).loss(on: probe) / 6 / 2
    }
    let phi = sharpness(weights: w, probes: [probe], radii: radii, seed: 9)
    XCTAssertEqual(phi, expected, accuracy: 1e-14)
    // Large random pushes make the loss worse on average than none.
    XCTAssertGreaterThan(
      sharpness(weights: w, probes: [probe], radii: [5, 5, 5], seed: 9),
      sharpness(weights: w, probes: [probe], radii: [0], seed: 9))
  }

  func testObjectiveValueIsTheScaledMeanPerturbedLoss() throws {
    let (w, batch) = randomNetworkAndBatch(
      dims: [7, 5, 4, 3], batchSize: 9, seed: 2, classification: true)
    let objective = SharpnessObjective(
      direction: .decrease, radii: [0.1, 0.3], directionsPerRadius: 2,
      scale: 0.9, seed: 5, redrawsDirections: false)
    var rng = SplitMix64(seed: 5)
    var expected = 0.0
    for r in [0.1, 0.3] {
      for _ in 0..<2 {
        let d = randomPositiveDirection(shapedLike: w, using: &rng)
        expected += MLP(weights: zip(w, d).map { $0 + r * $1 }).loss(on: batch) * 0.9 / 4
      }
    }
    let value = try objective.value(
      weights: w.map { Variable($0) }, batch: batch, negativeSlope: defaultNegativeSlope)
    XCTAssertEqual(value.scalarValue, expected, accuracy: 1e-13)
  }

  func testObjectiveGradientThroughTheTeleporterMatchesFiniteDifferences() throws {
    let (w, batch) = randomNetworkAndBatch(
      dims: [7, 5, 4, 3], batchSize: 9, seed: 3, classification: true)
    let symmetry = NetworkSymmetry(ProjectedAction())
    let objective = SharpnessObjective(
      direction: .increase, radii: [0.2, 0.4], directionsPerRadius: 2,
      seed: 8, redrawsDirections: false)
    let teleporter = Teleporter(
      symmetry: symmetry, objective: objective, settings: TeleportSettings(learningRate: 0.1))
    let (_, analytic) = try teleporter.objectiveAndGradient(at: w, on: batch)
    let sizes = NetworkSymmetry.hiddenSizes(of: w)
    let h = 1e-5
    for (m, k) in sizes.enumerated() {
      for (i, j) in [(0, 0), (k - 1, 1)] {
        func value(_ e: Double) throws -> Double {
          let elements = sizes.enumerated().map { n, kn -> GroupElement in
            var t = Matrix(rows: kn, columns: kn)
            if n == m { t[i, j] = e }
            return GroupElement(matrix: .identity(kn) + t, inverse: .identity(kn) - t)
          }
          return try teleporter.objectiveValue(
            at: symmetry.apply(elements, to: w, input: batch.input), on: batch)
        }
        let numeric = (try value(h) - value(-h)) / (2 * h)
        XCTAssertEqual(
          analytic[m][i, j], numeric, accuracy: 1e-6 * max(1, abs(numeric)), "T_\(m)[\(i),\(j)]")
      }
    }
  }

  func testTeleportLowersAndRaisesTheObjective() throws {
    let (w, batch) = randomNetworkAndBatch(
      dims: [7, 5, 4, 3], batchSize: 9, seed: 6, classification: true)
    for direction in [TeleportDirection.decrease, .increase] {
      let objective = SharpnessObjective(
        direction: direction, radii: [0.5, 1], directionsPerRadius: 3,
        seed: 2, redrawsDirections: false)
      let teleporter = Teleporter(
        symmetry: NetworkSymmetry(ProjectedAction()), objective: objective,
        settings: TeleportSettings(learningRate: 0.05, stepCount: 5, objectiveCap: nil))
      let outcome = try teleporter.teleport(w, on: batch)
      XCTAssertFalse(outcome.rolledBack)
      XCTAssertEqual(
        outcome.objective.after < outcome.objective.before, direction == .decrease, "\(direction)")
    }
  }
}
