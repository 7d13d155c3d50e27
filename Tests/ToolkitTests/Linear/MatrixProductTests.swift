import XCTest
import Toolkit
@testable import Linear

final class MatrixProductTests: XCTestCase {
  /// Operands for op(A) of shape m×k and op(B) of shape k×n under the given transposes.
  private func operands(
    _ m: Int, _ k: Int, _ n: Int, _ ta: Transpose, _ tb: Transpose,
    using rng: inout SplitMix64
  ) -> (Matrix, Matrix) {
    let a = ta == .none ? Matrix.normal(m, k, using: &rng) : Matrix.normal(k, m, using: &rng)
    let b = tb == .none ? Matrix.normal(k, n, using: &rng) : Matrix.normal(n, k, using: &rng)
    return (a, b)
  }

  func testBLASMatchesNaiveOnRandomShapesAndAllTransposes() {
    var rng = SplitMix64(seed: 11)
    for trial in 0..<40 {
      let m = 1 + Int(rng.next() % 40), k = 1 + Int(rng.next() % 40), n = 1 + Int(rng.next() % 40)
      for ta in [Transpose.none, .transposed] {
        for tb in [Transpose.none, .transposed] {
          let (a, b) = operands(m, k, n, ta, tb, using: &rng)
          let fast = matmul(a, b, transposeA: ta, transposeB: tb)
          XCTAssertEqual(fast.shapeText, "\(m)×\(n)")
          assertMatrixApproximatelyEqual(
            fast, naiveMatmul(a, b, transposeA: ta, transposeB: tb),
            relativeTolerance: 1e-12, absoluteTolerance: 1e-12 * Double(k),
            "trial \(trial): \(m)×\(k)·\(k)×\(n), \(ta), \(tb)")
        }
      }
    }
  }

  func testPaperLayerShape() {
    var rng = SplitMix64(seed: 12)
    let w = Matrix.pytorchLinear(outputSize: 16, inputSize: 784, using: &rng)
    let x = Matrix.uniform(784, 20, using: &rng)
    assertMatrixApproximatelyEqual(
      matmul(w, x), naiveMatmul(w, x),
      relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
  }

  func testDegenerateSizes() {
    // Inner dimension 0: the product is all zeros, not garbage.
    let empty = matmul(Matrix.zeros(3, 0), Matrix.zeros(0, 4))
    XCTAssertEqual(empty, Matrix.zeros(3, 4))
    XCTAssertEqual(naiveMatmul(Matrix.zeros(3, 0), Matrix.zeros(0, 4)), Matrix.zeros(3, 4))
    // Zero columns in the result.
    XCTAssertEqual(matmul(Matrix.zeros(3, 2), Matrix.zeros(2, 0)).shapeText, "3×0")
    XCTAssertEqual(
      matmul(Matrix.zeros(2, 0), Matrix.zeros(2, 5), transposeA: .transposed).shapeText,
      "0×5")
    // 1×1.
    XCTAssertEqual(matmul(Matrix.scalar(3), Matrix.scalar(-2)), Matrix.scalar(-6))
    XCTAssertEqual(
      matmul(Matrix.scalar(3), Matrix.scalar(-2), transposeA: .transposed, transposeB: .transposed),
      Matrix.scalar(-6))
  }

  func testVerifyAgainstNaiveIsAtRoundingLevel() {
    let error = OpenBLASKernelCheck.verifyAgainstNaive(seed: 1)
    XCTAssertLessThan(
      error, 1e-13, "dgemm disagrees with the naive product (kernel \(BLAS.coreName))")
  }
}
