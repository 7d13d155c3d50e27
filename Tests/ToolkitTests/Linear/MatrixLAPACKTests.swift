import XCTest
import Toolkit
@testable import Linear

final class MatrixLAPACKTests: XCTestCase {
  // MARK: - Solve, inverse, determinant

  func testInverseTimesMatrixIsIdentity() throws {
    var rng = SplitMix64(seed: 21)
    for n in [1, 2, 5, 16, 40] {
      let a = Matrix.normal(n, n, using: &rng) + 3 * Matrix.identity(n)
      let aInverse = try inverse(a)
      assertMatrixApproximatelyEqual(
        matmul(a, aInverse), .identity(n), absoluteTolerance: 1e-12, "n = \(n)")
      assertMatrixApproximatelyEqual(
        matmul(aInverse, a), .identity(n), absoluteTolerance: 1e-12, "n = \(n)")
    }
  }

  func testSolveResidualIsSmall() throws {
    var rng = SplitMix64(seed: 22)
    for (n, k) in [(1, 1), (4, 1), (10, 3), (30, 7), (6, 0)] {
      let a = Matrix.normal(n, n, using: &rng)
      let b = Matrix.normal(n, k, using: &rng)
      let x = try solve(a, b)
      XCTAssertEqual(x.shapeText, "\(n)×\(k)")
      // Backward error: ‖AX − B‖ relative to ‖A‖‖X‖ is O(ε) for LU with partial pivoting.
      let residual = (matmul(a, x) - b).maxAbs()
      XCTAssertLessThan(
        residual, 1e-13 * Double(n) * max(a.maxAbs() * x.maxAbs(), 1), "n = \(n), k = \(k)")
    }
  }

  func testSolveKnownSystem() throws {
    let a = Matrix([[2, 1], [1, 3]])
    let x = try solve(a, Matrix.column([3, 5]))
    assertMatrixApproximatelyEqual(x, Matrix.column([0.8, 1.4]), relativeTolerance: 1e-14)
  }

  func testSingularMatrixThrowsNamingThePivot() {
    // Rows 0..2 are independent, row 3 is the sum of rows 0 and 1: U[3,3] is exactly 0.
    let a = Matrix([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [1, 1, 0, 0]])
    XCTAssertThrowsError(try solve(a, Matrix.column([1, 2, 3, 4]))) { error in
      XCTAssertEqual(
        error as? LinearAlgebraError,
        .singular(operation: "solve", pivot: 3, routine: "dgesv", info: 4))
      XCTAssertEqual(
        "\(error)", "solve: matrix is singular: U[3,3] is exactly zero (LAPACK dgesv info=4)")
    }
    XCTAssertThrowsError(try inverse(a)) { error in
      XCTAssertEqual(
        "\(error)", "inverse: matrix is singular: U[3,3] is exactly zero (LAPACK dgetrf info=4)")
    }
    XCTAssertEqual(try determinant(a), 0)
  }

  func testShapeErrorsNameBothShapes() {
    XCTAssertThrowsError(try solve(Matrix.zeros(3, 3), Matrix.zeros(2, 1))) { error in
      XCTAssertEqual(
        "\(error)", "solve: shape mismatch 3×3 vs 2×1 (the right-hand side needs 3 rows)")
    }
    XCTAssertThrowsError(try solve(Matrix.zeros(3, 2), Matrix.zeros(3, 1))) { error in
      XCTAssertEqual("\(error)", "solve: needs a square matrix, got 3×2")
    }
    XCTAssertThrowsError(try inverse(Matrix.zeros(1, 2))) { error in
      XCTAssertEqual(error as? LinearAlgebraError, .notSquare(operation: "inverse", shape: "1×2"))
    }
    XCTAssertThrowsError(try inverse(Matrix([[1, .nan], [0, 1]]))) { error in
      XCTAssertEqual("\(error)", "inverse: the 2×2 input contains NaN or infinity")
    }
  }

  func testDeterminant() {
    XCTAssertEqual(try determinant(Matrix([[0, 1], [1, 0]])), -1, accuracy: 1e-15)
    XCTAssertEqual(try determinant(Matrix([[2, 1], [1, 3]])), 5, accuracy: 1e-14)
    XCTAssertEqual(try determinant(Matrix.zeros(0, 0)), 1)
    var rng = SplitMix64(seed: 23)
    let a = Matrix.normal(6, 6, using: &rng), b = Matrix.normal(6, 6, using: &rng)
    XCTAssertTrue(
      isApproximatelyEqual(
        try determinant(matmul(a, b)), try determinant(a) * determinant(b),
        relativeTolerance: 1e-10))
  }

  // MARK: - SVD and pseudo-inverse

  /// An m×n matrix of rank r (r ≤ min(m, n)), as a product of random m×r and r×n factors.
  private func rankDeficient(_ m: Int, _ n: Int, rank r: Int, using rng: inout SplitMix64) -> Matrix
  {
    matmul(Matrix.normal(m, r, using: &rng), Matrix.normal(r, n, using: &rng))  // [m, n]
  }

  func testSVDReconstructsAndIsOrthonormal() throws {
    var rng = SplitMix64(seed: 24)
    for (m, n) in [(5, 5), (3, 8), (9, 4), (1, 6)] {
      let a = Matrix.normal(m, n, using: &rng)
      let d = try svd(a)
      let k = min(m, n)
      XCTAssertEqual(d.u.shapeText, "\(m)×\(k)")
      XCTAssertEqual(d.vTransposed.shapeText, "\(k)×\(n)")
      XCTAssertEqual(d.singularValues, d.singularValues.sorted(by: >))
      var sigmaVt = d.vTransposed
      for i in 0..<k { for j in 0..<n { sigmaVt[i, j] *= d.singularValues[i] } }
      assertMatrixApproximatelyEqual(matmul(d.u, sigmaVt), a, absoluteTolerance: 1e-13, "\(m)×\(n)")
      assertMatrixApproximatelyEqual(
        matmul(d.u, d.u, transposeA: .transposed), .identity(k),
        absoluteTolerance: 1e-13)
      assertMatrixApproximatelyEqual(
        matmul(d.vTransposed, d.vTransposed, transposeB: .transposed),
        .identity(k), absoluteTolerance: 1e-13)
      let valuesOnly = try singularValues(a)
      for i in 0..<k {
        XCTAssertTrue(
          isApproximatelyEqual(valuesOnly[i], d.singularValues[i], relativeTolerance: 1e-12))
      }
    }
  }

  func testSingularValuesOfKnownMatrix() throws {
    let sigma = try singularValues(Matrix([[3, 0], [0, -4], [0, 0]]))
    XCTAssertEqual(sigma.count, 2)
    XCTAssertEqual(sigma[0], 4, accuracy: 1e-15)
    XCTAssertEqual(sigma[1], 3, accuracy: 1e-15)
    XCTAssertEqual(try singularValues(Matrix.zeros(0, 3)), [])
  }

  func testPenroseConditionsOnRankDeficientInputs() throws {
    var rng = SplitMix64(seed: 25)
    // Square, wide and tall, each rank-deficient, plus full-rank wide and tall.
    for (m, n, r) in [(6, 6, 3), (4, 9, 2), (12, 5, 3), (5, 784, 5), (20, 7, 7), (3, 3, 0)] {
      let a = rankDeficient(m, n, rank: r, using: &rng)
      let p = try pseudoInverse(a)  // [n, m]
      XCTAssertEqual(p.shapeText, "\(n)×\(m)")
      XCTAssertEqual(try matrixRank(a), r, "\(m)×\(n) of rank \(r)")
      let scale = max(a.maxAbs(), 1) * max(p.maxAbs(), 1)
      let ap = matmul(a, p), pa = matmul(p, a)  // [m, m], [n, n]
      let label = "\(m)×\(n) of rank \(r)"
      assertMatrixApproximatelyEqual(
        matmul(ap, a), a, absoluteTolerance: 1e-12 * scale, "A A⁺ A = A, \(label)")
      assertMatrixApproximatelyEqual(
        matmul(pa, p), p, absoluteTolerance: 1e-12 * scale, "A⁺ A A⁺ = A⁺, \(label)")
      assertMatrixApproximatelyEqual(
        ap.transposed, ap, absoluteTolerance: 1e-12 * scale, "(A A⁺)ᵀ, \(label)")
      assertMatrixApproximatelyEqual(
        pa.transposed, pa, absoluteTolerance: 1e-12 * scale, "(A⁺ A)ᵀ, \(label)")
    }
  }

  func testPseudoInverseOfInvertibleMatrixIsInverse() throws {
    var rng = SplitMix64(seed: 26)
    let a = Matrix.normal(7, 7, using: &rng) + 4 * Matrix.identity(7)
    assertMatrixApproximatelyEqual(
      try pseudoInverse(a), try inverse(a), relativeTolerance: 1e-10,
      absoluteTolerance: 1e-13)
  }

  func testToleranceDropsTinySingularValues() throws {
    // σ = (1, 1e-20): the default cut-off 2ε treats the second as zero.
    let a = Matrix([[1, 0], [0, 1e-20]])
    assertMatrixApproximatelyEqual(try pseudoInverse(a), Matrix([[1, 0], [0, 0]]))
    assertMatrixApproximatelyEqual(
      try pseudoInverse(a, relativeTolerance: 0), Matrix([[1, 0], [0, 1e20]]))
    XCTAssertEqual(try matrixRank(a), 1)
    XCTAssertEqual(try matrixRank(a, relativeTolerance: 0), 2)
    XCTAssertEqual(defaultRankTolerance(rows: 3, columns: 5), 5 * Double.ulpOfOne)
  }

  // MARK: - Symmetric eigendecomposition

  func testEigenReconstructsAndIsOrthogonal() throws {
    var rng = SplitMix64(seed: 27)
    for n in [1, 2, 6, 25] {
      let b = Matrix.normal(n, n, using: &rng)
      let a = b + b.transposed
      let (values, v) = try symmetricEigen(a)
      XCTAssertEqual(values, values.sorted(), "ascending, n = \(n)")
      var vLambda = v
      for i in 0..<n { for j in 0..<n { vLambda[i, j] *= values[j] } }
      let scale = a.maxAbs() * Double(n)
      assertMatrixApproximatelyEqual(
        matmul(vLambda, v, transposeB: .transposed), a,
        absoluteTolerance: 1e-13 * scale, "V diag(λ) Vᵀ = A, n = \(n)")
      assertMatrixApproximatelyEqual(
        matmul(v, v, transposeA: .transposed), .identity(n),
        absoluteTolerance: 1e-13 * Double(n), "VᵀV = I, n = \(n)")
      // Each column is an eigenvector: A v_j = λ_j v_j.
      assertMatrixApproximatelyEqual(
        matmul(a, v), vLambda, absoluteTolerance: 1e-13 * scale,
        "A V = V diag(λ), n = \(n)")
    }
  }

  func testEigenOfKnownMatrix() throws {
    let (values, vectors) = try symmetricEigen(Matrix([[2, 1], [1, 2]]))
    XCTAssertEqual(values[0], 1, accuracy: 1e-15)
    XCTAssertEqual(values[1], 3, accuracy: 1e-15)
    // The eigenvector of 3 is ±(1, 1)/√2.
    XCTAssertEqual(abs(vectors[0, 1]), 0.5.squareRoot(), accuracy: 1e-15)
    XCTAssertEqual(vectors[0, 1], vectors[1, 1], accuracy: 1e-15)
  }

  func testEigenAcceptsRoundingLevelAsymmetry() {
    var a = Matrix([[2, 1], [1, 2]])
    a[0, 1] += 1e-14
    XCTAssertEqual(try symmetricEigen(a).values[1], 3, accuracy: 1e-13)
  }
}
