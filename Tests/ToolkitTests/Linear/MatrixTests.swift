// Tests for Linear/Matrix.swift: storage order, constructors, transpose, slicing, equality.

import XCTest
import Toolkit
@testable import Linear

final class MatrixTests: XCTestCase {
  /// [[1, 2, 3], [4, 5, 6]]: every entry distinct, so a misplaced index shows.
  let a = Matrix([[1, 2, 3], [4, 5, 6]])

  func testStorageIsRowMajor() {
    XCTAssertEqual(a.scalars, [1, 2, 3, 4, 5, 6])
    XCTAssertEqual(a.rows, 2)
    XCTAssertEqual(a.columns, 3)
    XCTAssertEqual(a[0, 2], 3)
    XCTAssertEqual(a[1, 0], 4)
    XCTAssertEqual(a.row(1), [4, 5, 6])
    XCTAssertEqual(a.column(2), [3, 6])
    XCTAssertEqual(a.shapeText, "2×3")
    XCTAssertEqual(a.count, 6)
    var b = a
    b[1, 2] = -1
    XCTAssertEqual(b.scalars, [1, 2, 3, 4, 5, -1])
    XCTAssertEqual(a[1, 2], 6, "value semantics: the copy changed, the original did not")
  }

  func testConstructors() {
    XCTAssertEqual(Matrix(rows: 2, columns: 3) { i, j in Double(3 * i + j + 1) }, a)
    XCTAssertEqual(Matrix(rows: 2, columns: 3, scalars: [1, 2, 3, 4, 5, 6]), a)
    XCTAssertEqual(Matrix(rows: 2, columns: 2, repeating: 7).scalars, [7, 7, 7, 7])
    XCTAssertEqual(Matrix.zeros(2, 3).scalars, Array(repeating: 0, count: 6))
    XCTAssertEqual(Matrix.identity(3).scalars, [1, 0, 0, 0, 1, 0, 0, 0, 1])
    XCTAssertEqual(Matrix.identity(0).count, 0)
    XCTAssertEqual(Matrix.scalar(2.5).scalarValue, 2.5)
    XCTAssertEqual(Matrix.column([1, 2]).shapeText, "2×1")
    XCTAssertEqual(Matrix.row([1, 2]).shapeText, "1×2")
    XCTAssertTrue(Matrix.identity(3).isSquare)
    XCTAssertFalse(a.isSquare)
  }

  func testIdentityIsNeutralForTheProduct() {
    XCTAssertEqual(matmul(Matrix.identity(2), a), a)
    XCTAssertEqual(matmul(a, Matrix.identity(3)), a)
  }

  func testTransposeMovesEveryEntryAcrossTheDiagonal() {
    XCTAssertEqual(a.transposed, Matrix([[1, 4], [2, 5], [3, 6]]))
    // Larger than one 32×32 block and not a multiple of it, to reach the block edges.
    var rng = SplitMix64(seed: 3)
    let big = Matrix.uniform(45, 70, using: &rng)
    let t = big.transposed
    XCTAssertEqual(t.shapeText, "70×45")
    for (i, j) in [(0, 0), (44, 69), (31, 32), (32, 31), (10, 64)] {
      XCTAssertEqual(t[j, i], big[i, j], "entry [\(i), \(j)]")
    }
    XCTAssertEqual(t.transposed, big)
  }

  func testReshapeKeepsRowMajorOrder() {
    XCTAssertEqual(a.reshaped(3, 2), Matrix([[1, 2], [3, 4], [5, 6]]))
    XCTAssertEqual(a.flattened, Matrix.column([1, 2, 3, 4, 5, 6]))
  }

  func testSlicesAndGathers() {
    XCTAssertEqual(a.columns(1..<3), Matrix([[2, 3], [5, 6]]))
    XCTAssertEqual(a.columns(0..<0).shapeText, "2×0")
    XCTAssertEqual(a.rows(1..<2), Matrix([[4, 5, 6]]))
    XCTAssertEqual(a.rows(0..<2), a)
    XCTAssertEqual(a.gatherColumns([2, 0, 2]), Matrix([[3, 1, 3], [6, 4, 6]]))
  }

  func testEqualityComparesShapeAndEveryEntry() {
    XCTAssertEqual(a, Matrix([[1, 2, 3], [4, 5, 6]]))
    XCTAssertNotEqual(a, Matrix([[1, 2, 3], [4, 5, 7]]))
    XCTAssertNotEqual(a, a.reshaped(3, 2), "same scalars, different shape")
    XCTAssertNotEqual(Matrix.zeros(2, 0), Matrix.zeros(0, 2))
    XCTAssertNotEqual(Matrix.scalar(.nan), Matrix.scalar(.nan), "NaN equals nothing")
  }

  func testDescriptionPrintsFourSignificantDigits() {
    XCTAssertEqual(
      Matrix([[1.0 / 3, -2], [1e-7, 12345.678]]).description,
      "Matrix 2×2\n  [0.3333, -2.000]\n  [1.000e-07, 12346]")
  }
}
