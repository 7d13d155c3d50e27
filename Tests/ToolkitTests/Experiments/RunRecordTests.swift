// Tests for RunRecord (run.json).

import XCTest
import Toolkit
@testable import Experiments

final class RunRecordTests: XCTestCase {
  func testWriteAndReadBack() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("RunRecordTests-\(UUID().uuidString)", isDirectory: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let record = RunRecord(
      lesson: "04", preset: .standard, seed: 7, configuration: ["learningRate": "0.01"],
      wallSeconds: 1.5)
    let url = try record.write(into: folder)
    XCTAssertEqual(url.lastPathComponent, "run.json")
    XCTAssertEqual(try RunRecord.read(from: url), record)
    let text = try String(contentsOf: url, encoding: .utf8)
    XCTAssertTrue(text.contains("\"preset\" : \"default\""), text)
    XCTAssertTrue(text.contains("\"learningRate\" : \"0.01\""), text)
  }

  func testGitCommitIsAHashOrUnknown() {
    let inside = RunRecord.gitCommit(
      in: URL(fileURLWithPath: #filePath).deletingLastPathComponent())
    XCTAssertTrue(
      inside == "unknown" || inside.count == 40 && inside.allSatisfy(\.isHexDigit), inside)
    XCTAssertEqual(RunRecord.gitCommit(in: URL(fileURLWithPath: "/")), "unknown")
  }
}
