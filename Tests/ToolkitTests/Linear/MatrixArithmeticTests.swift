// Tests for Linear/Matrix+Arithmetic.swift: each operator and reduction on small exact matrices.

import XCTest
import Toolkit
@testable import Linear

final class MatrixArithmeticTests: XCTestCase {
  // Small integers and halves: every result below is exact in binary.
  let a = Matrix([[1, -2, 3], [4, 5, -6]])
  let b = Matrix([[0.5, 2, -1], [2, -4, 8]])

  func testElementwiseOperators() {
    XCTAssertEqual(a + b, Matrix([[1.5, 0, 2], [6, 1, 2]]))
    XCTAssertEqual(a - b, Matrix([[0.5, -4, 4], [2, 9, -14]]))
    XCTAssertEqual(a .* b, Matrix([[0.5, -4, -3], [8, -20, -48]]))
    XCTAssertEqual(a ./ b, Matrix([[2, -1, -3], [2, -1.25, -0.75]]))
    XCTAssertEqual(-a, Matrix([[-1, 2, -3], [-4, -5, 6]]))
    XCTAssertEqual(b - a, -(a - b), "subtraction is ordered")
    XCTAssertEqual(a ./ b, Matrix([[1, 1, 1], [1, 1, 1]]) ./ (b ./ a), "division is ordered")
  }

  func testScalarOperators() {
    XCTAssertEqual(2 * a, Matrix([[2, -4, 6], [8, 10, -12]]))
    XCTAssertEqual(a * 2, 2 * a)
    XCTAssertEqual(a / 2, Matrix([[0.5, -1, 1.5], [2, 2.5, -3]]))
    XCTAssertEqual(a + 1, Matrix([[2, -1, 4], [5, 6, -5]]))
    XCTAssertEqual(a - 1, Matrix([[0, -3, 2], [3, 4, -7]]))
    XCTAssertEqual(a.map { $0 * $0 }, a .* a)
  }

  func testInPlaceOperatorsMatchTheirPureForms() {
    var x = a
    x += b
    XCTAssertEqual(x, a + b)
    x = a
    x -= b
    XCTAssertEqual(x, a - b)
    x = a
    x *= -3
    XCTAssertEqual(x, -3 * a)
    x = a
    x.add(b, scaledBy: -2)
    XCTAssertEqual(x, a - 2 * b)
  }

  func testReductions() {
    XCTAssertEqual(a.sum(), 5)
    XCTAssertEqual(a.mean(), 5.0 / 6)
    XCTAssertEqual(Matrix.zeros(0, 3).mean(), 0)
    XCTAssertEqual(a.squaredNorm(), 91)
    XCTAssertEqual(a.norm(), 91.0.squareRoot())
    XCTAssertEqual(a.maxAbs(), 6)
    XCTAssertEqual(Matrix.zeros(0, 0).maxAbs(), 0)
    XCTAssertEqual(a.dot(b), 0.5 - 4 - 3 + 8 - 20 - 48)
    XCTAssertEqual(a.rowSums(), Matrix.column([2, 3]))
    XCTAssertEqual(a.columnSums(), Matrix.row([5, 3, -3]))
    XCTAssertEqual(Matrix([[1, 2], [3, -4]]).trace(), -3)
  }

  func testOneNormIsLargestAbsoluteColumnSum() {
    XCTAssertEqual(Matrix([[1, -7], [-2, 3]]).oneNorm(), 10)
    XCTAssertEqual(Matrix([[1, -2, 3]]).oneNorm(), 3)
    XCTAssertEqual(Matrix.zeros(0, 0).oneNorm(), 0)
  }

  func testFiniteness() {
    XCTAssertTrue(a.isFinite)
    XCTAssertFalse(Matrix([[1, .nan]]).isFinite)
    XCTAssertFalse(Matrix([[-.infinity, 1]]).isFinite)
  }

  /// The bit test behind `isFinite` looks at every entry (no early exit to skip one)
  /// and calls the extremes of the finite range finite.
  func testFinitenessLooksAtEveryEntryAndKeepsTheExtremes() {
    let extremes: [Double] = [
      .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude,
      -.leastNormalMagnitude, 0, -0.0,
    ]
    XCTAssertTrue(Matrix(rows: 1, columns: extremes.count, scalars: extremes).isFinite)
    for bad in [Double.nan, -.nan, .signalingNaN, .infinity, -.infinity] {
      for position in [0, 17, 1000] {
        var x = Matrix(rows: 7, columns: 143, repeating: 1.5)  // 1001 entries
        x.scalars[position] = bad
        XCTAssertFalse(x.isFinite, "\(bad) at \(position)")
      }
    }
    XCTAssertTrue(Matrix.zeros(0, 3).isFinite)
  }

  /// `map` applies its transform to each entry in place order, keeping the shape.
  func testMapKeepsShapeAndOrder() {
    let m = Matrix(rows: 3, columns: 5, scalars: (0..<15).map(Double.init))
    let doubled = m.map { 2 * $0 + 1 }
    XCTAssertEqual(doubled.rows, 3)
    XCTAssertEqual(doubled.columns, 5)
    XCTAssertEqual(doubled.scalars, (0..<15).map { 2 * Double($0) + 1 })
    XCTAssertEqual(Matrix.zeros(0, 4).map { $0 + 1 }.columns, 4)
  }

  func testStacking() {
    XCTAssertEqual(
      Matrix.vstack([a, b.rows(0..<1)]),
      Matrix([[1, -2, 3], [4, 5, -6], [0.5, 2, -1]]))
    XCTAssertEqual(
      Matrix.hstack([a, a.columns(0..<1)]),
      Matrix([[1, -2, 3, 1], [4, 5, -6, 4]]))
    XCTAssertEqual(Matrix.vstack([]).shapeText, "0×0")
    XCTAssertEqual(Matrix.hstack([]).shapeText, "0×0")
  }
}
