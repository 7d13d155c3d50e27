// Tests for Sweep: shards, resuming, merging, and refusing to mix sweeps.

import XCTest
import Toolkit
@testable import Experiments

final class SweepTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("SweepTests-\(UUID().uuidString)", isDirectory: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: folder)
  }

  private func draw(_ run: Int, _ rng: inout SplitMix64) -> [Double] {
    [Double(run), rng.nextUniform()]
  }

  func testShardsThenMergeEqualsOneUnshardedSweep() throws {
    let sweep = try Sweep<[Double]>(runCount: 10, seed: 9, folder: folder)
    for k in 1...3 {
      try sweep.run(shard: try Shard(index: k, count: 3), maxConcurrency: 2, draw)
    }
    let merged = try sweep.merge()

    let whole = folder.appendingPathComponent("whole")
    let reference = try Sweep<[Double]>(runCount: 10, seed: 9, folder: whole)
    try reference.run(draw)
    XCTAssertEqual(merged, try reference.merge())
    XCTAssertEqual(merged.map { $0[0] }, (0..<10).map(Double.init))
  }

  func testResumeSkipsCompletedRuns() throws {
    let sweep = try Sweep<[Double]>(runCount: 6, seed: 1, folder: folder)
    struct Interrupted: Error {}
    XCTAssertThrowsError(
      try sweep.run(maxConcurrency: 1) { run, rng in
        if run == 3 { throw Interrupted() }
        return self.draw(run, &rng)
      })
    XCTAssertEqual(sweep.completedRuns(), [0, 1, 2, 4, 5])
    let resumed = try Sweep<[Double]>(runCount: 6, seed: 1, folder: folder)
    XCTAssertEqual(try resumed.run(draw), [3])
    XCTAssertEqual(try resumed.run(draw), [])
    XCTAssertEqual(try resumed.merge().count, 6)
  }

  func testMergeNamesMissingRunsAndTheirShards() throws {
    let sweep = try Sweep<[Double]>(runCount: 8, seed: 1, folder: folder)
    try sweep.run(shard: try Shard(index: 1, count: 4), draw)
    try sweep.run(shard: try Shard(index: 3, count: 4), draw)
    XCTAssertThrowsError(try sweep.merge(shardCount: 4)) { error in
      let message = "\(error)"
      XCTAssertTrue(message.contains("4 of 8 runs are missing"), message)
      XCTAssertTrue(message.contains("runs 1, 3, 5, 7"), message)
      XCTAssertTrue(message.contains("--shard 2/4, --shard 4/4"), message)
    }
  }

  func testRefusesAFolderHoldingAnotherSweep() throws {
    _ = try Sweep<[Double]>(runCount: 8, seed: 1, folder: folder)
    XCTAssertThrowsError(try Sweep<[Double]>(runCount: 8, seed: 2, folder: folder)) { error in
      XCTAssertTrue("\(error)".contains("seed: saved 1, now 2"), "\(error)")
    }
  }
}
