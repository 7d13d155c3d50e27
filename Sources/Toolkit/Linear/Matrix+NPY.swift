// A Matrix to and from NumPy's .npy arrays. Introduced in the appendix (A-toolkit).

import Support

extension Matrix {
  /// The matrix as a 2-D `.npy` array of shape `(rows, columns)`.
  public var npyArray: NPYArray { NPYArray(shape: [rows, columns], scalars: scalars) }

  /// A matrix from a `.npy` array: 2-D arrays keep their shape, a 1-D array of
  /// length n becomes an n×1 column (one sample per column is the package's layout
  /// for data, and a vector of parameters is a column).
  ///
  /// - Parameter array: a decoded `.npy` array.
  public init(_ array: NPYArray) {
    let rows = array.shape[0]
    let columns = array.shape.count == 2 ? array.shape[1] : 1
    self.init(rows: rows, columns: columns, scalars: array.scalars)
  }
}
