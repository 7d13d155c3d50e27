// Tests for Support/Formatting.swift: every printed number goes through formatSignificant.

import XCTest
import Toolkit
@testable import Support

/// Expected strings were checked against an independent transcription of the
/// contract in Python, whose `%` formatting rounds correctly (as glibc's does).
final class FormattingTests: XCTestCase {
  private func assertFormats(
    _ cases: [(Double, Int, String)], file: StaticString = #filePath,
    line: UInt = #line
  ) {
    for (value, digits, expected) in cases {
      XCTAssertEqual(
        formatSignificant(value, digits), expected, "\(value) to \(digits) digits",
        file: file, line: line)
    }
  }

  func testPlainNotationKeepsTrailingZeros() {
    assertFormats([
      (0.123456, 4, "0.1235"), (1.5, 4, "1.500"), (100, 4, "100.0"), (123456, 4, "123456"),
      (-2.71828, 4, "-2.718"), (3.14159265, 6, "3.14159"), (0.05, 1, "0.05"),
    ])
  }

  func testScientificOutsideAThousandthToAMillion() {
    assertFormats([
      (1234567, 4, "1.235e+06"), (-0.000123456, 4, "-1.235e-04"), (0.0009999, 4, "9.999e-04"),
      (1e6, 4, "1.000e+06"), (-1e-7, 3, "-1.00e-07"),
      (1e-300, 4, "1.000e-300"), (1e300, 4, "1.000e+300"),
      (.leastNonzeroMagnitude, 4, "4.941e-324"),
    ])
    XCTAssertEqual(formatSignificant(1e-3), "0.001000", "a thousandth itself is plain")
  }

  func testTheDefaultIsFourDigits() {
    XCTAssertEqual(formatSignificant(2.0 / 3.0), "0.6667")
  }

  func testRoundingHappensBeforeTheNotationIsChosen() {
    // Rounded to 4 digits these cross a power of ten: the notation and the
    // number of decimals follow the rounded value, never "1.0000" or "999.960".
    assertFormats([
      (0.99999, 4, "1.000"), (999.96, 4, "1000"), (-999.96, 4, "-1000"),
      (0.00099996, 4, "0.001000"), (999999.5, 4, "1.000e+06"), (999999, 4, "1.000e+06"),
    ])
  }

  func testExactHalvesRoundToEven() {
    // 2.5, 3.5, 0.125 and 1.0625 are exact in binary, so these are true ties.
    assertFormats([
      (2.5, 1, "2"), (3.5, 1, "4"), (-2.5, 1, "-2"), (0.125, 2, "0.12"), (1.0625, 4, "1.062"),
    ])
  }

  func testZeroNaNAndInfinities() {
    assertFormats([
      (0, 4, "0"), (-0.0, 4, "0"), (.nan, 4, "nan"), (.infinity, 4, "inf"), (-.infinity, 4, "-inf"),
    ])
  }
}
