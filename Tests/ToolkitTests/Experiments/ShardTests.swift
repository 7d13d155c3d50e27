// Tests for Shard: parsing --shard K/N and the interleaved split of a sweep.

import XCTest
import Toolkit
@testable import Experiments

final class ShardTests: XCTestCase {
  func testParsingAndDescription() throws {
    let shard = try Shard(parsing: "3/8")
    XCTAssertEqual(shard.index, 3)
    XCTAssertEqual(shard.count, 8)
    XCTAssertEqual(shard.description, "3/8")
    XCTAssertEqual(Shard.all, try Shard(parsing: "1/1"))
  }

  func testBadTextIsRejectedWithAnExample() {
    for text in ["0/8", "9/8", "3", "a/b", "3/0", "3/8/1", ""] {
      XCTAssertThrowsError(try Shard(parsing: text), text) { error in
        XCTAssertTrue("\(error)".contains("--shard 3/8"), "\(text): \(error)")
      }
    }
  }

  func testShardsPartitionTheRuns() throws {
    let runCount = 23
    var seen: [Int] = []
    for k in 1...4 {
      let shard = try Shard(index: k, count: 4)
      let runs = shard.runs(of: runCount)
      XCTAssertTrue(runs.allSatisfy(shard.contains(run:)), "shard \(shard)")
      seen += runs
    }
    XCTAssertEqual(seen.sorted(), Array(0..<runCount))
    XCTAssertEqual(try Shard(index: 2, count: 4).runs(of: 10), [1, 5, 9])
  }
}
