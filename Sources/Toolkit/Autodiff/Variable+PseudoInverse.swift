// The pseudo-inverse of a full-rank variable, differentiable. Introduced in chapter 01.

import Linear

extension Variable {
  /// The Moore–Penrose pseudo-inverse A⁺ of a matrix of full rank, as a
  /// differentiable operation.
  ///
  /// For full column rank (rows ≥ columns) A⁺ = (AᵀA)⁻¹Aᵀ; for full row rank
  /// A⁺ = Aᵀ(AAᵀ)⁻¹. Both are built from `matmul` and `inverse`, so their
  /// derivatives (of any order) come for free. A constant input is inverted by
  /// SVD instead (`pseudoInverse(_:)`), which also handles rank deficiency.
  ///
  /// Numerical hazard: the Gram matrix squares the condition number, so a
  /// nearly rank-deficient A loses about twice as many digits as the SVD would.
  ///
  /// - Throws: `AutodiffError` when the Gram matrix is singular (A is rank-deficient);
  ///   `LinearAlgebraError` when a constant input holds NaN or its SVD does not converge.
  public func pseudoInverse() throws -> Variable {
    if isConstant { return Variable(constant: try Linear.pseudoInverse(value)) }
    if rows >= columns {
      let gram = matmul(self, self, transposeA: .transposed)  // [columns, columns]
      return matmul(try gram.inverse(), self, transposeB: .transposed)  // [columns, rows]
    }
    let gram = matmul(self, self, transposeB: .transposed)  // [rows, rows]
    return matmul(self, try gram.inverse(), transposeA: .transposed)  // [columns, rows]
  }
}
