// Matrix assertions that report the first failing index and both values.

import XCTest
import Toolkit
@testable import Support

/// Fails unless `actual` and `expected` have the same shape and every entry satisfies
/// |a − b| ≤ max(absoluteTolerance, relativeTolerance · max(|a|, |b|)).
///
/// This is the test suite's only matrix comparison; its contract is
/// `isApproximatelyEqual`'s (symmetric, NaN equals nothing, an infinity only
/// itself). Pass `relativeTolerance: 0` for exact equality, and an
/// `absoluteTolerance` whenever entries may vanish: a relative test alone
/// accepts nothing near zero but zero. The failure names the first mismatching
/// entry, both values and their difference (style rule 43).
func assertMatrixApproximatelyEqual(
  _ actual: Matrix, _ expected: Matrix,
  relativeTolerance: Double = 1e-8, absoluteTolerance: Double = 0,
  _ message: @autoclosure () -> String = "",
  file: StaticString = #filePath, line: UInt = #line
) {
  if let mismatch = firstMismatch(
    actual, expected, relativeTolerance: relativeTolerance,
    absoluteTolerance: absoluteTolerance)
  {
    let context = message()
    XCTFail(
      "\(context.isEmpty ? "" : context + ": ")\(mismatch) "
        + "(relative tolerance \(relativeTolerance), absolute \(absoluteTolerance))",
      file: file, line: line)
  }
}
