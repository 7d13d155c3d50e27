// Matrix assertions that report the first failing index and both values.

import XCTest
import Toolkit
@testable import Support

/// Fails unless `actual` and `expected` have the same shape and approximately equal entries.
///
/// The failure names the first mismatching entry, both values and their
/// difference (style rule 43), using `firstMismatch(_:_:relativeTolerance:absoluteTolerance:)`.
func assertMatrixApproximatelyEqual(
  _ actual: Matrix, _ expected: Matrix,
  relativeTolerance: Double = 1e-8, absoluteTolerance: Double = 0,
  _ message: @autoclosure () -> String = "",
  file: StaticString = #filePath, line: UInt = #line
) {
  if let mismatch = firstMismatch(actual, expected, relativeTolerance: relativeTolerance,
                                  absoluteTolerance: absoluteTolerance) {
    let context = message()
    XCTFail("\(context.isEmpty ? "" : context + ": ")\(mismatch) "
              + "(relative tolerance \(relativeTolerance), absolute \(absoluteTolerance))",
            file: file, line: line)
  }
}
