// Descent paths on ½wᵀAw against their closed forms.

import XCTest
import Toolkit
@testable import Teleport

final class QuadraticDescentTests: XCTestCase {
  func testGradientDescentContractsEachEigendirectionBy1MinusEtaLambda() throws {
    let problem = try QuadraticProblem(matrix: Matrix([[4, 0], [0, 1]]))
    let path = problem.gradientDescentPath(
      from: Matrix.column([1, 1]), learningRate: 0.1, stepCount: 3)
    XCTAssertEqual(path.count, 4)
    XCTAssertEqual(path[3][0, 0], pow(0.6, 3), accuracy: 1e-15)
    XCTAssertEqual(path[3][1, 0], pow(0.9, 3), accuracy: 1e-15)
  }

  func testNewtonLandsInOneStepAndDampedNewtonHalvesTheDistance() throws {
    let problem = try QuadraticProblem.random(eigenvalues: [5, 2, 0.5], seed: 3)
    let w = Matrix.column([1, -2, 0.5])
    let full = try problem.newtonPath(from: w, damping: 1, stepCount: 2)
    XCTAssertLessThan(full[1].norm(), 1e-14)
    let half = try problem.newtonPath(from: w, damping: 0.5, stepCount: 3)
    XCTAssertEqual(half[3].norm(), w.norm() / 8, accuracy: 1e-14)
  }

  func testATeleportBeforeEachStepMakesOneGradientStepANewtonStep() throws {
    let problem = try QuadraticProblem.random(eigenvalues: [4, 2, 1], seed: 6)
    let w = Matrix.column([1, 0.5, -0.3])
    let rate = 1 / (problem.largestEigenvalue - problem.eigenvalues[2])
    let path = try problem.teleportedDescentPath(
      from: w, learningRate: 1 / problem.largestEigenvalue,
      teleportRate: rate, teleportSteps: 600, tolerance: 1e-15,
      stepCount: 1)
    XCTAssertLessThan(path[1].norm() / w.norm(), 1e-6)
    // Without the teleport the same step stops far from the minimum.
    let plain = problem.gradientDescentPath(
      from: w, learningRate: 1 / problem.largestEigenvalue, stepCount: 1)
    XCTAssertGreaterThan(plain[1].norm() / w.norm(), 0.1)
  }
}
