// Tests for mean, sample standard deviation and mean ± std bands.

import XCTest
import Toolkit
@testable import Experiments

final class StatisticsTests: XCTestCase {
  func testMeanAndSampleStandardDeviationByHand() {
    // Deviations from the mean 5 are −3, −1, −1, −1, 0, 0, 2, 4: squares sum to 32, 32/7.
    let values: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]
    XCTAssertEqual(mean(values), 5)
    assertClose(sampleStandardDeviation(values), (32.0 / 7).squareRoot(), 1e-15, "std")
  }

  func testStandardDeviationSurvivesALargeOffset() {
    // The one-pass formula loses every digit here; the two-pass one keeps them.
    let values: [Double] = [1e9 + 1, 1e9 + 2, 1e9 + 3]
    assertClose(sampleStandardDeviation(values), 1, 1e-12, "std with offset 1e9")
  }

  func testBandOverRunsAlignedByStep() throws {
    let band = try Band(runs: [[1, 10, 100], [3, 14, 100]])
    XCTAssertEqual(band.mean, [2, 12, 100])
    XCTAssertEqual(band.standardDeviation, [Double(2).squareRoot(), Double(8).squareRoot(), 0])
    XCTAssertEqual(band.lower[0], 2 - Double(2).squareRoot())
    XCTAssertEqual(band.upper[1], 12 + Double(8).squareRoot())
    XCTAssertEqual(try Band(runs: [[4, 5]]).standardDeviation, [0, 0])
  }

  func testBandRejectsRaggedRuns() {
    XCTAssertThrowsError(try Band(runs: [[1, 2, 3], [1, 2, 3], [1, 2]])) { error in
      XCTAssertTrue("\(error)".contains("run 2 has 2 steps but run 0 has 3"), "\(error)")
    }
    XCTAssertThrowsError(try Band(runs: []))
  }
}
