// Matrix product and transpose on Variables, with their VJPs. Introduced in the appendix (A-toolkit).

import Linear

/// The matrix product `op(a) · op(b)` of two variables.
///
/// The VJPs are matrix products with transpose flags, so no transpose is ever
/// materialised: for C = A·B, Ā = C̄·Bᵀ and B̄ = Aᵀ·C̄, and likewise for the
/// transposed forms. A constant operand (a data batch) gets no cotangent, so
/// the 784×20 input of an MNIST step is neither copied nor differentiated.
///
/// - Parameters:
///   - a: left factor.
///   - b: right factor.
///   - transposeA: use aᵀ instead of a.
///   - transposeB: use bᵀ instead of b.
/// - Returns: the product, of shape (rows of op(a)) × (columns of op(b)).
/// - Complexity: one `dgemm` forward, one per needed cotangent backward.
public func matmul(
  _ a: Variable, _ b: Variable,
  transposeA: Transpose = .none, transposeB: Transpose = .none
) -> Variable {
  let value = matmul(a.value, b.value, transposeA: transposeA, transposeB: transposeB)
  return Variable(value: value, inputs: [a, b]) { g, x, _, needed in
    let (a, b) = (x[0], x[1])
    let t = Transpose.transposed, n = Transpose.none
    switch (transposeA, transposeB) {
    case (.none, .none):  // C = A B
      return [
        needed[0] ? matmul(g, b, transposeB: t) : nil,
        needed[1] ? matmul(a, g, transposeA: t) : nil,
      ]
    case (.transposed, .none):  // C = Aᵀ B
      return [
        needed[0] ? matmul(b, g, transposeB: t) : nil,
        needed[1] ? matmul(a, g, transposeA: n) : nil,
      ]
    case (.none, .transposed):  // C = A Bᵀ
      return [
        needed[0] ? matmul(g, b) : nil,
        needed[1] ? matmul(g, a, transposeA: t) : nil,
      ]
    case (.transposed, .transposed):  // C = Aᵀ Bᵀ
      return [
        needed[0] ? matmul(b, g, transposeA: t, transposeB: t) : nil,
        needed[1] ? matmul(g, a, transposeA: t, transposeB: t) : nil,
      ]
    }
  }
}

extension Variable {
  /// The transpose.
  public var transposed: Variable {
    Variable(value: value.transposed, inputs: [self]) { g, _, _, _ in [g.transposed] }
  }

  /// The matrix product `a · b` (forwards to `matmul(_:_:)`).
  public static func * (a: Variable, b: Variable) -> Variable { matmul(a, b) }
}
