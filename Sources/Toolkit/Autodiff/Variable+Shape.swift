// Reshaping, slicing and concatenation on Variables. Introduced in the appendix (A-toolkit).

import Linear

// Slicing and concatenation are each other's adjoints: the VJP of a slice
// pads the cotangent with constant zeros by concatenation, and the VJP of a
// concatenation slices the cotangent. Both stay differentiable.

extension Variable {
  // MARK: - Reshaping

  /// The same entries, read in row-major order, in a new shape.
  public func reshaped(_ newRows: Int, _ newColumns: Int) -> Variable {
    let (r, c) = (rows, columns)
    return Variable(value: value.reshaped(newRows, newColumns), inputs: [self]) { g, _, _, _ in
      [g.reshaped(r, c)]
    }
  }

  // MARK: - Slicing

  /// Rows `range` (for example one LSTM gate out of a fused pre-activation).
  public func rows(_ range: Range<Int>) -> Variable {
    let (r, c) = (rows, columns)
    return Variable(value: value.rows(range), inputs: [self]) { g, _, _, _ in
      let above = Variable(constant: .zeros(range.lowerBound, c))
      let below = Variable(constant: .zeros(r - range.upperBound, c))
      return [Variable.vstack([above, g, below])]
    }
  }

  /// Columns `range` (for example a slice of a batch).
  public func columns(_ range: Range<Int>) -> Variable {
    let (r, c) = (rows, columns)
    return Variable(value: value.columns(range), inputs: [self]) { g, _, _, _ in
      let left = Variable(constant: .zeros(r, range.lowerBound))
      let right = Variable(constant: .zeros(r, c - range.upperBound))
      return [Variable.hstack([left, g, right])]
    }
  }

  // MARK: - Concatenation

  /// The parts stacked vertically (same column count).
  public static func vstack(_ parts: [Variable]) -> Variable {
    let bounds = offsets(parts.map(\.rows))
    return Variable(value: .vstack(parts.map(\.value)), inputs: parts) { g, _, _, needed in
      (0..<bounds.count - 1).map { k in needed[k] ? g.rows(bounds[k]..<bounds[k + 1]) : nil }
    }
  }

  /// The parts stacked horizontally (same row count).
  public static func hstack(_ parts: [Variable]) -> Variable {
    let bounds = offsets(parts.map(\.columns))
    return Variable(value: .hstack(parts.map(\.value)), inputs: parts) { g, _, _, needed in
      (0..<bounds.count - 1).map { k in needed[k] ? g.columns(bounds[k]..<bounds[k + 1]) : nil }
    }
  }
}

/// Running totals `[0, s0, s0 + s1, …]`: where each part starts and ends.
private func offsets(_ sizes: [Int]) -> [Int] {
  var out = [0]
  for s in sizes { out.append(out[out.count - 1] + s) }
  return out
}
