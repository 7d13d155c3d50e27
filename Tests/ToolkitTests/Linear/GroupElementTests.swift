// Tests for Linear/GroupElement.swift: g and the inverse each parametrisation and rule produce.

import XCTest
import Toolkit
@testable import Linear

final class GroupElementTests: XCTestCase {
  /// A small generator with exact binary entries.
  let t = Matrix([[0.25, -0.5], [0.125, 0.5]])

  func testIdentity() {
    let e = GroupElement.identity(3)
    XCTAssertEqual(e.matrix, .identity(3))
    XCTAssertEqual(e.inverse, .identity(3))
  }

  func testFirstOrderWithExactInverse() throws {
    let g = try GroupElement(generator: t, parametrisation: .firstOrder, inverse: .exact)
    XCTAssertEqual(g.matrix, Matrix([[1.25, -0.5], [0.125, 1.5]]))
    // det = 1.875 + 0.0625 = 1.9375; the inverse is the adjugate over it.
    assertMatrixApproximatelyEqual(
      g.inverse, Matrix([[1.5, 0.5], [-0.125, 1.25]]) / 1.9375,
      relativeTolerance: 1e-15, absoluteTolerance: 1e-15)
  }

  func testFirstOrderInverseIsIMinusT() throws {
    let g = try GroupElement(generator: t, parametrisation: .firstOrder, inverse: .firstOrder)
    XCTAssertEqual(g.matrix, .identity(2) + t)
    XCTAssertEqual(g.inverse, .identity(2) - t)
    // (I + T)(I − T) = I − T²: wrong at second order, as the paper's (B′) accepts.
    XCTAssertEqual(matmul(g.matrix, g.inverse), .identity(2) - matmul(t, t))
  }

  func testExponentialWithExactInverse() throws {
    // A diagonal generator: exp acts entrywise on the diagonal.
    let d = Matrix([[0.5, 0], [0, -1]])
    let g = try GroupElement(generator: d, parametrisation: .exponential, inverse: .exact)
    assertMatrixApproximatelyEqual(
      g.matrix, Matrix([[Foundation.exp(0.5), 0], [0, Foundation.exp(-1)]]),
      relativeTolerance: 1e-14)
    assertMatrixApproximatelyEqual(
      g.inverse, Matrix([[Foundation.exp(-0.5), 0], [0, Foundation.exp(1)]]),
      relativeTolerance: 1e-14)
    // A skew-symmetric generator gives a rotation: gᵀ = g⁻¹.
    let skew = t - t.transposed
    let r = try GroupElement(generator: skew, parametrisation: .exponential, inverse: .exact)
    assertMatrixApproximatelyEqual(
      r.inverse, r.matrix.transposed, relativeTolerance: 1e-14,
      absoluteTolerance: 1e-15)
    assertMatrixApproximatelyEqual(
      matmul(r.matrix, r.inverse), .identity(2), relativeTolerance: 0,
      absoluteTolerance: 1e-15)
  }

  func testExponentialWithFirstOrderInverse() throws {
    let g = try GroupElement(generator: t, parametrisation: .exponential, inverse: .firstOrder)
    assertMatrixApproximatelyEqual(g.matrix, try matrixExponential(t), relativeTolerance: 0)
    XCTAssertEqual(g.inverse, .identity(2) - t)
  }

  func testGivenMatrixGetsItsExactInverse() throws {
    let g = try GroupElement(matrix: Matrix([[2, 0], [0, -4]]))
    XCTAssertEqual(g.inverse, Matrix([[0.5, 0], [0, -0.25]]))
    let trusted = GroupElement(matrix: .identity(2), inverse: 3 * .identity(2))
    XCTAssertEqual(trusted.inverse, 3 * .identity(2), "a given inverse is kept, not recomputed")
  }

  func testSingularElementsThrow() {
    XCTAssertThrowsError(try GroupElement(matrix: Matrix([[1, 2], [2, 4]])))
    // I + T with T = −I is the zero matrix.
    XCTAssertThrowsError(
      try GroupElement(
        generator: -Matrix.identity(2), parametrisation: .firstOrder,
        inverse: .exact))
    // The same generator is fine when the inverse is only first order, or g = exp(T).
    XCTAssertNoThrow(
      try GroupElement(
        generator: -Matrix.identity(2), parametrisation: .exponential,
        inverse: .exact))
  }
}
