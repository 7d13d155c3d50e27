// Runs every written lesson with --quick and compares its transcript with a snapshot.

import Foundation
import XCTest

/// The built products folder (`.build/debug`), where the `lesson` executable lives.
private var productsDirectory: URL {
  Bundle.main.bundleURL
}

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs `lesson` with the given arguments (and environment, this process's by default);
/// returns exit status, stdout and stderr.
func runLesson(_ arguments: [String], environment: [String: String]? = nil) throws -> (
  status: Int32, stdout: String, stderr: String
) {
  let process = Process()
  process.executableURL = productsDirectory.appendingPathComponent("lesson")
  process.arguments = arguments
  if let environment { process.environment = environment }
  process.currentDirectoryURL = repositoryRoot
  let out = Pipe(), err = Pipe()
  process.standardOutput = out
  process.standardError = err
  try process.run()
  // Read before waiting, so that a large transcript cannot fill the pipe and block.
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  let errData = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (
    process.terminationStatus, String(decoding: outData, as: UTF8.self),
    String(decoding: errData, as: UTF8.self)
  )
}

/// The transcript without `[time]` lines, which differ from run to run.
func stableLines(_ transcript: String) -> String {
  transcript.split(separator: "\n", omittingEmptySubsequences: false)
    .filter { !$0.hasPrefix("[time]") }
    .joined(separator: "\n")
}

final class LessonTranscriptTests: XCTestCase {
  /// Compares `lesson N --quick` with `Snapshots/lesson-NN.txt`; `RECORD_SNAPSHOTS=1` re-records.
  func assertSnapshot(_ chapter: String, file: StaticString = #filePath, line: UInt = #line) throws
  {
    let out = FileManager.default.temporaryDirectory
      .appendingPathComponent("lesson-\(chapter)-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try runLesson([chapter, "--quick", "--out", out.path])
    XCTAssertEqual(
      result.status, 0, "lesson \(chapter) --quick failed:\n\(result.stderr)",
      file: file, line: line)
    let snapshot =
      repositoryRoot
      .appendingPathComponent("Tests/LessonTests/Snapshots/lesson-\(chapter).txt")
    let actual = stableLines(result.stdout)
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
      try actual.write(to: snapshot, atomically: true, encoding: .utf8)
      return
    }
    guard let expected = try? String(contentsOf: snapshot, encoding: .utf8) else {
      XCTFail(
        "no snapshot at \(snapshot.path); record one with RECORD_SNAPSHOTS=1 swift test",
        file: file, line: line)
      return
    }
    if let first = firstDisagreement(expected: expected, actual: actual) {
      let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
      let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
      XCTFail(
        """
        lesson \(chapter) --quick differs from its snapshot at line \(first + 1):
          expected: \(first < e.count ? String(e[first]) : "<end>")
          actual:   \(first < a.count ? String(a[first]) : "<end>")
        Re-record with RECORD_SNAPSHOTS=1 swift test if the change is intended.
        """, file: file, line: line)
    }
  }

  func testAppendixTranscript() throws { try assertSnapshot("A") }

  func testChapter01Transcript() throws { try assertSnapshot("01") }
  func testChapter06Transcript() throws { try assertSnapshot("06") }

  func testChapter02Transcript() throws { try assertSnapshot("02") }

  func testChapter03Transcript() throws { try assertSnapshot("03") }

  func testChapter05Transcript() throws { try assertSnapshot("05") }

  func testChapter04Transcript() throws { try assertSnapshot("04") }

  func testChapter07Transcript() throws { try assertSnapshot("07") }

  /// The sweeps of Table 1 and Figure 4 in two shards, then a merge, print the tables a single
  /// run prints.
  func testShardsThenMergeGiveTheSameTable() throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent(
      "lesson-04-shards-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: out) }
    for shard in ["1/2", "2/2"] {
      let result = try runLesson(["4", "--quick", "--shard", shard, "--out", out.path])
      XCTAssertEqual(result.status, 0, "shard \(shard) failed:\n\(result.stderr)")
      XCTAssertTrue(result.stdout.contains("shard \(shard) ran"), result.stdout)
    }
    let merged = try runLesson(["4", "--quick", "--merge", "--out", out.path])
    XCTAssertEqual(merged.status, 0, merged.stderr)
    let snapshot = try String(
      contentsOf: repositoryRoot.appendingPathComponent(
        "Tests/LessonTests/Snapshots/lesson-04.txt"), encoding: .utf8)
    let tableLines = merged.stdout.split(separator: "\n").filter {
      $0.contains("(sharpness)") || $0.contains("(curvature)") || $0.contains("training loss  ")
        || $0.contains("verdict") || $0.contains(" vs ")
    }
    XCTAssertTrue(tableLines.contains { $0.contains("MNIST validation loss at epoch") })
    XCTAssertFalse(tableLines.isEmpty, merged.stdout)
    for line in tableLines {
      XCTAssertTrue(
        snapshot.contains(line), "merged Table 1 line not in the single-run snapshot: \(line)")
    }
    // A merge with a shard missing says which runs to run.
    try? FileManager.default.removeItem(at: out.appendingPathComponent("sweeps"))
    _ = try runLesson(["4", "--quick", "--shard", "1/2", "--out", out.path])
    let incomplete = try runLesson(["4", "--quick", "--merge", "--out", out.path])
    XCTAssertNotEqual(incomplete.status, 0)
    XCTAssertTrue(incomplete.stderr.contains("missing"), incomplete.stderr)
  }

  func testListingChapters() throws {
    let result = try runLesson([])
    XCTAssertEqual(result.status, 0)
    XCTAssertTrue(result.stdout.contains("Learning to teleport"), result.stdout)
  }

  func testUnknownChapterFailsWithAMessage() throws {
    let result = try runLesson(["9"])
    XCTAssertNotEqual(result.status, 0)
    XCTAssertTrue(result.stderr.contains("no such chapter"), result.stderr)
  }

  func testBadArgumentsFailWithAMessage() throws {
    let both = try runLesson(["1", "--quick", "--paper"])
    XCTAssertNotEqual(both.status, 0)
    XCTAssertTrue(both.stderr.contains("--quick and --paper"), both.stderr)
    let shard = try runLesson(["1", "--shard", "9/4"])
    XCTAssertNotEqual(shard.status, 0)
    XCTAssertTrue(shard.stderr.contains("K/N"), shard.stderr)
  }

  func testUnwritableOutputFolderIsReported() throws {
    let result = try runLesson(["A", "--quick", "--out", "/proc/teleportation-cannot-write-here"])
    XCTAssertNotEqual(result.status, 0)
    XCTAssertTrue(result.stderr.contains("--out"), result.stderr)
  }
}
