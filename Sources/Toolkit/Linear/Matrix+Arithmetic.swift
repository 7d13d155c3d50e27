// Elementwise arithmetic and reductions on Matrix. Introduced in the appendix (A-toolkit).

import Support

extension Matrix {
  // MARK: - Elementwise maps

  /// A new matrix with `transform` applied to every entry.
  @inlinable
  public func map(_ transform: (Double) -> Double) -> Matrix {
    // A plain indexed loop over buffers, which the compiler vectorises when
    // `transform` is branch-free (Array.map's iterator and appends it does not).
    // Written into uninitialised storage: zero-filling it first would be a wasted pass.
    let out = [Double](unsafeUninitializedCapacity: count) { o, initialized in
      scalars.withUnsafeBufferPointer { a in
        // Double is a trivial type: assigning into uninitialised storage initialises it.
        for k in 0..<a.count { o[k] = transform(a[k]) }
      }
      initialized = count
    }
    return Matrix(rows: rows, columns: columns, scalars: out)
  }

  /// A new matrix with `combine` applied to matching entries of `self` and `other`.
  @inlinable
  public func zipMap(
    _ other: Matrix, _ operation: String = "zipMap",
    _ combine: (Double, Double) -> Double
  ) -> Matrix {
    requireSameShape(other, operation)
    let out = [Double](unsafeUninitializedCapacity: count) { o, initialized in
      scalars.withUnsafeBufferPointer { a in
        other.scalars.withUnsafeBufferPointer { b in
          for k in 0..<a.count { o[k] = combine(a[k], b[k]) }
        }
      }
      initialized = count
    }
    return Matrix(rows: rows, columns: columns, scalars: out)
  }

  // MARK: - Operators

  public static func + (a: Matrix, b: Matrix) -> Matrix { a.zipMap(b, "+") { $0 + $1 } }
  public static func - (a: Matrix, b: Matrix) -> Matrix { a.zipMap(b, "-") { $0 - $1 } }
  /// Elementwise (Hadamard) product; the matrix product is `matmul(_:_:)`.
  public static func .* (a: Matrix, b: Matrix) -> Matrix { a.zipMap(b, ".*") { $0 * $1 } }
  /// Elementwise quotient.
  public static func ./ (a: Matrix, b: Matrix) -> Matrix { a.zipMap(b, "./") { $0 / $1 } }
  public static prefix func - (a: Matrix) -> Matrix { a.map { -$0 } }
  public static func * (s: Double, a: Matrix) -> Matrix { a.map { s * $0 } }
  public static func * (a: Matrix, s: Double) -> Matrix { a.map { $0 * s } }
  public static func / (a: Matrix, s: Double) -> Matrix { a.map { $0 / s } }
  public static func + (a: Matrix, s: Double) -> Matrix { a.map { $0 + s } }
  public static func - (a: Matrix, s: Double) -> Matrix { a.map { $0 - s } }

  public static func += (a: inout Matrix, b: Matrix) {
    a.requireSameShape(b, "+=")
    a.scalars.withUnsafeMutableBufferPointer { x in
      b.scalars.withUnsafeBufferPointer { y in
        for k in 0..<x.count { x[k] += y[k] }
      }
    }
  }

  public static func -= (a: inout Matrix, b: Matrix) {
    a.requireSameShape(b, "-=")
    a.scalars.withUnsafeMutableBufferPointer { x in
      b.scalars.withUnsafeBufferPointer { y in
        for k in 0..<x.count { x[k] -= y[k] }
      }
    }
  }

  public static func *= (a: inout Matrix, s: Double) {
    a.scalars.withUnsafeMutableBufferPointer { x in
      for k in 0..<x.count { x[k] *= s }
    }
  }

  /// `self += alpha * x` in place (BLAS's axpy, written out).
  public mutating func add(_ x: Matrix, scaledBy alpha: Double) {
    requireSameShape(x, "add(_:scaledBy:)")
    scalars.withUnsafeMutableBufferPointer { y in
      x.scalars.withUnsafeBufferPointer { xs in
        for k in 0..<y.count { y[k] += alpha * xs[k] }
      }
    }
  }

  // MARK: - Reductions

  /// Sum of all entries.
  public func sum() -> Double {
    var s = 0.0
    scalars.withUnsafeBufferPointer { for v in $0 { s += v } }
    return s
  }

  /// Mean of all entries.
  public func mean() -> Double { count == 0 ? 0 : sum() / Double(count) }

  /// Sum of squares of all entries, ‖A‖_F².
  public func squaredNorm() -> Double {
    var s = 0.0
    scalars.withUnsafeBufferPointer { for v in $0 { s += v * v } }
    return s
  }

  /// Frobenius norm ‖A‖_F.
  public func norm() -> Double { squaredNorm().squareRoot() }

  /// The induced 1-norm ‖A‖₁ = max_j Σ_i |A_ij|, the largest absolute column sum.
  public func oneNorm() -> Double {
    var sums = [Double](repeating: 0, count: columns)
    for i in 0..<rows {
      for j in 0..<columns { sums[j] += abs(scalars[i * columns + j]) }
    }
    return sums.max() ?? 0
  }

  /// Largest absolute entry (0 for an empty matrix).
  public func maxAbs() -> Double { scalars.reduce(0) { max($0, abs($1)) } }

  /// ⟨A, B⟩ = Σ A_ij B_ij.
  public func dot(_ other: Matrix) -> Double {
    requireSameShape(other, "dot")
    var s = 0.0
    scalars.withUnsafeBufferPointer { a in
      other.scalars.withUnsafeBufferPointer { b in
        for k in 0..<a.count { s += a[k] * b[k] }
      }
    }
    return s
  }

  /// Column vector of row sums: Σ_j A_ij, shape rows×1.
  public func rowSums() -> Matrix {
    Matrix(
      rows: rows, columns: 1,
      entry: { i, _ in
        var s = 0.0
        for j in 0..<columns { s += self[i, j] }
        return s
      })
  }

  /// Row vector of column sums: Σ_i A_ij, shape 1×columns.
  public func columnSums() -> Matrix {
    var out = [Double](repeating: 0, count: columns)
    for i in 0..<rows {
      for j in 0..<columns { out[j] += scalars[i * columns + j] }
    }
    return Matrix(rows: 1, columns: columns, scalars: out)
  }

  /// Trace of a square matrix.
  public func trace() -> Double {
    require(isSquare, "trace: needs a square matrix, got \(shapeText)")
    return (0..<rows).reduce(0) { $0 + self[$1, $1] }
  }

  /// True when every entry is finite (no NaN, no infinity).
  public var isFinite: Bool {
    // An entry is NaN or ±∞ exactly when its exponent bits are all ones. An OR
    // over integers has no early exit and no rounding order, so it vectorises.
    let exponent: UInt64 = 0x7FF0_0000_0000_0000
    var allOnes: UInt64 = 0
    scalars.withUnsafeBufferPointer { a in
      for k in 0..<a.count { allOnes |= (a[k].bitPattern & exponent) == exponent ? 1 : 0 }
    }
    return allOnes == 0
  }

  /// Entries flattened into one column (row-major order).
  public var flattened: Matrix { Matrix(rows: count, columns: 1, scalars: scalars) }

  /// Stacks matrices vertically (same column count).
  public static func vstack(_ parts: [Matrix]) -> Matrix {
    guard let c = parts.first?.columns else { return Matrix(rows: 0, columns: 0) }
    for p in parts { require(p.columns == c, "vstack: \(p.shapeText) does not have \(c) columns") }
    return Matrix(
      rows: parts.reduce(0) { $0 + $1.rows }, columns: c,
      scalars: parts.flatMap { $0.scalars })
  }

  /// Stacks matrices horizontally (same row count).
  public static func hstack(_ parts: [Matrix]) -> Matrix {
    guard let r = parts.first?.rows else { return Matrix(rows: 0, columns: 0) }
    for p in parts { require(p.rows == r, "hstack: \(p.shapeText) does not have \(r) rows") }
    let c = parts.reduce(0) { $0 + $1.columns }
    var out = [Double]()
    out.reserveCapacity(r * c)
    for i in 0..<r {
      for p in parts { out.append(contentsOf: p.scalars[(i * p.columns)..<((i + 1) * p.columns)]) }
    }
    return Matrix(rows: r, columns: c, scalars: out)
  }
}

infix operator .* : MultiplicationPrecedence
infix operator ./ : MultiplicationPrecedence
