// Tests for quantiles, medians and interquartile ranges, infinite values included.

import XCTest
import Toolkit
@testable import Experiments

final class QuantilesTests: XCTestCase {
  func testType7QuantilesByHand() {
    // NumPy: np.quantile([4, 1, 3, 2], [0, .25, .5, .75, 1]) = [1, 1.75, 2.5, 3.25, 4].
    let values: [Double] = [4, 1, 3, 2]
    XCTAssertEqual(quantile(values, 0), 1)
    XCTAssertEqual(quantile(values, 0.25), 1.75)
    XCTAssertEqual(median(values), 2.5)
    XCTAssertEqual(quantile(values, 0.75), 3.25)
    XCTAssertEqual(quantile(values, 1), 4)
    XCTAssertEqual(median([5, 1, 3]), 3)
    XCTAssertEqual(median([7]), 7)
    let iqr = interquartileRange([1, 2, 3, 4, 5])
    XCTAssertEqual(iqr.lower, 2)
    XCTAssertEqual(iqr.upper, 4)
  }

  func testInfiniteValuesNeverGiveNaN() {
    // A blown-up run enters as +∞: the median of three with one blow-up is the middle finite value,
    // the upper quartile (between 2 and +∞) is +∞.
    XCTAssertEqual(median([1, .infinity, 2]), 2)
    XCTAssertEqual(quantile([1, 2, .infinity], 0.75), .infinity)
    XCTAssertEqual(median([1, .infinity]), .infinity)
    XCTAssertEqual(median([-.infinity, 3]), -.infinity)
    XCTAssertEqual(median([.infinity, .infinity]), .infinity)
    // Opposite infinities in the middle (paired differences only): 0 halfway, the nearer one
    // elsewhere, never NaN.
    XCTAssertEqual(median([-.infinity, .infinity]), 0)
    XCTAssertEqual(median([-.infinity, -.infinity, .infinity, .infinity]), 0)
    XCTAssertEqual(quantile([-.infinity, .infinity], 0.25), -.infinity)
    XCTAssertEqual(quantile([-.infinity, .infinity], 0.75), .infinity)
  }

  /// Differences pair by pair; a treatment run that stopped or went infinite is +∞ from there.
  func testPairedDifferenceBandByHand() {
    let treatment: [[Double]] = [[1, 2, 3], [2, 3, 5], [5]]
    let baseline: [[Double]] = [[0, 0, 0], [1, 1, 1], [1, 1, 1]]
    // Differences [1, 2, 3], [1, 2, 4], [4, ∞, ∞].
    let band = QuantileBand(differences: treatment, from: baseline, length: 3)
    XCTAssertEqual(band.median, [1, 2, 4])
    XCTAssertEqual(band.lower, [1, 2, 3.5])
    XCTAssertEqual(band.upper, [2.5, .infinity, .infinity])
    let flipped = QuantileBand(differences: baseline, from: treatment, length: 3)
    XCTAssertEqual(flipped.median, [-1, -2, -3])
    // A baseline that blew up does not make the treatment infinitely better.
    let afterBlowUp = QuantileBand(differences: [[1, 1]], from: [[0, .infinity]], length: 2)
    XCTAssertEqual(afterBlowUp.median, [1, .infinity])
  }
}
