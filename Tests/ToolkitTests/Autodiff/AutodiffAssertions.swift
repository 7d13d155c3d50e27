// Matrix assertions for the autodiff and network tests.

import XCTest
import Toolkit
@testable import Autodiff

/// Fails, naming the first differing index and both values, unless every
/// entry satisfies |a − b| ≤ tolerance · max(1, |a|, |b|).
func assertMatrixApproximatelyEqual(_ a: Matrix, _ b: Matrix, tolerance: Double,
                                    _ message: String = "",
                                    file: StaticString = #filePath, line: UInt = #line) {
  guard a.rows == b.rows && a.columns == b.columns else {
    XCTFail("\(message) shapes differ: \(a.shapeText) vs \(b.shapeText)", file: file, line: line)
    return
  }
  for i in 0..<a.rows {
    for j in 0..<a.columns {
      let (x, y) = (a[i, j], b[i, j])
      if !(abs(x - y) <= tolerance * max(1, abs(x), abs(y))) {
        XCTFail("\(message) first difference at [\(i), \(j)]: \(x) vs \(y)", file: file, line: line)
        return
      }
    }
  }
}

/// Runs `checkGradient` and fails, naming the case, order, input and both
/// error figures, when an input's relative error exceeds `tolerance`.
func assertGradientCheckPasses(_ name: String, _ f: ([Variable]) -> Variable, at xs: [Matrix],
                               order: GradientCheckOrder, tolerance: Double,
                               file: StaticString = #filePath, line: UInt = #line) {
  do {
    for c in try checkGradient(of: f, at: xs, order: order) where !(c.relativeError <= tolerance) {
      XCTFail("\(name), order \(order.rawValue), input \(c.input): relative error "
                + "\(c.relativeError) (max |Δ| \(c.maxAbsDifference)) > \(tolerance)",
              file: file, line: line)
    }
  } catch {
    XCTFail("\(name): \(error)", file: file, line: line)
  }
}
