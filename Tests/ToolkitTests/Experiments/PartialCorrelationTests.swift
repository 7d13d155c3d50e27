// Tests for PartialCorrelation: constructed known answers and numpy/scipy reference values.

import XCTest
import Toolkit
@testable import Experiments

final class PartialCorrelationTests: XCTestCase {
  /// x and y share z and nothing else: Pearson's r is large, the partial correlation is 0.
  func testSharedCauseOnlyGivesZero() throws {
    let z: [Double] = [-2, -1, 0, 1, 2, 3]
    // a, b and z − mean(z) are orthogonal and a, b have mean 0.
    let a: [Double] = [1, -1, -1, 1, 0, 0]
    let b: [Double] = [1, 1, -1, -1, -1, 1]
    XCTAssertEqual(zip(a, b).map { $0 * $1 }.reduce(0, +), 0)
    let x = zip(z, a).map { 3 * $0 + $1 }
    let y = zip(z, b).map { 2 * $0 + $1 }
    XCTAssertGreaterThan(try PearsonCorrelation(x, y).r, 0.9)
    let c = try PartialCorrelation(x, y, controllingFor: z)
    XCTAssertEqual(c.r, 0, accuracy: 1e-14)
    XCTAssertEqual(c.pValue, 1, accuracy: 1e-12)
    let interval = try XCTUnwrap(c.confidenceInterval)
    // tanh(±1.959964 / √2) for n = 6.
    XCTAssertEqual(interval.lowerBound, -tanh(1.959963984540054 / 2.0.squareRoot()), accuracy: 1e-9)
    XCTAssertEqual(interval.upperBound, tanh(1.959963984540054 / 2.0.squareRoot()), accuracy: 1e-9)
  }

  /// y − z is a multiple of x − z's residual: a perfect partial correlation of either sign.
  func testSameResidualGivesOne() throws {
    let z: [Double] = [-2, -1, 0, 1, 2, 3]
    let a: [Double] = [1, -1, -1, 1, 0, 0]
    let x = zip(z, a).map { $0 + $1 }
    let c = try PartialCorrelation(x, zip(z, a).map { 5 * $0 - 2 * $1 }, controllingFor: z)
    XCTAssertEqual(c.r, -1, accuracy: 1e-12)
    XCTAssertEqual(c.pValue, 0)
  }

  /// Values from generate_partial_reference.py (residual regression, scipy's t and normal).
  func testMatchesResidualRegressionReference() throws {
    let x: [Double] = [2.0, 4.1, 6.3, 7.9, 10.2, 11.8, 14.5, 15.9]
    let z: [Double] = [1, 2, 3, 4, 5, 6, 7, 8]
    let y: [Double] = [3.1, 2.9, 6.8, 7.2, 9.9, 13.1, 13.0, 17.2]
    let c = try PartialCorrelation(x, y, controllingFor: z)
    let c90 = try PartialCorrelation(x, y, controllingFor: z, confidenceLevel: 0.90)
    assertClose(c.r, -0.4544189076506449, 1e-12, "r")
    assertClose(c.pValue, 0.305673140428525, 1e-10, "p-value")
    let i95 = try XCTUnwrap(c.confidenceInterval)
    let i90 = try XCTUnwrap(c90.confidenceInterval)
    assertClose(i95.lowerBound, -0.8996226787043607, 1e-10, "95% low")
    assertClose(i95.upperBound, 0.4539996148418486, 1e-10, "95% high")
    assertClose(i90.lowerBound, -0.8649524502930118, 1e-10, "90% low")
    assertClose(i90.upperBound, 0.32047077363383236, 1e-10, "90% high")
    XCTAssertEqual(c.sampleCount, 8)
  }

  func testBadInputNamesTheProblem() {
    XCTAssertThrowsError(
      try PartialCorrelation([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], controllingFor: [1, 2, 3, 4])
    ) { error in
      XCTAssertTrue("\(error)".contains("5, 5 and 4 values"), "\(error)")
    }
    XCTAssertThrowsError(
      try PartialCorrelation([1, 2, 3, 4], [1, 2, 3, 5], controllingFor: [1, 0, 1, 0])
    ) { error in
      XCTAssertTrue("\(error)".contains("at least 5 triples"), "\(error)")
    }
    XCTAssertThrowsError(
      try PartialCorrelation(
        [1, 2, .nan, 4, 5], [1, 2, 3, 5, 6], controllingFor: [1, 0, 1, 0, 1])
    ) { error in
      XCTAssertTrue("\(error)".contains("x[2] is nan"), "\(error)")
    }
    XCTAssertThrowsError(
      try PartialCorrelation(
        [1, 2, 3, 4, 5], [1, 2, 3, 5, 6], controllingFor: [1, 0, .infinity, 0, 1])
    ) { error in
      XCTAssertTrue("\(error)".contains("z[2] is inf"), "\(error)")
    }
  }
}
