// AdaGrad, RMSProp and Adam against their textbook per-entry loops, bit for bit, on lengths that
// leave a remainder after the vectorised body (Optimizers/*.swift use unguardedSquareRoot).

import Foundation
import XCTest
import Toolkit
@testable import Optimizers

final class VectorisedUpdateTests: XCTestCase {
  /// Three weight matrices of 1, 21 and 35 entries: every vector width leaves a remainder.
  private func problem(seed: UInt64) -> (weights: [Matrix], gradients: [[Matrix]]) {
    var rng = SplitMix64(seed: seed)
    let shapes = [(1, 1), (3, 7), (5, 7)]
    // Weights start at zero, so the first update is the step itself: a one-ulp error in the
    // step is not absorbed by rounding into a larger weight.
    let weights = shapes.map { Matrix(rows: $0.0, columns: $0.1) }
    // Five steps of gradients spanning eight orders of magnitude, some entries exactly zero.
    let gradients = (0..<5).map { step in
      shapes.map { shape in
        Matrix.normal(shape.0, shape.1, std: pow(10, Double(step * 2 - 4)), using: &rng)
          .map { abs($0) < 1e-5 ? 0 : $0 }
      }
    }
    return (weights, gradients)
  }

  func testAdaGradEqualsTheScalarLoop() {
    let (start, gradients) = problem(seed: 1)
    var weights = start
    var optimizer = AdaGrad(learningRate: 0.03, epsilon: 1e-10, initialAccumulator: 0.1)
    var (w, s) = (start.map(\.scalars), start.map { Array(repeating: 0.1, count: $0.count) })
    for g in gradients {
      optimizer.step(&weights, gradients: g)
      for i in w.indices {
        for k in w[i].indices {
          s[i][k] = s[i][k] + g[i].scalars[k] * g[i].scalars[k]
          w[i][k] += -0.03 * (g[i].scalars[k] / (s[i][k].squareRoot() + 1e-10))
        }
      }
    }
    assertBitwiseEqual(weights, w)
    assertBitwiseEqual(optimizer.squareSums, s)
  }

  func testRMSPropEqualsTheScalarLoop() {
    let (start, gradients) = problem(seed: 2)
    var weights = start
    var optimizer = RMSProp(learningRate: 0.01, alpha: 0.9, epsilon: 1e-8)
    var (w, v) = (start.map(\.scalars), start.map { Array(repeating: 0.0, count: $0.count) })
    for g in gradients {
      optimizer.step(&weights, gradients: g)
      for i in w.indices {
        for k in w[i].indices {
          v[i][k] = 0.9 * v[i][k] + (1 - 0.9) * g[i].scalars[k] * g[i].scalars[k]
          w[i][k] += -0.01 * (g[i].scalars[k] / (v[i][k].squareRoot() + 1e-8))
        }
      }
    }
    assertBitwiseEqual(weights, w)
    assertBitwiseEqual(optimizer.squareAverages, v)
  }

  func testAdamEqualsTheScalarLoop() {
    let (start, gradients) = problem(seed: 3)
    var weights = start
    var optimizer = Adam(learningRate: 0.002, beta1: 0.8, beta2: 0.99, epsilon: 1e-8)
    let zero = start.map { Array(repeating: 0.0, count: $0.count) }
    var (w, m, v) = (start.map(\.scalars), zero, zero)
    for (step, g) in gradients.enumerated() {
      optimizer.step(&weights, gradients: g)
      let t = Double(step + 1)
      let stepSize = 0.002 / (1 - pow(0.8, t))
      let root2 = (1 - pow(0.99, t)).squareRoot()
      for i in w.indices {
        for k in w[i].indices {
          let gk = g[i].scalars[k]
          m[i][k] = 0.8 * m[i][k] + (1 - 0.8) * gk
          v[i][k] = 0.99 * v[i][k] + (1 - 0.99) * gk * gk
          w[i][k] += -stepSize * (m[i][k] / (v[i][k].squareRoot() / root2 + 1e-8))
        }
      }
    }
    assertBitwiseEqual(weights, w)
    assertBitwiseEqual(optimizer.firstMoments, m)
    assertBitwiseEqual(optimizer.secondMoments, v)
  }

  private func assertBitwiseEqual(
    _ matrices: [Matrix], _ expected: [[Double]], file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertEqual(matrices.count, expected.count, file: file, line: line)
    for (matrix, scalars) in zip(matrices, expected) {
      XCTAssertEqual(
        matrix.scalars.map(\.bitPattern), scalars.map(\.bitPattern), file: file, line: line)
    }
  }
}
