// Newton, damped Newton and saddle-free Newton directions.

import XCTest
import Toolkit
@testable import Teleport

final class NewtonStepTests: XCTestCase {
  func testSpectrumIsDescendingAndReconstructsTheMatrix() throws {
    var rng = SplitMix64(seed: 5)
    let m = Matrix.normal(7, 7, using: &rng)
    let h = m + m.transposed
    let spectrum = try HessianSpectrum(h)
    XCTAssertEqual(spectrum.values, spectrum.values.sorted(by: >))
    let v = spectrum.vectors
    let scaled = Matrix(rows: 7, columns: 7) { i, j in v[i, j] * spectrum.values[j] }
    XCTAssertLessThan((matmul(scaled, v, transposeB: .transposed) - h).maxAbs(), 1e-12)
    XCTAssertEqual(spectrum.negativeCount, spectrum.values.filter { $0 < 0 }.count)
  }

  func testNewtonLandsOnTheMinimumOfAQuadratic() throws {
    let problem = try QuadraticProblem.random(eigenvalues: [9, 3, 1, 0.5], seed: 2)
    let w = Matrix.column([1, -2, 0.5, 3])
    let p = try newtonDirection(hessian: problem.hessian, gradient: problem.gradient(w))
    let landed = newtonStep([w], direction: p)[0]
    XCTAssertLessThan(landed.norm(), 1e-13)
    let damped = newtonStep([w], direction: p, damping: 0.25)[0]
    XCTAssertLessThan((damped - 0.75 * w).maxAbs(), 1e-13, "damped Newton shrinks w by 1 − α")
  }

  func testSingularHessianThrows() {
    let h = Matrix([[1, 0], [0, 0]])
    XCTAssertThrowsError(try newtonDirection(hessian: h, gradient: .column([1, 1])))
  }

  func testSaddleFreeNewtonFlipsNegativeCurvature() throws {
    let h = Matrix([[2, 0], [0, -4]])
    let g = Matrix.column([2, 4])
    let plain = try newtonDirection(hessian: h, gradient: g)
    XCTAssertEqual(plain.scalars, [1, -1], "plain Newton climbs along the negative direction")
    let free = saddleFreeNewtonDirection(spectrum: try HessianSpectrum(h), gradient: g, floor: 1e-8)
    XCTAssertEqual(free.scalars[0], 1, accuracy: 1e-14)
    XCTAssertEqual(free.scalars[1], 1, accuracy: 1e-14)
    let floored = saddleFreeNewtonDirection(spectrum: try HessianSpectrum(h), gradient: g, floor: 8)
    XCTAssertEqual(floored.scalars[0], 0.25, accuracy: 1e-14)
    XCTAssertEqual(floored.scalars[1], 0.5, accuracy: 1e-14)
  }
}
