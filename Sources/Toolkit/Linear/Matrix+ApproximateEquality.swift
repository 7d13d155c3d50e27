// Where two matrices first differ, under Support's approximate-equality contract. Introduced in the appendix (A-toolkit).

import Support

/// Where two matrices first differ: their shapes, or an entry and both of its values.
public enum MatrixMismatch: Equatable, Sendable, CustomStringConvertible {
  /// The shapes differ (as "rows×columns").
  case shape(String, String)
  /// Entry [i, j] differs: `a` in the first matrix, `b` in the second.
  case entry(i: Int, j: Int, a: Double, b: Double)

  /// "entry [2, 3]: 1.0 vs 1.1 (|Δ| = 0.1)" or "shape 3×4 vs 4×3".
  public var description: String {
    switch self {
    case .shape(let left, let right):
      return "shape \(left) vs \(right)"
    case .entry(let i, let j, let a, let b):
      return "entry [\(i), \(j)]: \(a) vs \(b) (|Δ| = \(abs(a - b)))"
    }
  }
}

/// The first entry, in row-major order, where `a` and `b` are not approximately equal.
///
/// Each entry is compared with `isApproximatelyEqual(_:_:relativeTolerance:absoluteTolerance:)`,
/// so the contract (symmetric, not transitive, relative by default) is the same.
///
/// - Parameters:
///   - a: one matrix.
///   - b: the other matrix.
///   - relativeTolerance: allowed difference relative to the larger magnitude.
///   - absoluteTolerance: allowed difference regardless of magnitude.
/// - Returns: nil when every entry agrees; otherwise the mismatch to report.
public func firstMismatch(
  _ a: Matrix, _ b: Matrix,
  relativeTolerance: Double = 1e-8,
  absoluteTolerance: Double = 0
) -> MatrixMismatch? {
  guard a.rows == b.rows && a.columns == b.columns else {
    return .shape(a.shapeText, b.shapeText)
  }
  for k in 0..<a.count
  where !isApproximatelyEqual(
    a.scalars[k], b.scalars[k],
    relativeTolerance: relativeTolerance, absoluteTolerance: absoluteTolerance)
  {
    return .entry(i: k / a.columns, j: k % a.columns, a: a.scalars[k], b: b.scalars[k])
  }
  return nil
}
