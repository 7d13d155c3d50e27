// Gradient-check assertions for the autodiff and network tests (matrix comparisons: XCTAssert+Matrix.swift).

import XCTest
import Toolkit
@testable import Autodiff

/// Runs `checkGradient` and fails, naming the case, order, input and both
/// error figures, when an input's relative error exceeds `tolerance`.
func assertGradientCheckPasses(
  _ name: String, _ f: ([Variable]) -> Variable, at xs: [Matrix],
  order: GradientCheckOrder, tolerance: Double,
  file: StaticString = #filePath, line: UInt = #line
) {
  do {
    for c in try checkGradient(of: f, at: xs, order: order) where !(c.relativeError <= tolerance) {
      XCTFail(
        "\(name), order \(order.rawValue), input \(c.input): relative error "
          + "\(c.relativeError) (max |Δ| \(c.maxAbsDifference)) > \(tolerance)",
        file: file, line: line)
    }
  } catch {
    XCTFail("\(name): \(error)", file: file, line: line)
  }
}
