import Foundation
import XCTest
import Toolkit
@testable import Linear

final class MatrixExponentialTests: XCTestCase {
  func testRotationGenerator() throws {
    // exp([[0, −θ], [θ, 0]]) is the rotation by θ; the angles cover every Padé degree and scaling.
    for theta in [1e-3, 0.1, 0.5, 1.5, 3.0, 10.0, 100.0] {
      let generator = Matrix([[0, -theta], [theta, 0]])
      let rotation = Matrix([[cos(theta), -sin(theta)], [sin(theta), cos(theta)]])
      assertMatrixApproximatelyEqual(
        try matrixExponential(generator), rotation,
        relativeTolerance: 1e-13, absoluteTolerance: 1e-13 * max(1, theta),
        "θ = \(theta)")
    }
  }

  func testNilpotentSeriesTerminates() throws {
    // N strictly upper triangular, 4×4: N⁴ = 0, so exp(N) = I + N + N²/2 + N³/6 exactly.
    for scale in [0.01, 1.0, 30.0] {
      var rng = SplitMix64(seed: 31)
      let n = Matrix(rows: 4, columns: 4) { i, j in j > i ? scale * rng.nextNormal() : 0 }
      let n2 = matmul(n, n), n3 = matmul(n2, n)
      let series = Matrix.identity(4) + n + 0.5 * n2 + (1.0 / 6.0) * n3
      assertMatrixApproximatelyEqual(
        try matrixExponential(n), series, relativeTolerance: 1e-12,
        absoluteTolerance: 1e-14 * max(1, series.maxAbs()), "scale \(scale)")
    }
  }

  func testDiagonalIsElementwiseExp() throws {
    let d = [-3.0, -0.2, 0, 1e-5, 0.7, 2.5, 12]
    let result = try matrixExponential(Matrix(rows: 7, columns: 7) { i, j in i == j ? d[i] : 0 })
    let expected = Matrix(rows: 7, columns: 7) { i, j in i == j ? exp(d[i]) : 0 }
    assertMatrixApproximatelyEqual(
      result, expected, relativeTolerance: 1e-13, absoluteTolerance: 1e-15)
  }

  func testLargeNormNeedsScaling() throws {
    // ‖A‖₁ = 80 ≫ θ₁₃ ≈ 5.4, so this takes s = 4 squarings; compare with the eigendecomposition.
    var rng = SplitMix64(seed: 32)
    let b = Matrix.normal(5, 5, using: &rng)
    var a = b + b.transposed
    a = a * (80 / a.oneNorm())
    let (values, v) = try symmetricEigen(a)
    var vExp = v
    for i in 0..<5 { for j in 0..<5 { vExp[i, j] *= exp(values[j]) } }
    let expected = matmul(vExp, v, transposeB: .transposed)  // V exp(Λ) Vᵀ
    assertMatrixApproximatelyEqual(
      try matrixExponential(a), expected, relativeTolerance: 1e-10,
      absoluteTolerance: 1e-12 * expected.maxAbs())
  }

  func testExpOfMinusAIsTheInverse() throws {
    var rng = SplitMix64(seed: 33)
    for (n, scale) in [(2, 0.01), (3, 0.1), (5, 0.3), (8, 0.5), (6, 1.0), (10, 2.0)] {
      let a = scale * Matrix.normal(n, n, using: &rng)
      let forward = try matrixExponential(a), backward = try matrixExponential(-a)
      // Rounding in the product grows with ‖e^A‖·‖e^−A‖, which is large for large ‖A‖.
      let scale = forward.oneNorm() * backward.oneNorm()
      assertMatrixApproximatelyEqual(
        matmul(forward, backward), .identity(n),
        absoluteTolerance: 1e-14 * Double(n) * scale,
        "n = \(n), ‖A‖₁ = \(a.oneNorm())")
    }
  }

  func testDeterminantIsExpOfTrace() {
    var rng = SplitMix64(seed: 34)
    let a = 0.4 * Matrix.normal(6, 6, using: &rng)
    XCTAssertTrue(
      isApproximatelyEqual(
        try determinant(try matrixExponential(a)), exp(a.trace()),
        relativeTolerance: 1e-12))
  }

  func testEmptyAndZero() {
    XCTAssertEqual(try matrixExponential(Matrix.zeros(0, 0)), Matrix.zeros(0, 0))
    XCTAssertEqual(try matrixExponential(Matrix.zeros(3, 3)), Matrix.identity(3))
  }
}
