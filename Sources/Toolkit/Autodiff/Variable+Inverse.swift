// Matrix inverse on Variables and its VJP. Introduced in the appendix (A-toolkit).

import Support
import Linear

/// Why a differentiable operation could not be evaluated.
public enum AutodiffError: Error, Equatable, CustomStringConvertible {
  /// Inversion met a zero (or non-finite) pivot: the matrix is singular to working precision.
  case singularMatrix(shape: String, pivotColumn: Int)

  /// A sentence that says what went wrong and what to do.
  public var description: String {
    switch self {
    case .singularMatrix(let shape, let column):
      return "inverse: the \(shape) matrix is singular to working precision "
        + "(no usable pivot in column \(column)); check the group element or shrink the step"
    }
  }
}

extension Variable {
  /// The matrix inverse A⁻¹ of a square variable.
  ///
  /// The VJP is Ā = −A⁻ᵀ Ḡ A⁻ᵀ, written with the output Y = A⁻¹ so that it is
  /// itself differentiable: −Yᵀ·Ḡ·Yᵀ, two products with transpose flags.
  ///
  /// - Returns: A⁻¹.
  /// - Throws: `AutodiffError.singularMatrix` when no usable pivot exists.
  /// - Complexity: O(n³) forward (Gauss–Jordan), two n×n products backward.
  public func inverse() throws -> Variable {
    let inverse = try gaussJordanInverse(value)
    return Variable(value: inverse, inputs: [self]) { g, _, y, _ in
      let t = Transpose.transposed
      return [matmul(matmul(y, g, transposeA: t), y, transposeB: t).negated()]
    }
  }
}

/// Gauss–Jordan elimination with partial pivoting.
///
/// A small inverse for group elements and Gram matrices, kept beside LAPACK's
/// `inverse(_:)` on purpose: its relative pivot threshold reports a matrix that is
/// singular *to working precision* (LAPACK's dgetri reports only exact zero pivots and
/// returns an inverse dominated by rounding), which lets a teleport step that went too
/// far be rolled back instead of silently producing garbage.
private func gaussJordanInverse(_ a: Matrix) throws -> Matrix {
  require(a.isSquare, "inverse: needs a square matrix, got \(a.shapeText)")
  let n = a.rows
  var m = a
  var inv = Matrix.identity(n)
  // Relative threshold: a pivot this small compared with the matrix's largest
  // entry means the inverse would be dominated by rounding error.
  let tiny = a.maxAbs() * Double(n) * Double.ulpOfOne
  for column in 0..<n {
    var pivot = column
    for r in column..<n where abs(m[r, column]) > abs(m[pivot, column]) {
      pivot = r
    }
    let p = m[pivot, column]
    guard p.isFinite, abs(p) > tiny else {
      throw AutodiffError.singularMatrix(shape: a.shapeText, pivotColumn: column)
    }
    if pivot != column {
      for j in 0..<n {
        m.scalars.swapAt(pivot * n + j, column * n + j)
        inv.scalars.swapAt(pivot * n + j, column * n + j)
      }
    }
    for j in 0..<n {
      m[column, j] /= p
      inv[column, j] /= p
    }
    for r in 0..<n where r != column {
      let f = m[r, column]
      if f == 0 { continue }
      for j in 0..<n {
        m[r, j] -= f * m[column, j]
        inv[r, j] -= f * inv[column, j]
      }
    }
  }
  return inv
}
