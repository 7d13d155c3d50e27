// Gradient descent, Newton and saddle-free Newton steps on one batch, against their definitions.

import XCTest
import Toolkit
@testable import Teleport

final class LossDescentTests: XCTestCase {
  private let (w, batch) = randomNetworkAndBatch(
    dims: [4, 3, 2], batchSize: 5, seed: 8, classification: true)

  func testGradientRuleIsTheGradientStep() throws {
    let g = lossAndFlatGradient(weights: w, on: batch).gradient
    let moved = try descentStep(w, rule: .gradient(learningRate: 0.3), on: batch)
    XCTAssertLessThan((flatten(moved) - (flatten(w) - 0.3 * g)).maxAbs(), 1e-14)
  }

  func testNewtonRulesFollowTheirDirections() throws {
    let g = lossAndFlatGradient(weights: w, on: batch).gradient
    let h = lossHessian(weights: w, on: batch)
    let damped = try descentStep(w, rule: .newton(damping: 0.5), on: batch)
    let p = try newtonDirection(hessian: h, gradient: g)
    XCTAssertLessThan((flatten(damped) - (flatten(w) - 0.5 * p)).maxAbs(), 1e-12)
    let spectrum = try HessianSpectrum(h)
    let floor = 1e-3 * max(abs(spectrum.largest), abs(spectrum.smallest))
    let free = try descentStep(
      w, rule: .saddleFreeNewton(damping: 1, relativeFloor: 1e-3), on: batch)
    let q = saddleFreeNewtonDirection(spectrum: spectrum, gradient: g, floor: floor)
    XCTAssertLessThan((flatten(free) - (flatten(w) - q)).maxAbs(), 1e-12)
    // Saddle-free Newton descends: the loss falls for a small enough damping.
    let small = try descentStep(
      w, rule: .saddleFreeNewton(damping: 1e-3, relativeFloor: 1e-3), on: batch)
    XCTAssertLessThan(MLP(weights: small).loss(on: batch), MLP(weights: w).loss(on: batch))
  }

  func testLossesStartAtTheStartAndReadNaNAfterDivergence() throws {
    let start = MLP(weights: w).loss(on: batch)
    let calm = try descentLosses(
      from: w, rule: .gradient(learningRate: 0.1), on: batch, stepCount: 4)
    XCTAssertEqual(calm.count, 5)
    XCTAssertEqual(calm[0], start)
    XCTAssertLessThan(calm[4], calm[0])
    let wild = try descentLosses(
      from: w, rule: .gradient(learningRate: 1e4), on: batch, stepCount: 6,
      divergenceFactor: 10)
    XCTAssertEqual(wild.count, 7)
    XCTAssertEqual(wild[0], start)
    let firstNaN = try XCTUnwrap(wild.firstIndex { $0.isNaN })
    XCTAssertTrue(wild[firstNaN...].allSatisfy(\.isNaN), "\(wild)")
    XCTAssertTrue(wild[..<firstNaN].allSatisfy { $0 <= 10 * start }, "\(wild)")
  }
}
