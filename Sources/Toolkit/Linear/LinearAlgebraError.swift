// The errors that LAPACK-backed operations throw. Introduced in the appendix (A-toolkit).

/// Why a linear-algebra operation could not produce its result.
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
}

extension LinearAlgebraError: CustomStringConvertible {
  /// A one-line message naming the operation and what was wrong.
  public var description: String {
    switch self {
    case let .singular(operation, pivot, routine, info):
      return "\(operation): matrix is singular: U[\(pivot),\(pivot)] is exactly zero "
        + "(LAPACK \(routine) info=\(info))"
    case let .notSquare(operation, shape):
      return "\(operation): needs a square matrix, got \(shape)"
    case let .shapeMismatch(operation, left, right, requirement):
      return "\(operation): shape mismatch \(left) vs \(right) (\(requirement))"
    case let .nonFinite(operation, shape):
      return "\(operation): the \(shape) input contains NaN or infinity"
    }
  }
}
