// Tests for runInParallel: job order, per-job seed streams, errors.

import XCTest
import Toolkit
@testable import Experiments

final class ParallelRunsTests: XCTestCase {
  func testResultsAreInJobOrderAndIndependentOfConcurrency() throws {
    let job = { (index: Int, rng: inout SplitMix64) -> [Double] in
      // Uneven work, so that jobs finish out of order on several threads.
      if index % 3 == 0 { usleep(2_000) }
      return [Double(index), rng.nextUniform(), rng.nextUniform()]
    }
    let serial = try runInParallel(count: 17, seed: 42, maxConcurrency: 1, job)
    let parallel = try runInParallel(count: 17, seed: 42, maxConcurrency: 4, job)
    XCTAssertEqual(serial, parallel)
    XCTAssertEqual(serial.map { $0[0] }, (0..<17).map(Double.init))
    var expected = SplitMix64.stream(seed: 42, index: 5)
    XCTAssertEqual(serial[5][1], expected.nextUniform())
    XCTAssertNotEqual(serial[5][1], serial[6][1])
  }

  func testLowestFailingJobsErrorIsThrown() {
    struct JobError: Error, Equatable { let index: Int }
    XCTAssertThrowsError(
      try runInParallel(count: 10, seed: 0, maxConcurrency: 3) { index, _ in
        if index == 7 || index == 4 { throw JobError(index: index) }
        return index
      }
    ) { error in
      XCTAssertEqual(error as? JobError, JobError(index: 4))
    }
  }

  func testZeroJobs() throws {
    XCTAssertEqual(try runInParallel(count: 0, seed: 0) { index, _ in index }, [])
  }
}
