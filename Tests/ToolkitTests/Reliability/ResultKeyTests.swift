// Reused results say what they were computed from; mismatches, NaNs and stops are named errors (issue 15).

import Foundation
import XCTest
import Toolkit
@testable import Support
@testable import Datasets
@testable import Experiments

final class ResultKeyTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("ResultKeyTests-\(UUID().uuidString)", isDirectory: true)
    Interruption.reset()
  }

  override func tearDownWithError() throws {
    Interruption.reset()
    try? FileManager.default.removeItem(at: folder)
  }

  private func draw(_ run: Int, _ rng: inout SplitMix64) -> [Double] {
    [Double(run), rng.nextUniform()]
  }

  /// A sweep finished on one data set is not reused for another: the error names both sides and --fresh.
  func testSweepWithAnotherKeyIsRefusedNamingBothSides() throws {
    let sweep = try Sweep<[Double]>(
      runCount: 3, seed: 5, key: ["data": "MNIST hash aaaa", "epochs": "8"], folder: folder)
    try sweep.run(draw)
    XCTAssertThrowsError(
      try Sweep<[Double]>(
        runCount: 3, seed: 5, key: ["data": "MNIST hash bbbb", "epochs": "8"],
        folder: folder)
    ) { error in
      let text = "\(error)"
      XCTAssertTrue(text.contains("data: saved MNIST hash aaaa, now MNIST hash bbbb"), text)
      XCTAssertFalse(text.contains("epochs:"), text)
      XCTAssertTrue(text.contains("--fresh") && text.contains("--out"), text)
    }
    // The same key resumes; --fresh discards the saved runs and starts over.
    XCTAssertEqual(
      try Sweep<[Double]>(
        runCount: 3, seed: 5, key: ["data": "MNIST hash aaaa", "epochs": "8"],
        folder: folder
      ).completedRuns(), [0, 1, 2])
    let fresh = try Sweep<[Double]>(
      runCount: 3, seed: 5, key: ["data": "MNIST hash bbbb", "epochs": "8"],
      folder: folder, fresh: true)
    XCTAssertEqual(fresh.completedRuns(), [])
    XCTAssertEqual(try fresh.run(draw), [0, 1, 2])
  }

  /// A sweep saved before keys existed matches only an empty key.
  func testSweepWithoutARecordedKeyIsRefusedWhenAKeyIsAsked() throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data(#"{"runCount":3,"seed":5}"#.utf8).write(
      to: folder.appendingPathComponent("sweep.json"))
    XCTAssertNoThrow(try Sweep<[Double]>(runCount: 3, seed: 5, folder: folder))
    XCTAssertThrowsError(
      try Sweep<[Double]>(runCount: 3, seed: 5, key: ["code": "abc"], folder: folder)
    ) { error in
      XCTAssertTrue("\(error)".contains("code: saved (not recorded), now abc"), "\(error)")
    }
  }

  /// A stop request between runs keeps the finished runs and throws SweepInterrupted; a rerun resumes.
  func testInterruptedSweepKeepsFinishedRunsAndResumes() throws {
    let sweep = try Sweep<[Double]>(runCount: 6, seed: 2, folder: folder)
    XCTAssertThrowsError(
      try sweep.run(maxConcurrency: 1) { run, rng in
        if run == 2 { Interruption.request() }
        return self.draw(run, &rng)
      }
    ) { error in
      XCTAssertEqual(
        error as? SweepInterrupted,
        SweepInterrupted(folder: self.folder.path, completed: 3, total: 6))
      XCTAssertTrue("\(error)".contains("run the same command again"), "\(error)")
    }
    XCTAssertEqual(sweep.completedRuns(), [0, 1, 2])
    Interruption.reset()
    XCTAssertEqual(try sweep.run(draw), [3, 4, 5])
    let reference = try Sweep<[Double]>(
      runCount: 6, seed: 2, folder: folder.appendingPathComponent("ref"))
    try reference.run(draw)
    XCTAssertEqual(try sweep.merge(), try reference.merge())
  }

  /// --merge after partial shards names the missing shards as K/N, with N read from the saved runs.
  func testMergeNamesMissingShardsByTheirRecordedCount() throws {
    let sweep = try Sweep<[Double]>(runCount: 8, seed: 1, folder: folder)
    try sweep.run(shard: try Shard(index: 2, count: 4), draw)
    XCTAssertThrowsError(try sweep.merge()) { error in
      let text = "\(error)"
      XCTAssertTrue(text.contains("shards 1/4, 3/4, 4/4 did not finish"), text)
      XCTAssertTrue(text.contains("--shard 1/4, --shard 3/4, --shard 4/4"), text)
    }
  }

  /// --merge before any shard ran says so, instead of listing every run as missing from shard 1/1.
  func testMergeBeforeAnyShardSaysToRunTheShards() throws {
    let sweep = try Sweep<[Double]>(runCount: 4, seed: 1, folder: folder)
    XCTAssertThrowsError(try sweep.merge()) { error in
      XCTAssertTrue("\(error)".contains("no runs are saved"), "\(error)")
    }
  }

  func testNonFiniteCorrelationInputIsReportedNotPrinted() {
    XCTAssertThrowsError(try PearsonCorrelation([1, 2, .nan, 4, 5], [1, 2, 3, 4, 6])) { error in
      let text = "\(error)"
      XCTAssertTrue(text.contains("x[2] is nan") && text.contains("NaN or infinite"), text)
    }
    XCTAssertThrowsError(try PearsonCorrelation([1, 2, 3, 4, 5], [1, 2, 3, .infinity, 6])) {
      error in
      XCTAssertTrue("\(error)".contains("y[3] is inf"), "\(error)")
    }
  }

  func testNonFiniteEntryInASavedModelIsReported() throws {
    var learned = smallLearnedOptimizer(.update)
    try learned.save(to: folder)
    let name = learned.parameterNames[0]
    let shape = learned.parameters[0]
    var scalars = shape.scalars
    scalars[1] = .nan
    try NPYArray(shape: [shape.rows, shape.columns], scalars: scalars)
      .write(to: folder.appendingPathComponent(name + ".npy"))
    XCTAssertThrowsError(try learned.load(from: folder)) { error in
      let text = "\(error)"
      XCTAssertTrue(
        text.contains(name + ".npy") && text.contains("entry 1 is nan")
          && text.contains("--retrain"), text)
    }
  }

  /// Named streams: stable, distinct across labels, indices and roots (no root + k overlap), any 64-bit root.
  func testDerivedSeedsAreStableAndDistinct() {
    XCTAssertEqual(
      derivedSeed(54321, "network init", index: 3), derivedSeed(54321, "network init", index: 3))
    let seeds: [UInt64] = [
      derivedSeed(54321, "network init"), derivedSeed(54321, "network init", index: 1),
      derivedSeed(54321, "probe batch"), derivedSeed(54322, "network init"),
      derivedSeed(UInt64.max, "network init"), derivedSeed(1 << 63, "network init"),
    ]
    XCTAssertEqual(Set(seeds).count, seeds.count)
    // FNV-1a's published test vector, so the derivation cannot drift silently.
    XCTAssertEqual(fnv1a64("a"), 0xAF63_DC4C_8601_EC8C)
  }

  func testRunRecordKeepsWhatARunReadAndHowItEnded() throws {
    let fingerprint = DataFingerprint(
      name: "MNIST", files: ["mnist_5k.csv.gz 10 bytes"], trainCount: 4,
      testCount: 1, hash: "0123456789abcdef")
    let record = RunRecord(
      lesson: "04", preset: .quick, seed: UInt64.max, wallSeconds: 1.5,
      commandLine: ["lesson", "4"], dataFingerprints: [fingerprint],
      openBLASKernel: "Haswell", status: "interrupted")
    let url = try record.write(into: folder)
    let read = try RunRecord.read(from: url)
    XCTAssertEqual(read, record)
    XCTAssertEqual(read.seed, UInt64.max)
    XCTAssertNotEqual(read.gitCommit, "")
    XCTAssertTrue(read.toolchain?.hasPrefix("Swift") ?? false)
  }
}
