// Tests for paired sweeps: arms share each pair's generator, and the sweep resumes and refuses mixing.

import XCTest
@testable import Toolkit

final class PairedSweepTests: XCTestCase {
  private func folder() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent(
      "paired-sweep-\(UUID().uuidString)")
  }

  func testArmsOfAPairShareTheirGeneratorAndMergeByArm() throws {
    let url = folder()
    defer { try? FileManager.default.removeItem(at: url) }
    let sweep = try PairedSweep<[Double]>(
      arms: ["a", "b", "c"], pairCount: 4, seed: 7, folder: url,
      key: ["test": "1"])
    try sweep.run(maxConcurrency: 2) { arm, pair, rng in
      [Double(arm), Double(pair), Double(rng.next() % 1000)]
    }
    let byArm = try sweep.merge()
    XCTAssertEqual(byArm.count, 3)
    for pair in 0..<4 {
      var expected = SplitMix64.stream(seed: 7, index: UInt64(pair))
      let draw = Double(expected.next() % 1000)
      for arm in 0..<3 {
        XCTAssertEqual(
          byArm[arm][pair], [Double(arm), Double(pair), draw], "arm \(arm) pair \(pair)")
      }
    }
    XCTAssertNotEqual(byArm[0][0][2], byArm[0][1][2], "different pairs draw differently")
  }

  func testShardsResumeAndAnotherConfigurationIsRefused() throws {
    let url = folder()
    defer { try? FileManager.default.removeItem(at: url) }
    let sweep = try PairedSweep<[Double]>(
      arms: ["a", "b"], pairCount: 3, seed: 1, folder: url, key: ["c": "x"])
    let first = try sweep.run(shard: Shard(index: 1, count: 2)) { arm, pair, _ in
      [Double(arm + 10 * pair)]
    }
    XCTAssertEqual(first, [0, 2, 4])
    XCTAssertThrowsError(try sweep.merge(shardCount: 2)) { error in
      XCTAssertTrue("\(error)".contains("--shard 2/2"), "\(error)")
    }
    let rest = try sweep.run { arm, pair, _ in [Double(arm + 10 * pair)] }
    XCTAssertEqual(rest, [1, 3, 5])
    XCTAssertEqual(try sweep.merge().map { $0.map { $0[0] } }, [[0, 10, 20], [1, 11, 21]])
    XCTAssertThrowsError(
      try PairedSweep<[Double]>(
        arms: ["a", "b"], pairCount: 3, seed: 1, folder: url,
        key: ["c": "y"])
    ) { error in
      XCTAssertTrue("\(error)".contains("computed from something else"), "\(error)")
    }
  }

  func testBlownUpValuesSurviveTheRoundTrip() throws {
    let url = folder()
    defer { try? FileManager.default.removeItem(at: url) }
    let sweep = try PairedSweep<RunOutcome>(arms: ["a"], pairCount: 2, seed: 1, folder: url)
    try sweep.run { _, pair, _ in pair == 0 ? .blownUp : RunOutcome(value: .infinity, blewUp: true)
    }
    let merged = try sweep.merge()[0]
    XCTAssertTrue(merged[0].value.isNaN)
    XCTAssertTrue(merged[0].blewUp)
    XCTAssertEqual(merged[1].value, .infinity)
  }

  func testQuantileBandFillsBlownUpRunsWithTheWorstValue() {
    // Three runs; the third blows up after step 1 (NaN), the second is one step short.
    let band = QuantileBand(runs: [[1, 2, 3], [2, 3], [3, .nan, 5]])
    XCTAssertEqual(band.median, [2, 3, .infinity])
    XCTAssertEqual(band.lower, [1.5, 2.5, .infinity])
    XCTAssertEqual(band.upper, [2.5, .infinity, .infinity])
  }
}
