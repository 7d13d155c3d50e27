// The matrix product: a naive reference and the BLAS path. Introduced in the appendix (A-toolkit).

import Support

/// Whether an operand of a product enters as itself or as its transpose.
public enum Transpose: Sendable {
  case none
  case transposed
}

/// The matrix product `op(a) · op(b)`, computed by BLAS `dgemm`.
///
/// - Parameters:
///   - a: left factor.
///   - b: right factor.
///   - transposeA: use aᵀ instead of a (no copy is made).
///   - transposeB: use bᵀ instead of b.
/// - Returns: the product, of shape (rows of op(a)) × (columns of op(b)).
/// - Complexity: O(m·n·k) flops, single-threaded BLAS.
public func matmul(
  _ a: Matrix, _ b: Matrix,
  transposeA: Transpose = .none, transposeB: Transpose = .none
) -> Matrix {
  let (m, ka) = transposeA == .none ? (a.rows, a.columns) : (a.columns, a.rows)
  let (kb, n) = transposeB == .none ? (b.rows, b.columns) : (b.columns, b.rows)
  require(
    ka == kb,
    "matmul: shape mismatch \(a.shapeText)\(transposeA == .none ? "" : "ᵀ") · "
      + "\(b.shapeText)\(transposeB == .none ? "" : "ᵀ")")
  if m == 0 || n == 0 || ka == 0 { return Matrix(rows: m, columns: n) }
  return BLAS.product(
    a, b, rows: m, columns: n, transposeA: transposeA == .transposed,
    transposeB: transposeB == .transposed)
}

/// The matrix product by three nested loops: the reference the BLAS path is tested against.
///
/// - Complexity: O(m·n·k), and slow: kept for teaching and testing.
public func naiveMatmul(
  _ a: Matrix, _ b: Matrix,
  transposeA: Transpose = .none, transposeB: Transpose = .none
) -> Matrix {
  let opA = transposeA == .none ? a : a.transposed
  let opB = transposeB == .none ? b : b.transposed
  require(
    opA.columns == opB.rows,
    "naiveMatmul: shape mismatch \(opA.shapeText) · \(opB.shapeText)")
  var c = Matrix(rows: opA.rows, columns: opB.columns)
  for i in 0..<opA.rows {
    for j in 0..<opB.columns {
      var s = 0.0
      for k in 0..<opA.columns { s += opA[i, k] * opB[k, j] }
      c[i, j] = s
    }
  }
  return c
}

extension Matrix {
  /// The matrix product `self · other` (forwards to `matmul(_:_:)`).
  public static func * (a: Matrix, b: Matrix) -> Matrix { matmul(a, b) }
}
