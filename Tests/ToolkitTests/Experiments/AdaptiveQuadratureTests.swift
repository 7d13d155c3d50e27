// Adaptive Simpson on smooth, kinked and periodic integrands.

import Foundation
import XCTest
import Toolkit
@testable import Experiments

final class AdaptiveQuadratureTests: XCTestCase {
  func testKnownIntegrals() {
    XCTAssertEqual(adaptiveSimpson(sin, from: 0, to: .pi).value, 2, accuracy: 1e-10)
    XCTAssertEqual(adaptiveSimpson({ abs($0 - 0.3) }, from: 0, to: 1).value, 0.29, accuracy: 1e-10)
    XCTAssertEqual(adaptiveSimpson({ sqrt($0) }, from: 0, to: 1).value, 2.0 / 3, accuracy: 1e-8)
    XCTAssertEqual(
      adaptiveSimpson({ pow(sin(3 * $0), 2) }, from: 0, to: 2 * .pi).value, .pi, accuracy: 1e-9)
    // The hazard the initial panels guard against: with one panel, sin²(2θ) is
    // zero at all three first-level samples and the rule returns 0.
    XCTAssertEqual(
      adaptiveSimpson({ pow(sin(2 * $0), 2) }, from: 0, to: 2 * .pi, initialPanels: 1).value, 0,
      accuracy: 1e-12)
  }

  func testRefinesOnlyWhereNeeded() {
    let smooth = adaptiveSimpson({ $0 * $0 * $0 }, from: 0, to: 1)
    XCTAssertEqual(smooth.value, 0.25, accuracy: 1e-14)
    XCTAssertLessThan(smooth.evaluations, 40, "a cubic is integrated exactly on the first level")
    let kinked = adaptiveSimpson({ abs($0 - 0.3) }, from: 0, to: 1, tolerance: 1e-12)
    XCTAssertGreaterThan(kinked.evaluations, smooth.evaluations)
  }
}
