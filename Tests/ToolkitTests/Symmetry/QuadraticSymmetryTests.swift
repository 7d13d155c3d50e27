// The quadratic ½wᵀAw: invariance of its group, the teleport gradient, and the Newton landing.

import XCTest
import Toolkit
@testable import Symmetry

final class QuadraticSymmetryTests: XCTestCase {
  let spread = (0..<50).map { 10 * pow(0.01, Double($0) / 49) }

  func testGroupPreservesTheLossAndRejectsIndefiniteMatrices() throws {
    let problem = try QuadraticProblem.random(eigenvalues: [5, 2, 1, 0.1], seed: 4)
    var rng = SplitMix64(seed: 9)
    for trial in 0..<5 {
      let m = Matrix.normal(4, 4, using: &rng)
      let w = Matrix.normal(4, 1, using: &rng)
      let moved = problem.act(try matrixExponential(m - m.transposed), on: w)
      XCTAssertEqual(
        problem.loss(moved), problem.loss(w), accuracy: 1e-12 * problem.loss(w), "trial \(trial)")
    }
    XCTAssertThrowsError(try QuadraticProblem(matrix: Matrix([[1, 0], [0, -1]]))) { error in
      XCTAssertEqual(error as? QuadraticProblemError, .notPositiveDefinite(smallest: -1))
    }
  }

  func testTeleportGradientMatchesFiniteDifferences() throws {
    let problem = try QuadraticProblem.random(eigenvalues: [4, 2, 1], seed: 6)
    let w = Matrix.column([0.3, -1, 0.8])
    let gradient = problem.teleportGradient(at: w)
    XCTAssertLessThan((gradient + gradient.transposed).maxAbs(), 1e-15, "skew-symmetric")
    func objective(_ s: Matrix) throws -> Double {
      problem.gradient(problem.act(try matrixExponential(s), on: w)).squaredNorm()
        / (2 * problem.loss(w))
    }
    let h = 1e-6
    for (i, j) in [(0, 1), (0, 2), (1, 2)] {
      var e = Matrix(rows: 3, columns: 3)
      e[i, j] = 1
      e[j, i] = -1
      let numeric = try (objective(h * e) - objective(-h * e)) / (2 * h)
      XCTAssertEqual(gradient.dot(e), numeric, accuracy: 1e-7, "direction E_\(i)\(j) − E_\(j)\(i)")
    }
  }

  /// Chapter 03, item 1: the teleport makes ∇ℒ an eigenvector for λ_max, and one
  /// gradient step with η = 1/λ_max then lands on the minimum to rounding.
  func testTeleportThenGradientStepLandsOnTheMinimumAtRoundingLevel() throws {
    for seed: UInt64 in [1, 2, 3] {
      let problem = try QuadraticProblem.random(eigenvalues: spread, seed: seed)
      var rng = SplitMix64(seed: seed &+ 100)
      let w0 = Matrix.normal(50, 1, using: &rng)
      let lambda = problem.largestEigenvalue
      let end = try problem.teleport(w0, learningRate: 1 / (lambda - spread[49]), stepCount: 600)
        .end
      // 600 finite group elements in a row drift off the level set by rounding only.
      XCTAssertEqual(problem.loss(end), problem.loss(w0), accuracy: 1e-10 * problem.loss(w0))
      let g = problem.gradient(end)
      XCTAssertEqual(
        g.squaredNorm(), problem.maximalGradientNormSquared(onLevelSetOf: end),
        accuracy: 1e-10 * g.squaredNorm())
      let residual = eigenvectorResidual(hessianTimesGradient: problem.gradient(g), gradient: g)
      XCTAssertLessThan(residual.relative, 1e-12, "seed \(seed)")
      let landed = end - (1 / lambda) * g
      XCTAssertLessThan(
        landed.norm() / w0.norm(), 1e-12, "seed \(seed): distance to w* after one step")
      // Any η: the gradient step is Newton's step damped by ηλ.
      let newton = try newtonDirection(hessian: problem.hessian, gradient: g)
      for eta in [0.1 / lambda, 0.7 / lambda, 1.9 / lambda] {
        let difference = (end - eta * g) - (end - (eta * lambda) * newton)
        XCTAssertLessThan(
          difference.norm() / end.norm(), 1e-12, "seed \(seed), ηλ = \(eta * lambda)")
      }
    }
  }

  /// Proposition 3.4 on a quadratic: after one teleport, GD stays teleport-optimal.
  func testOneTeleportIsEnough() throws {
    let problem = try QuadraticProblem.random(eigenvalues: spread, seed: 7)
    var rng = SplitMix64(seed: 70)
    let lambda = problem.largestEigenvalue
    var w = try problem.teleport(
      Matrix.normal(50, 1, using: &rng), learningRate: 1 / (lambda - spread[49]),
      stepCount: 600
    ).end
    for step in 0..<30 {
      let g = problem.gradient(w)
      XCTAssertLessThan(
        eigenvectorResidual(hessianTimesGradient: problem.gradient(g), gradient: g).relative,
        1e-11, "step \(step)")
      XCTAssertEqual(
        g.squaredNorm(), problem.maximalGradientNormSquared(onLevelSetOf: w),
        accuracy: 1e-10 * g.squaredNorm(), "step \(step)")
      w = w - (0.2 / lambda) * g
    }
  }

  func testTeleportStopsAtTolerance() throws {
    let problem = try QuadraticProblem.random(eigenvalues: [3, 1], seed: 1)
    let eigenvector = Matrix.column(problem.eigenvectors.column(0))
    let teleport = try problem.teleport(
      eigenvector, learningRate: 0.5, stepCount: 10, tolerance: 1e-12)
    XCTAssertEqual(teleport.generators.count, 0, "already a maximiser: no step")
    XCTAssertEqual(
      try problem.teleport(.column([1, 1]), learningRate: 0.5, stepCount: 3).generators.count, 3)
  }
}
