// The dense matrix every algorithm works on. Introduced in the appendix (A-toolkit).

import Support

/// A dense matrix of `Double`s stored in row-major order, with value semantics.
///
/// One sample per column, as in the paper: a batch of 20 MNIST images is a
/// `Matrix(rows: 784, columns: 20)`. Storage is a Swift array, so copies are
/// lazy (copy-on-write) and passing a matrix around never copies its scalars.
public struct Matrix: Equatable, Sendable {
  /// Number of rows.
  public let rows: Int
  /// Number of columns.
  public let columns: Int
  /// The entries, row after row: entry (i, j) is `scalars[i * columns + j]`.
  public var scalars: [Double]

  /// A matrix with every entry equal to `value`.
  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    require(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows)×\(columns)")
    self.rows = rows
    self.columns = columns
    self.scalars = Array(repeating: value, count: rows * columns)
  }

  /// A matrix over the given row-major scalars.
  ///
  /// - Parameters:
  ///   - rows: number of rows.
  ///   - columns: number of columns.
  ///   - scalars: `rows * columns` entries, row after row.
  public init(rows: Int, columns: Int, scalars: [Double]) {
    require(
      scalars.count == rows * columns,
      "Matrix: \(scalars.count) scalars cannot fill a \(rows)×\(columns) matrix")
    self.rows = rows
    self.columns = columns
    self.scalars = scalars
  }

  /// A matrix from nested rows, `[[1, 2], [3, 4]]`.
  public init(_ nestedRows: [[Double]]) {
    let r = nestedRows.count
    let c = nestedRows.first?.count ?? 0
    for (i, row) in nestedRows.enumerated() {
      require(row.count == c, "Matrix: row \(i) has \(row.count) entries, row 0 has \(c)")
    }
    self.init(rows: r, columns: c, scalars: nestedRows.flatMap { $0 })
  }

  /// A matrix whose entry (i, j) is `entry(i, j)`.
  public init(rows: Int, columns: Int, entry: (Int, Int) -> Double) {
    var s = [Double]()
    s.reserveCapacity(rows * columns)
    for i in 0..<rows {
      for j in 0..<columns { s.append(entry(i, j)) }
    }
    self.init(rows: rows, columns: columns, scalars: s)
  }

  /// The all-zero matrix.
  public static func zeros(_ rows: Int, _ columns: Int) -> Matrix {
    Matrix(rows: rows, columns: columns)
  }

  /// The n×n identity.
  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m.scalars[i * n + i] = 1 }
    return m
  }

  /// A 1×1 matrix holding `value`.
  public static func scalar(_ value: Double) -> Matrix {
    Matrix(rows: 1, columns: 1, scalars: [value])
  }

  /// A column vector.
  public static func column(_ values: [Double]) -> Matrix {
    Matrix(rows: values.count, columns: 1, scalars: values)
  }

  /// A row vector.
  public static func row(_ values: [Double]) -> Matrix {
    Matrix(rows: 1, columns: values.count, scalars: values)
  }

  /// The entry at row `i`, column `j`.
  @inlinable
  public subscript(i: Int, j: Int) -> Double {
    get { scalars[i * columns + j] }
    set { scalars[i * columns + j] = newValue }
  }

  /// `(rows, columns)`.
  public var shape: (rows: Int, columns: Int) { (rows, columns) }

  /// Number of entries.
  public var count: Int { scalars.count }

  /// True for a square matrix.
  public var isSquare: Bool { rows == columns }

  /// The only entry of a 1×1 matrix.
  public var scalarValue: Double {
    require(rows == 1 && columns == 1, "Matrix: scalarValue needs 1×1, got \(shapeText)")
    return scalars[0]
  }

  /// The shape as text, "784×20", for error messages.
  public var shapeText: String { "\(rows)×\(columns)" }

  /// Row `i` as an array.
  public func row(_ i: Int) -> [Double] {
    Array(scalars[(i * columns)..<((i + 1) * columns)])
  }

  /// Column `j` as an array.
  public func column(_ j: Int) -> [Double] {
    (0..<rows).map { scalars[$0 * columns + j] }
  }

  /// The same entries read in row-major order into a new shape.
  public func reshaped(_ newRows: Int, _ newColumns: Int) -> Matrix {
    require(
      newRows * newColumns == count,
      "Matrix: cannot reshape \(shapeText) to \(newRows)×\(newColumns)")
    return Matrix(rows: newRows, columns: newColumns, scalars: scalars)
  }

  /// The transpose.
  ///
  /// - Complexity: O(rows × columns), blocked for cache locality.
  public var transposed: Matrix {
    var out = [Double](repeating: 0, count: count)
    let r = rows, c = columns
    scalars.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        let block = 32
        var i0 = 0
        while i0 < r {
          var j0 = 0
          while j0 < c {
            for i in i0..<min(i0 + block, r) {
              for j in j0..<min(j0 + block, c) { dst[j * r + i] = src[i * c + j] }
            }
            j0 += block
          }
          i0 += block
        }
      }
    }
    return Matrix(rows: c, columns: r, scalars: out)
  }

  /// Columns `range` as a new matrix (a slice of a batch).
  public func columns(_ range: Range<Int>) -> Matrix {
    require(
      range.lowerBound >= 0 && range.upperBound <= columns,
      "Matrix: columns \(range) out of 0..<\(columns)")
    let w = range.count
    var out = [Double](repeating: 0, count: rows * w)
    for i in 0..<rows {
      for j in 0..<w { out[i * w + j] = scalars[i * columns + range.lowerBound + j] }
    }
    return Matrix(rows: rows, columns: w, scalars: out)
  }

  /// Rows `range` as a new matrix.
  public func rows(_ range: Range<Int>) -> Matrix {
    require(
      range.lowerBound >= 0 && range.upperBound <= rows,
      "Matrix: rows \(range) out of 0..<\(rows)")
    return Matrix(
      rows: range.count, columns: columns,
      scalars: Array(scalars[(range.lowerBound * columns)..<(range.upperBound * columns)]))
  }

  /// The columns with the given indices, in order (gathering a batch).
  public func gatherColumns(_ indices: [Int]) -> Matrix {
    let w = indices.count
    var out = [Double](repeating: 0, count: rows * w)
    for (k, j) in indices.enumerated() {
      require(j >= 0 && j < columns, "Matrix: column \(j) out of 0..<\(columns)")
      for i in 0..<rows { out[i * w + k] = scalars[i * columns + j] }
    }
    return Matrix(rows: rows, columns: w, scalars: out)
  }

  /// Stops with a message naming both shapes unless they are equal.
  @inlinable
  public func requireSameShape(_ other: Matrix, _ operation: String) {
    require(
      rows == other.rows && columns == other.columns,
      "\(operation): shape mismatch \(rows)×\(columns) vs \(other.rows)×\(other.columns)")
  }
}

extension Matrix: CustomStringConvertible {
  /// Rows on separate lines, 4 significant digits.
  public var description: String {
    var lines = ["Matrix \(shapeText)"]
    for i in 0..<min(rows, 12) {
      let entries = (0..<min(columns, 8)).map { formatSignificant(self[i, $0], 4) }
      lines.append("  [" + entries.joined(separator: ", ") + (columns > 8 ? ", …]" : "]"))
    }
    if rows > 12 { lines.append("  …") }
    return lines.joined(separator: "\n")
  }
}
