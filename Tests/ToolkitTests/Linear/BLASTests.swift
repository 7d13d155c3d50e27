// Tests for Linear/BLAS.swift: the dgemm wrappers against the naive product.

import XCTest
import Toolkit
@testable import Linear

final class BLASTests: XCTestCase {
  /// (m, k, n) shapes of op(A)·op(B): odd sizes, vectors both ways, and a 1×1.
  let shapes = [(7, 5, 3), (1, 9, 1), (9, 1, 9), (1, 1, 6), (6, 1, 1), (1, 1, 1), (33, 17, 2)]

  private func operands(
    _ m: Int, _ k: Int, _ n: Int, transposeA: Bool, transposeB: Bool,
    using rng: inout SplitMix64
  ) -> (Matrix, Matrix) {
    (
      transposeA ? Matrix.normal(k, m, using: &rng) : Matrix.normal(m, k, using: &rng),
      transposeB ? Matrix.normal(n, k, using: &rng) : Matrix.normal(k, n, using: &rng)
    )
  }

  private func naive(_ a: Matrix, _ b: Matrix, _ ta: Bool, _ tb: Bool) -> Matrix {
    naiveMatmul(a, b, transposeA: ta ? .transposed : .none, transposeB: tb ? .transposed : .none)
  }

  func testProductMatchesTheNaiveProduct() {
    var rng = SplitMix64(seed: 21)
    for (m, k, n) in shapes {
      for ta in [false, true] {
        for tb in [false, true] {
          let (a, b) = operands(m, k, n, transposeA: ta, transposeB: tb, using: &rng)
          let c = BLAS.product(a, b, rows: m, columns: n, transposeA: ta, transposeB: tb)
          assertMatrixApproximatelyEqual(
            c, naive(a, b, ta, tb), relativeTolerance: 1e-13,
            absoluteTolerance: 1e-13,
            "\(m)×\(k)·\(k)×\(n), transposes \(ta), \(tb)")
        }
      }
    }
  }

  func testEmptyInnerDimension() {
    // k = 0: the product is zero (BLAS.gemm, which nothing called, is gone).
    XCTAssertEqual(
      BLAS.product(
        .zeros(3, 0), .zeros(0, 4), rows: 3, columns: 4,
        transposeA: false, transposeB: false), .zeros(3, 4))
  }

  func testEmptyOutput() {
    XCTAssertEqual(
      BLAS.product(
        .zeros(0, 3), .zeros(3, 4), rows: 0, columns: 4,
        transposeA: false, transposeB: false
      ).shapeText, "0×4")
  }
}
