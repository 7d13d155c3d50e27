// SO(2) on Rosenbrock and Booth: the loss is invariant and the gradient norm is not.

import XCTest
import Toolkit
@testable import Symmetry

final class TestFunctionsTests: XCTestCase {
  let functions: [any SumOfSquaresFunction] = [Rosenbrock(), Booth()]
  let points: [(x: Double, y: Double)] = [(-1, -1), (5, -5), (0.3, 2), (1.7, -0.4)]

  func testClosedFormsAtKnownPoints() {
    XCTAssertEqual(Rosenbrock().loss((-1, -1)), 404, accuracy: 1e-12)  // 100·4 + 4
    XCTAssertEqual(Booth().loss((5, -5)), 144, accuracy: 1e-12)  // u = −12, v = 0
    XCTAssertEqual(Rosenbrock().loss((1, 1)), 0)
    XCTAssertEqual(Booth().loss((1, 3)), 0)
    let g = Booth().gradient((5, -5))  // ∂/∂x = 2u + 4v, ∂/∂y = 4u + 2v with u = −12, v = 0
    XCTAssertEqual(g.x, -24, accuracy: 1e-12)
    XCTAssertEqual(g.y, -48, accuracy: 1e-12)
  }

  func testRotationsPreserveTheLoss() {
    for f in functions {
      for p in points {
        for theta in stride(from: 0.0, to: 6.3, by: 0.7) {
          let q = f.rotated(p, by: theta)
          XCTAssertEqual(
            f.loss(q), f.loss(p), accuracy: 1e-10 * max(1, f.loss(p)),
            "\(f.name) at \(p), θ = \(theta)")
        }
      }
    }
  }

  func testSlopeOfTheGradientNormMatchesFiniteDifferences() {
    for f in functions {
      for p in points {
        let h = 1e-6
        let numeric =
          (f.gradientNormSquared(f.rotated(p, by: h))
            - f.gradientNormSquared(f.rotated(p, by: -h))) / (2 * h)
        let analytic = f.gradientNormSlope(at: p)
        XCTAssertEqual(
          analytic, numeric, accuracy: 1e-5 * max(1, abs(numeric)), "\(f.name) at \(p)")
      }
    }
  }

  func testTeleportRaisesTheGradientNormOnTheLevelSet() {
    let booth = Booth(), p = (x: 2.0, y: 1.0)
    let q = booth.teleport(p, learningRate: 1e-3, stepCount: 10)
    XCTAssertEqual(booth.loss(q), booth.loss(p), accuracy: 1e-10 * booth.loss(p))
    XCTAssertGreaterThan(booth.gradientNormSquared(q), booth.gradientNormSquared(p))
  }
}
