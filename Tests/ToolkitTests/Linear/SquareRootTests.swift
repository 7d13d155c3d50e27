// Tests for Linear/SquareRoot.swift: the unguarded square root is Double.squareRoot(), bit for bit.

import XCTest
import Toolkit
@testable import Linear

final class SquareRootTests: XCTestCase {
  func testBitwiseEqualToSquareRootOnSpecialAndRandomValues() {
    var values: [Double] = [
      0, -0.0, 1, 2, 4, 0.25, .leastNonzeroMagnitude, .leastNormalMagnitude,
      .leastNormalMagnitude.nextDown, .greatestFiniteMagnitude, .infinity, 1e-300, 1e300,
      1 - .ulpOfOne, 1 + .ulpOfOne,
    ]
    var rng = SplitMix64(seed: 17)
    for _ in 0..<500 {
      // Uniform mantissas over exponents from 2⁻¹⁰⁰⁰ to 2¹⁰⁰⁰, the range optimizer states span.
      values.append(
        Double(
          sign: .plus, exponent: Int(rng.nextUniform() * 2000) - 1000,
          significand: 1 + rng.nextUniform()))
    }
    for x in values {
      XCTAssertEqual(
        unguardedSquareRoot(x).bitPattern, x.squareRoot().bitPattern, "√\(x)")
    }
    XCTAssertEqual(unguardedSquareRoot(-0.0).sign, .minus, "√−0 is −0 (IEEE 754)")
  }

  func testNegativeAndNaNGiveNaN() {
    for x in [-1, -.leastNonzeroMagnitude, -.infinity, .nan] as [Double] {
      XCTAssertTrue(unguardedSquareRoot(x).isNaN, "√\(x)")
    }
  }
}
