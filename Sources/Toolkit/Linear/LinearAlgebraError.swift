// The errors that every linear-algebra routine throws. Introduced in the appendix (A-toolkit).

/// Why a linear-algebra operation could not produce its result.
///
/// The contract of Linear: every routine that can meet NaN, a singular matrix or
/// non-convergence (`solve`, `inverse`, `determinant`, `svd`, `singularValues`,
/// `pseudoInverse`, `matrixRank`, `symmetricEigen`, `matrixExponential`) throws one of
/// these instead of stopping the process. A `require` failure is left only for
/// arguments LAPACK rejects, which is a bug in this file.
///
/// Every message names the operation, what was wrong (the pivot, the shapes)
/// and, where LAPACK reported it, the routine and its `info` code, so that a
/// failure deep inside a teleport can be traced without a debugger.
public enum LinearAlgebraError: Error, Equatable, Sendable {
  /// LU factorisation met an exactly zero pivot `U[pivot, pivot]` (0-based).
  case singular(operation: String, pivot: Int, routine: String, info: Int)
  /// The operation needs a square matrix.
  case notSquare(operation: String, shape: String)
  /// Two operands have incompatible shapes.
  case shapeMismatch(operation: String, left: String, right: String, requirement: String)
  /// An input holds NaN or infinity, which LAPACK would silently propagate.
  case nonFinite(operation: String, shape: String)
  /// An iterative LAPACK routine (SVD, symmetric eigensolver) did not converge.
  case notConverged(operation: String, routine: String, info: Int, shape: String)
  /// A symmetric routine was given a matrix whose entries [i, j] and [j, i] differ
  /// by more than the tolerance (relative to max |A|).
  case notSymmetric(
    operation: String, row: Int, column: Int, upper: Double, lower: Double,
    tolerance: Double)
}

extension LinearAlgebraError: CustomStringConvertible {
  /// A one-line message naming the operation and what was wrong.
  public var description: String {
    switch self {
    case .singular(let operation, let pivot, let routine, let info):
      return "\(operation): matrix is singular: U[\(pivot),\(pivot)] is exactly zero "
        + "(LAPACK \(routine) info=\(info))"
    case .notSquare(let operation, let shape):
      return "\(operation): needs a square matrix, got \(shape)"
    case .shapeMismatch(let operation, let left, let right, let requirement):
      return "\(operation): shape mismatch \(left) vs \(right) (\(requirement))"
    case .nonFinite(let operation, let shape):
      return "\(operation): the \(shape) input contains NaN or infinity"
    case .notConverged(let operation, let routine, let info, let shape):
      return "\(operation): LAPACK \(routine) did not converge (info=\(info)) on a \(shape) matrix"
    case .notSymmetric(let operation, let row, let column, let upper, let lower, let tolerance):
      return "\(operation): input is not symmetric: A[\(row),\(column)] = \(upper) but "
        + "A[\(column),\(row)] = \(lower) (tolerance \(tolerance) relative to max |A|); "
        + "pass a symmetric matrix or symmetrise it with (A + Aᵀ)/2 yourself"
    }
  }
}
