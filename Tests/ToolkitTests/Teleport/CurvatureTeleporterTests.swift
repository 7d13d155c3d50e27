// The (C) curve's γ′, γ″, γ‴ and dκ/dt against finite differences; the curvature teleport moves κ.

import XCTest
import Toolkit
@testable import Teleport

final class CurvatureTeleporterTests: XCTestCase {
  /// The (C) curve on one pair at t, from the action itself: [U(t), V(t)].
  func curve(_ u: Matrix, _ v: Matrix, _ x: Matrix, _ m: Matrix, _ t: Double) throws -> [Matrix] {
    let (uu, vv) = try ProjectedAction().transform(
      u: Variable(constant: u), v: Variable(constant: v), input: Variable(constant: x),
      g: Variable(constant: matrixExponential(t * m)),
      gInverse: Variable(constant: matrixExponential(-t * m)),
      negativeSlope: defaultNegativeSlope)
    return [uu.value, vv.value]
  }

  func relative(_ a: [Matrix], _ b: [Matrix]) -> Double {
    zip(a, b).reduce(0) { $0 + ($1.0 - $1.1).squaredNorm() }.squareRoot()
      / b.reduce(0) { $0 + $1.squaredNorm() }.squareRoot()
  }

  func testDerivativesMatchFiniteDifferences() throws {
    for (seed, t) in [(UInt64(1), 0.0), (2, 0.0), (3, 0.3), (4, -0.2)] {
      // Batch 12 ≥ hidden width 5, so σ(gVX) has full row rank.
      let (w, batch) = randomNetworkAndBatch(dims: [6, 5, 3], batchSize: 12, seed: seed)
      var rng = SplitMix64(seed: seed)
      let m = Matrix.uniform(5, 5, using: &rng)
      let d = try projectedCurveDerivatives(
        u: w[1], v: w[0], input: batch.input, generator: m, t: t)
      let c = { (s: Double) in try self.curve(w[1], w[0], batch.input, m, t + s) }
      let h = 1e-4
      let p1 = try c(h), n1 = try c(-h), zero = try c(0)
      let first = (0..<2).map { (p1[$0] - n1[$0]) / (2 * h) }
      let second = (0..<2).map { (p1[$0] - 2 * zero[$0] + n1[$0]) / (h * h) }
      let h3 = 2e-3
      let q1 = try c(h3), r1 = try c(-h3), q2 = try c(2 * h3), r2 = try c(-2 * h3)
      let third = (0..<2).map { i -> Matrix in
        let numerator: Matrix = q2[i] - 2 * q1[i] + 2 * r1[i] - r2[i]
        return numerator / (2 * h3 * h3 * h3)
      }
      XCTAssertLessThan(relative([d[0].u, d[0].v], first), 1e-7, "γ′ seed \(seed) t \(t)")
      XCTAssertLessThan(relative([d[1].u, d[1].v], second), 1e-4, "γ″ seed \(seed) t \(t)")
      XCTAssertLessThan(relative([d[2].v], [third[1]]), 1e-3, "γ‴ V seed \(seed) t \(t)")
      XCTAssertLessThan(relative([d[2].u, d[2].v], third), 1e-3, "γ‴ seed \(seed) t \(t)")
    }
  }

  func testRateOfCurvatureMatchesFiniteDifferences() throws {
    for seed: UInt64 in 1...3 {
      let (w, batch) = randomNetworkAndBatch(
        dims: [6, 5, 4, 3], batchSize: 10, seed: seed, classification: true)
      var rng = SplitMix64(seed: seed)
      let m = Matrix.uniform(4, 4, using: &rng)
      let h1 = MLP(weights: w).activations(batch.input)[1]
      func kappa(_ t: Double) throws -> (curvature: Double, rate: Double) {
        let d = try projectedCurveDerivatives(u: w[2], v: w[1], input: h1, generator: m, t: t)
        return curvatureAndRate(d.map { [$0.u, $0.v] })
      }
      let h = 1e-5
      let numeric = (try kappa(h).curvature - kappa(-h).curvature) / (2 * h)
      let analytic = try kappa(0).rate
      XCTAssertEqual(analytic, numeric, accuracy: 1e-5 * max(abs(numeric), 1e-3), "seed \(seed)")
      let teleporter = CurvatureTeleporter(direction: .increase, learningRate: 0.1)
      XCTAssertEqual(
        try teleporter.curvatureAndRate(weights: w, generator: m, input: batch.input).rate,
        analytic, accuracy: 1e-12 * max(abs(analytic), 1))
    }
  }

  func testTeleportMovesCurvatureTheAskedWayAtFixedLoss() throws {
    for seed: UInt64 in 1...4 {
      // Batch 4 = hidden width 4 of pair 1: σ(gVX) is square and invertible,
      // (C) is exact and composes, so κ after the step lies on the same curve.
      let (w, batch) = randomNetworkAndBatch(
        dims: [6, 5, 4, 3], batchSize: 4, seed: seed, classification: true)
      for direction in [TeleportDirection.increase, .decrease] {
        var rng = SplitMix64(seed: seed)
        let outcome = try CurvatureTeleporter(direction: direction, learningRate: 1e-3)
          .teleport(w, on: batch, using: &rng)
        XCTAssertEqual(outcome.steps.count, 1)
        let (before, after) = (outcome.curvatures[0], outcome.curvatures[1])
        XCTAssertEqual(after > before, direction == .increase, "\(direction) seed \(seed)")
        XCTAssertEqual(
          outcome.batchLoss.after, outcome.batchLoss.before,
          accuracy: 1e-9 * abs(outcome.batchLoss.before))
        XCTAssertEqual(outcome.weights[0], w[0], "the first layer does not move")
      }
    }
  }

  func testAMissingLayerPairIsAClearError() {
    let (w, batch) = randomNetworkAndBatch(dims: [6, 5, 3], batchSize: 8, seed: 1)
    var rng = SplitMix64(seed: 1)
    XCTAssertThrowsError(
      try CurvatureTeleporter(direction: .increase, learningRate: 1).teleport(
        w, on: batch, using: &rng)
    ) {
      XCTAssertTrue("\($0)".contains("layer pair 1"))
    }
  }
}
