// ψ: the closed-form γ′ and γ″ against finite differences of the orbit curve, and κ on known curves.

import XCTest
import Toolkit
@testable import Teleport

final class OrbitCurvatureTests: XCTestCase {
  /// The curve t ↦ exp(tM)·(U, V) of action (B) on one pair, from the action itself.
  func pairCurve(_ u: Matrix, _ v: Matrix, _ x: Matrix, _ m: Matrix, _ t: Double) throws -> [Matrix]
  {
    let (uu, vv) = try LeakyReLUAction(inverse: .exact).transform(
      u: Variable(constant: u), v: Variable(constant: v), input: Variable(constant: x),
      g: Variable(constant: matrixExponential(t * m)),
      gInverse: Variable(constant: matrixExponential(-t * m)),
      negativeSlope: defaultNegativeSlope)
    return [vv.value, uu.value]
  }

  func testClosedFormMatchesFiniteDifferencesOnOneHiddenLayer() throws {
    // Batch 4 ≤ input 6 (the action is exact) and batch 9 > 6 (it is not; the
    // derivatives of the action's curve are still what the formulas give).
    for (batchSize, seed) in [(4, UInt64(1)), (4, 2), (9, 3), (9, 4)] {
      let (w, batch) = randomNetworkAndBatch(dims: [6, 5, 3], batchSize: batchSize, seed: seed)
      var rng = SplitMix64(seed: seed)
      let m = randomOrbitGenerators(hiddenSizes: [5], using: &rng)
      let (first, second) = try orbitCurveDerivatives(weights: w, generators: m, input: batch.input)
      let curve = { (t: Double) in try self.pairCurve(w[1], w[0], batch.input, m[0], t) }
      let h1 = 1e-5, h2 = 1e-3
      let (plus, minus) = (try curve(h1), try curve(-h1))
      let numericFirst = zip(plus, minus).map { ($0 - $1) / (2 * h1) }
      let (p2, m2, zero) = (try curve(h2), try curve(-h2), try curve(0))
      let numericSecond = (0..<2).map { (p2[$0] - 2 * zero[$0] + m2[$0]) / (h2 * h2) }
      XCTAssertLessThan(
        relativeDifference(first, numericFirst), 1e-7, "γ′ batch \(batchSize) seed \(seed)")
      XCTAssertLessThan(
        relativeDifference(second, numericSecond), 1e-5, "γ″ batch \(batchSize) seed \(seed)")
      // And ψ from them equals κ of the finite-difference derivatives.
      XCTAssertEqual(
        curveCurvature(first: first, second: second),
        curveCurvature(first: numericFirst, second: numericSecond), accuracy: 1e-4)
    }
  }

  func testDeepNetworksAddThePerPairDerivatives() throws {
    // The paper's convention: pair m is differentiated with the other pairs fixed,
    // on the untransformed input h_m, and the contributions are summed per weight.
    let (w, batch) = randomNetworkAndBatch(dims: [7, 5, 4, 3], batchSize: 6, seed: 11)
    var rng = SplitMix64(seed: 5)
    let m = randomOrbitGenerators(hiddenSizes: [5, 4], using: &rng)
    let (first, second) = try orbitCurveDerivatives(weights: w, generators: m, input: batch.input)
    let hs = MLP(weights: w).activations(batch.input)
    var numericFirst = w.map { Matrix(rows: $0.rows, columns: $0.columns) }
    var numericSecond = numericFirst
    let h1 = 1e-5, h2 = 1e-3
    for pair in 0..<2 {
      let curve = { (t: Double) in try self.pairCurve(w[pair + 1], w[pair], hs[pair], m[pair], t) }
      let (p1, n1) = (try curve(h1), try curve(-h1))
      let (p2, n2, zero) = (try curve(h2), try curve(-h2), try curve(0))
      for s in 0..<2 {
        numericFirst[pair + s] += (p1[s] - n1[s]) / (2 * h1)
        numericSecond[pair + s] += (p2[s] - 2 * zero[s] + n2[s]) / (h2 * h2)
      }
    }
    XCTAssertLessThan(relativeDifference(first, numericFirst), 1e-7)
    XCTAssertLessThan(relativeDifference(second, numericSecond), 1e-5)
  }

  func testCurvatureOfAHelixAndOfACircle() {
    // Helix (a cos t, a sin t, b t) at t = 0: γ′ = (0, a, b), γ″ = (−a, 0, 0), κ = a/(a² + b²).
    let (a, b) = (2.0, 0.5)
    let helix = curveCurvature(
      first: [Matrix([[0, a]]), Matrix([[b]])],
      second: [Matrix([[-a, 0]]), Matrix([[0]])])
    XCTAssertEqual(helix, a / (a * a + b * b), accuracy: 1e-14)
    // A circle of radius 4 traversed at speed 3: κ = 1/4 whatever the speed.
    let circle = curveCurvature(first: [Matrix([[3, 0]])], second: [Matrix([[0, 9.0 / 4]])])
    XCTAssertEqual(circle, 0.25, accuracy: 1e-14)
    // A straight line has zero curvature, even with γ″ ≠ 0 along it.
    XCTAssertEqual(
      curveCurvature(first: [Matrix([[1, 2]])], second: [Matrix([[3, 6]])]), 0, accuracy: 1e-7)
  }

  func testRandomGeneratorsArePositiveAndNormalised() {
    var rng = SplitMix64(seed: 9)
    for m in randomOrbitGenerators(hiddenSizes: [16, 10], using: &rng) {
      XCTAssertEqual(m.norm(), 1, accuracy: 1e-14)
      XCTAssertTrue(m.scalars.allSatisfy { $0 >= 0 })
    }
  }

  func testPsiIsTheMeanOverProbesAndReproducible() throws {
    let (w, _) = randomNetworkAndBatch(dims: [8, 5, 4, 3], batchSize: 6, seed: 2)
    let probes = try (0..<3).map { i -> ProbeBatch in
      try ProbeBatch(
        randomNetworkAndBatch(
          dims: [8, 5, 4, 3], batchSize: 6, seed: 100 + UInt64(i),
          classification: true
        ).batch)
    }
    XCTAssertLessThan(
      (try probes[0].inputPseudoInverse - pseudoInverse(probes[0].batch.input)).maxAbs(), 1e-15)
    let psi = try orbitCurvature(weights: w, probes: probes, seed: 7)
    var manual = 0.0
    for (c, probe) in probes.enumerated() {
      var rng = SplitMix64.stream(seed: 7, index: UInt64(c))
      let m = randomOrbitGenerators(hiddenSizes: [5, 4], using: &rng)
      let d = try orbitCurveDerivatives(weights: w, generators: m, input: probe.batch.input)
      manual += curveCurvature(first: d.first, second: d.second) / 3
    }
    XCTAssertEqual(psi, manual, accuracy: 1e-14 * manual)
    XCTAssertGreaterThan(psi, 0)
    XCTAssertEqual(psi, try orbitCurvature(weights: w, probes: probes, seed: 7))
    XCTAssertNotEqual(psi, try orbitCurvature(weights: w, probes: probes, seed: 8))
  }
}
