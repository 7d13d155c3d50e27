// Solve, inverse, determinant, SVD, pseudo-inverse and symmetric eigen via LAPACKE. Introduced in the appendix (A-toolkit).

import CLinearAlgebra
import Support

// Besides BLAS.swift, this is the only file that imports CLinearAlgebra
// (design.md D2). We call LAPACKE in row-major mode so that `Matrix.scalars`
// goes in as it is; LAPACKE transposes to column-major internally, which costs
// one O(n²) copy next to an O(n³) factorisation.

// MARK: - Linear systems and inverses (LU)

/// The solution X of A · X = B, by LU factorisation with partial pivoting (LAPACK `dgesv`).
///
/// - Parameters:
///   - a: a square n×n matrix.
///   - b: the right-hand sides, n×k (k may be anything, including 0).
/// - Returns: X, of shape n×k.
/// - Throws: `LinearAlgebraError.notSquare` when `a` is not square,
///   `.shapeMismatch` when `b` does not have n rows, `.nonFinite` for NaN or
///   infinite input, and `.singular` when an LU pivot is exactly zero. A nearly
///   singular matrix does not throw; its solution is just inaccurate.
/// - Complexity: O(n³ + n²k).
public func solve(_ a: Matrix, _ b: Matrix) throws -> Matrix {
  let operation = "solve"
  guard a.isSquare else {
    throw LinearAlgebraError.notSquare(operation: operation, shape: a.shapeText)
  }
  guard b.rows == a.rows else {
    throw LinearAlgebraError.shapeMismatch(
      operation: operation, left: a.shapeText, right: b.shapeText,
      requirement: "the right-hand side needs \(a.rows) rows")
  }
  try requireFinite(a, operation)
  try requireFinite(b, operation)
  let n = a.rows, k = b.columns
  if n == 0 || k == 0 { return Matrix(rows: n, columns: k) }
  var lu = a.scalars
  var x = b.scalars
  var pivots = [Int32](repeating: 0, count: n)
  let info = LAPACKE_dgesv(
    LAPACK_ROW_MAJOR, Int32(n), Int32(k), &lu, Int32(n),
    &pivots, &x, Int32(k))
  try checkLU(info, operation: operation, routine: "dgesv")
  return Matrix(rows: n, columns: k, scalars: x)
}

/// The inverse A⁻¹, by LU factorisation (LAPACK `dgetrf` then `dgetri`).
///
/// Prefer `solve(_:_:)` when the inverse only multiplies something: it is
/// cheaper and more accurate.
///
/// - Parameter a: a square matrix.
/// - Returns: A⁻¹.
/// - Throws: `LinearAlgebraError.notSquare`, `.nonFinite`, or `.singular`
///   when an LU pivot is exactly zero.
/// - Complexity: O(n³).
public func inverse(_ a: Matrix) throws -> Matrix {
  let operation = "inverse"
  guard a.isSquare else {
    throw LinearAlgebraError.notSquare(operation: operation, shape: a.shapeText)
  }
  try requireFinite(a, operation)
  let n = a.rows
  if n == 0 { return a }
  var lu = a.scalars
  var pivots = [Int32](repeating: 0, count: n)
  try checkLU(
    LAPACKE_dgetrf(LAPACK_ROW_MAJOR, Int32(n), Int32(n), &lu, Int32(n), &pivots),
    operation: operation, routine: "dgetrf")
  try checkLU(
    LAPACKE_dgetri(LAPACK_ROW_MAJOR, Int32(n), &lu, Int32(n), pivots),
    operation: operation, routine: "dgetri")
  return Matrix(rows: n, columns: n, scalars: lu)
}

/// The determinant det A, from the LU factorisation (LAPACK `dgetrf`).
///
/// - Parameter a: a square matrix of finite entries.
/// - Returns: det A; exactly 0 when a pivot is exactly zero, and 1 for a 0×0 matrix.
///   It overflows easily for large n; compare log-determinants there instead.
/// - Throws: `LinearAlgebraError.notSquare` or `.nonFinite`.
/// - Complexity: O(n³).
public func determinant(_ a: Matrix) throws -> Double {
  guard a.isSquare else {
    throw LinearAlgebraError.notSquare(operation: "determinant", shape: a.shapeText)
  }
  try requireFinite(a, "determinant")
  let n = a.rows
  if n == 0 { return 1 }
  var lu = a.scalars
  var pivots = [Int32](repeating: 0, count: n)
  let info = LAPACKE_dgetrf(LAPACK_ROW_MAJOR, Int32(n), Int32(n), &lu, Int32(n), &pivots)
  require(info >= 0, "determinant: LAPACK dgetrf rejected argument \(-info)")
  if info > 0 { return 0 }
  var det = 1.0
  for i in 0..<n {
    det *= lu[i * n + i]
    // dgetrf's pivots are 1-based; each row swap flips the sign.
    if pivots[i] != Int32(i + 1) { det = -det }
  }
  return det
}

// MARK: - Singular value decomposition

/// A thin singular value decomposition A = U · diag(σ) · Vᵀ.
///
/// For an m×n matrix with k = min(m, n): U is m×k with orthonormal columns,
/// σ holds k values in descending order, and Vᵀ is k×n with orthonormal rows.
public struct SingularValueDecomposition: Sendable {
  /// Left singular vectors as columns, m×k.
  public let u: Matrix
  /// Singular values σ₁ ≥ σ₂ ≥ … ≥ σ_k ≥ 0.
  public let singularValues: [Double]
  /// Right singular vectors as rows, k×n.
  public let vTransposed: Matrix
}

/// The thin SVD of `a` (LAPACK `dgesdd`, falling back to `dgesvd` if it does not converge).
///
/// - Parameter a: any m×n matrix of finite entries.
/// - Returns: U (m×k), σ (k values, descending) and Vᵀ (k×n), k = min(m, n).
/// - Throws: `LinearAlgebraError.nonFinite` for NaN or infinite input,
///   `.notConverged` when neither SVD routine converges.
/// - Complexity: O(m·n·min(m, n)).
public func svd(_ a: Matrix) throws -> SingularValueDecomposition {
  try singularValueDecomposition(a, wantVectors: true, operation: "svd")
}

/// The singular values of `a`, in descending order (LAPACK `dgesdd` without vectors).
///
/// - Parameter a: any m×n matrix of finite entries.
/// - Returns: min(m, n) values σ₁ ≥ … ≥ σ_k ≥ 0.
/// - Throws: as `svd`.
/// - Complexity: O(m·n·min(m, n)), several times cheaper than the full `svd`.
public func singularValues(_ a: Matrix) throws -> [Double] {
  try singularValueDecomposition(a, wantVectors: false, operation: "singularValues").singularValues
}

/// The default rank tolerance, relative to σ_max: max(m, n) · ε.
///
/// This is the default of `torch.linalg.pinv` and `torch.linalg.matrix_rank`,
/// and of NumPy's `matrix_rank`: roughly the rounding error of an SVD of an m×n matrix.
public func defaultRankTolerance(rows: Int, columns: Int) -> Double {
  Double(max(rows, columns)) * Double.ulpOfOne
}

/// The Moore–Penrose pseudo-inverse A⁺ = V · diag(1/σ) · Uᵀ, from the SVD.
///
/// Singular values σᵢ ≤ `relativeTolerance` · σ_max are treated as exact
/// zeros: their reciprocals would be huge and made of rounding error. With the
/// default tolerance max(m, n) · ε this matches `torch.linalg.pinv`.
///
/// - Parameters:
///   - a: any m×n matrix of finite entries.
///   - relativeTolerance: the cut-off relative to σ_max; nil means
///     `defaultRankTolerance(rows:columns:)`.
/// - Returns: A⁺, of shape n×m.
/// - Throws: as `svd`.
/// - Complexity: O(m·n·min(m, n)).
public func pseudoInverse(_ a: Matrix, relativeTolerance: Double? = nil) throws -> Matrix {
  let d = try singularValueDecomposition(a, wantVectors: true, operation: "pseudoInverse")
  let cutoff = rankCutoff(d.singularValues, a, relativeTolerance)
  // Scale row i of Vᵀ by 1/σᵢ (or zero it), then A⁺ = (Σ⁺Vᵀ)ᵀ · Uᵀ.
  var scaledVt = d.vTransposed
  let n = scaledVt.columns
  for (i, sigma) in d.singularValues.enumerated() {
    let reciprocal = sigma > cutoff ? 1 / sigma : 0
    for j in 0..<n { scaledVt.scalars[i * n + j] *= reciprocal }
  }
  // [n, k] · [k, m] -> [n, m]
  return matmul(scaledVt, d.u, transposeA: .transposed, transposeB: .transposed)
}

/// The numerical rank: the number of singular values above `relativeTolerance` · σ_max.
///
/// - Parameters:
///   - a: any matrix of finite entries.
///   - relativeTolerance: nil means `defaultRankTolerance(rows:columns:)`.
/// - Throws: as `svd`.
public func matrixRank(_ a: Matrix, relativeTolerance: Double? = nil) throws -> Int {
  let sigma = try singularValues(a)
  let cutoff = rankCutoff(sigma, a, relativeTolerance)
  return sigma.filter { $0 > cutoff }.count
}

// MARK: - Symmetric eigendecomposition

/// Eigenvalues and orthonormal eigenvectors of a symmetric matrix (LAPACK `dsyevd`).
///
/// The input is symmetrised as (A + Aᵀ)/2 before the call, so rounding-level
/// asymmetry (a Hessian assembled from Hessian-vector products, say) is harmless;
/// asymmetry larger than `symmetryTolerance` · max|A| throws, because the
/// eigenvalues of (A + Aᵀ)/2 would then not be those of A.
///
/// - Parameters:
///   - a: a symmetric n×n matrix of finite entries.
///   - symmetryTolerance: allowed |A[i,j] − A[j,i]| relative to max|A|.
/// - Returns: the eigenvalues in ascending order and a matrix V whose column j
///   is the unit eigenvector of eigenvalue j, so that A = V · diag(λ) · Vᵀ.
/// - Throws: `LinearAlgebraError.notSquare`, `.nonFinite`, `.notSymmetric`, or
///   `.notConverged` when `dsyevd` fails to converge.
/// - Complexity: O(n³).
public func symmetricEigen(_ a: Matrix, symmetryTolerance: Double = 1e-8) throws
  -> (values: [Double], vectors: Matrix)
{
  let operation = "symmetricEigen"
  guard a.isSquare else {
    throw LinearAlgebraError.notSquare(operation: operation, shape: a.shapeText)
  }
  try requireFinite(a, operation)
  let n = a.rows
  if n == 0 { return ([], a) }
  let scale = a.maxAbs()
  var symmetric = a.scalars
  for i in 0..<n {
    for j in (i + 1)..<n {
      let upper = a[i, j], lower = a[j, i]
      guard abs(upper - lower) <= symmetryTolerance * scale else {
        throw LinearAlgebraError.notSymmetric(
          operation: operation, row: i, column: j, upper: upper, lower: lower,
          tolerance: symmetryTolerance)
      }
      let mean = 0.5 * (upper + lower)
      symmetric[i * n + j] = mean
      symmetric[j * n + i] = mean
    }
  }
  var values = [Double](repeating: 0, count: n)
  let info = LAPACKE_dsyevd(
    LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")),
    Int32(n), &symmetric, Int32(n), &values)
  try checkConvergence(info, operation: operation, routine: "dsyevd", shape: a.shapeText)
  // Row-major output: column j of the n×n array is the eigenvector of values[j].
  return (values, Matrix(rows: n, columns: n, scalars: symmetric))
}

// MARK: - Helpers

/// Throws `.nonFinite` when `a` holds NaN or infinity.
private func requireFinite(_ a: Matrix, _ operation: String) throws {
  guard a.isFinite else {
    throw LinearAlgebraError.nonFinite(operation: operation, shape: a.shapeText)
  }
}

/// Turns an LU routine's `info` into a thrown error: info = i > 0 means U[i−1, i−1] is zero.
private func checkLU(_ info: Int32, operation: String, routine: String) throws {
  require(
    info >= 0, "\(operation): LAPACK \(routine) rejected argument \(-info) (a bug in the caller)")
  if info > 0 {
    throw LinearAlgebraError.singular(
      operation: operation, pivot: Int(info) - 1,
      routine: routine, info: Int(info))
  }
}

/// Turns an iterative routine's `info` into a thrown error: info > 0 means it did not converge.
private func checkConvergence(_ info: Int32, operation: String, routine: String, shape: String)
  throws
{
  require(
    info >= 0, "\(operation): LAPACK \(routine) rejected argument \(-info) (a bug in the caller)")
  if info > 0 {
    throw LinearAlgebraError.notConverged(
      operation: operation, routine: routine, info: Int(info), shape: shape)
  }
}

/// σ_max times the relative tolerance (its default when nil).
private func rankCutoff(_ sigma: [Double], _ a: Matrix, _ relativeTolerance: Double?) -> Double {
  let tolerance = relativeTolerance ?? defaultRankTolerance(rows: a.rows, columns: a.columns)
  require(tolerance >= 0, "rank tolerance must be non-negative, got \(tolerance)")
  return tolerance * (sigma.first ?? 0)
}

/// The shared SVD driver: `dgesdd` (divide and conquer, fast), and `dgesvd`
/// (QR iteration, slower but more robust) on the rare inputs where it does not converge.
private func singularValueDecomposition(_ a: Matrix, wantVectors: Bool, operation: String) throws
  -> SingularValueDecomposition
{
  try requireFinite(a, operation)
  let m = a.rows, n = a.columns, k = min(m, n)
  if k == 0 {
    return SingularValueDecomposition(
      u: Matrix(rows: m, columns: 0), singularValues: [],
      vTransposed: Matrix(rows: 0, columns: n))
  }
  let job = CChar(UInt8(ascii: wantVectors ? "S" : "N"))
  var sigma = [Double](repeating: 0, count: k)
  var u = [Double](repeating: 0, count: wantVectors ? m * k : 1)
  var vt = [Double](repeating: 0, count: wantVectors ? k * n : 1)
  // LAPACKE checks the leading dimensions even when no vectors are wanted.
  let ldu = Int32(k), ldvt = Int32(n)
  var work = a.scalars
  var info = LAPACKE_dgesdd(
    LAPACK_ROW_MAJOR, job, Int32(m), Int32(n), &work, Int32(n),
    &sigma, &u, ldu, &vt, ldvt)
  if info > 0 {
    work = a.scalars
    var superdiagonal = [Double](repeating: 0, count: max(k - 1, 1))
    info = LAPACKE_dgesvd(
      LAPACK_ROW_MAJOR, job, job, Int32(m), Int32(n), &work, Int32(n),
      &sigma, &u, ldu, &vt, ldvt, &superdiagonal)
  }
  try checkConvergence(info, operation: operation, routine: "dgesdd and dgesvd", shape: a.shapeText)
  return SingularValueDecomposition(
    u: wantVectors ? Matrix(rows: m, columns: k, scalars: u) : Matrix(rows: m, columns: 0),
    singularValues: sigma,
    vTransposed: wantVectors
      ? Matrix(rows: k, columns: n, scalars: vt) : Matrix(rows: 0, columns: n))
}
