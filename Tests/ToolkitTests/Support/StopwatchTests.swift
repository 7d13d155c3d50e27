// Tests for Stopwatch.

import XCTest
import Toolkit
@testable import Support

final class StopwatchTests: XCTestCase {
  func testMeasuresASleepAndResets() {
    var stopwatch = Stopwatch()
    usleep(20_000)
    let elapsed = stopwatch.elapsedSeconds
    XCTAssertGreaterThanOrEqual(elapsed, 0.02)
    XCTAssertLessThan(elapsed, 5, "a 20 ms sleep took \(elapsed) s")
    stopwatch.reset()
    XCTAssertLessThan(stopwatch.elapsedSeconds, elapsed)
  }

  func testMeasureReturnsTheResultAndTheTimeOfTheBody() {
    let (result, seconds) = Stopwatch.measure { () -> Int in
      usleep(10_000)
      return (1...100).reduce(0, +)
    }
    XCTAssertEqual(result, 5050)
    XCTAssertGreaterThanOrEqual(seconds, 0.01, "the 10 ms sleep is inside the measurement")
    XCTAssertLessThan(seconds, 5)
  }

  func testMeasurePassesErrorsOn() {
    struct Expected: Error {}
    XCTAssertThrowsError(try Stopwatch.measure { throw Expected() }) {
      XCTAssertTrue($0 is Expected)
    }
  }
}
