// Sums, means, norms and broadcasting on Variables. Introduced in the appendix (A-toolkit).

import Support
import Linear

// Summing and broadcasting are each other's adjoints: the VJP of a sum
// broadcasts the cotangent back, and the VJP of a broadcast sums it.

extension Variable {
  // MARK: - Reductions

  /// The sum of all entries, as a 1×1 variable.
  public func sum() -> Variable {
    let (r, c) = (rows, columns)
    return Variable(value: .scalar(value.sum()), inputs: [self]) { g, _, _, _ in
      [g.broadcast(rows: r, columns: c)]
    }
  }

  /// The sum of each row, as a column vector (rows×1).
  public func rowSums() -> Variable {
    let (r, c) = (rows, columns)
    return Variable(value: value.rowSums(), inputs: [self]) { g, _, _, _ in
      [g.broadcast(rows: r, columns: c)]
    }
  }

  /// The sum of each column, as a row vector (1×columns).
  public func columnSums() -> Variable {
    let (r, c) = (rows, columns)
    return Variable(value: value.columnSums(), inputs: [self]) { g, _, _, _ in
      [g.broadcast(rows: r, columns: c)]
    }
  }

  /// The mean of all entries, as a 1×1 variable.
  public func mean() -> Variable { sum().scaled(by: 1 / Double(max(value.count, 1))) }

  /// The squared Frobenius norm ‖A‖²_F = Σ A_ij², as a 1×1 variable.
  public func squaredNorm() -> Variable { multiplying(self).sum() }

  /// The Frobenius inner product ⟨A, B⟩ = Σ A_ij B_ij, as a 1×1 variable.
  public func dot(_ other: Variable) -> Variable { multiplying(other).sum() }

  // MARK: - Broadcasting

  /// A 1×1 variable, a column vector (rows×1) or a row vector (1×columns),
  /// repeated to fill a rows×columns matrix.
  ///
  /// - Parameters:
  ///   - rows: rows of the result; must equal `self.rows` unless that is 1.
  ///   - columns: columns of the result; must equal `self.columns` unless that is 1.
  public func broadcast(rows: Int, columns: Int) -> Variable {
    let (r, c) = (self.rows, self.columns)
    require(
      (r == rows || r == 1) && (c == columns || c == 1),
      "Variable.broadcast: cannot broadcast \(shapeText) to \(rows)×\(columns)")
    if r == rows && c == columns { return self }
    var out = [Double](repeating: 0, count: rows * columns)
    value.scalars.withUnsafeBufferPointer { src in
      for i in 0..<rows {
        for j in 0..<columns { out[i * columns + j] = src[(r == 1 ? 0 : i) * c + (c == 1 ? 0 : j)] }
      }
    }
    let result = Matrix(rows: rows, columns: columns, scalars: out)
    return Variable(value: result, inputs: [self]) { g, _, _, _ in
      switch (r == 1, c == 1) {
      case (true, true): return [g.sum()]
      case (false, true): return [g.rowSums()]
      default: return [g.columnSums()]
      }
    }
  }
}
