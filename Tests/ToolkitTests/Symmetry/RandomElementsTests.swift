// Tests for random unit generators and elements, and the random regression problem.

import XCTest
@testable import Toolkit

final class RandomElementsTests: XCTestCase {
  func testGeneratorsHaveUnitNormOnePerHiddenLayerAndFollowTheSeed() throws {
    var rng = SplitMix64(seed: 4)
    let (w, batch) = randomRegressionProblem(dimensions: [5, 4, 3, 2], batchSize: 7, using: &rng)
    XCTAssertEqual(w.map(\.shapeText), ["4×5", "3×4", "2×3"])
    XCTAssertEqual(batch.size, 7)
    let m = randomUnitGenerators(for: w, seed: 9)
    XCTAssertEqual(m.map(\.shapeText), ["4×4", "3×3"])
    for g in m { XCTAssertEqual(g.norm(), 1, accuracy: 1e-14) }
    XCTAssertEqual(randomUnitGenerators(for: w, seed: 9), m)
    XCTAssertNotEqual(randomUnitGenerators(for: w, seed: 10), m)
    // exp(0.3 M) and its inverse.
    let elements = try randomExponentialElements(for: w, scale: 0.3, seed: 9)
    for (e, g) in zip(elements, m) {
      let product = e.matrix * e.inverse
      XCTAssertLessThan((product - .identity(g.rows)).norm(), 1e-12)
      XCTAssertLessThan((try e.matrix - matrixExponential(0.3 * g)).norm(), 1e-12)
    }
  }

  func testRandomRegressionProblemIsReproducible() {
    var a = SplitMix64(seed: 1), b = SplitMix64(seed: 1)
    let one = randomRegressionProblem(
      dimensions: [3, 2, 1], batchSize: 4, negativeSlope: 1, using: &a)
    let two = randomRegressionProblem(
      dimensions: [3, 2, 1], batchSize: 4, negativeSlope: 1, using: &b)
    XCTAssertEqual(one.weights, two.weights)
    XCTAssertEqual(one.batch.input, two.batch.input)
    for value in one.batch.input.scalars { XCTAssertTrue((-1..<1).contains(value)) }
  }
}
