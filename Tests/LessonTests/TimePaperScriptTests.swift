// scripts/time-paper.sh: its totals add every segment, and a log of another commit is refused.

import Foundation
import XCTest

final class TimePaperScriptTests: XCTestCase {
  private var script: String { repositoryRoot.appendingPathComponent("scripts/time-paper.sh").path }

  /// Runs the script with `arguments`; returns its exit status, standard output and error.
  private func run(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [script] + arguments
    let (out, err) = (Pipe(), Pipe())
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let error = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output, error)
  }

  private func temporaryLog(_ text: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("time-paper-\(UUID().uuidString).txt")
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  func testTheSummaryAddsEverySegmentAndCountsKilledOnes() throws {
    let log = try temporaryLog(
      """
      # make paper, timed segment by segment (scripts/time-paper.sh)
      # commit abc1234, preset paper, 2 cores, a CPU
      # segment\tlesson\tstarted (UTC)\twall s\tCPU s\thow it ended
      segment\tbuild\t2026-12-01T00:00:00Z\t70.0\t130.0\tfinished
      segment\t1\t2026-12-01T00:01:10Z\t30.5\t20.0\tfinished
      segment\t5\t2026-12-01T00:01:41Z\t3600.0\t?\tkilled (last heartbeat)
      segment\t5\t2026-12-02T00:00:00Z\t1800.0\t3500.0\tfinished
      segment\t6\t2026-12-02T00:30:00Z\t100.0\t150.0\tfailed (exit 1)

      """)
    defer { try? FileManager.default.removeItem(at: log) }
    let (status, output, _) = try run(["--summary", log.path])
    XCTAssertEqual(status, 0)
    let lines = output.split(separator: "\n").map(String.init)
    XCTAssertEqual(
      lines,
      [
        "1\t1 segment(s)\t30 s wall\t20 s CPU\tfinished",  // 30.5 prints as 30 (%.0f, to even)
        "5\t2 segment(s)\t5400 s wall\t3500 s CPU\tfinished",
        "6\t1 segment(s)\t100 s wall\t150 s CPU\tnot finished",
        "build\t1 segment(s)\t70 s wall\t130 s CPU\tfinished",
        "all\t\t5600 s wall (1h 33m)\t3800 s CPU (and the CPU time of 1 killed segment(s), unknown)",
      ])
  }

  func testALogStartedAtAnotherCommitIsRefusedBeforeAnythingRuns() throws {
    let text =
      "# make paper, timed segment by segment (scripts/time-paper.sh)\n# commit 0000000, preset paper\n"
    let log = try temporaryLog(text)
    defer { try? FileManager.default.removeItem(at: log) }
    let (status, _, error) = try run([log.path])
    XCTAssertEqual(status, 1)
    XCTAssertTrue(error.contains("was started at commit 0000000"), error)
    XCTAssertEqual(try String(contentsOf: log, encoding: .utf8), text, "the log is left as it was")
  }

  func testAnUnknownPresetIsRefused() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [script, "/dev/null"]
    process.environment = ProcessInfo.processInfo.environment.merging(["PRESET": "fast"]) { $1 }
    let err = Pipe()
    process.standardError = err
    try process.run()
    let error = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 2)
    XCTAssertTrue(error.contains("PRESET must be paper or quick"), error)
  }
}
