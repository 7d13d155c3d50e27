// Tests for writeAtomically.

import XCTest
import Toolkit
@testable import Support

final class AtomicWriteTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("AtomicWriteTests-\(UUID().uuidString)", isDirectory: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: folder)
  }

  func testCreatesParentsReplacesAndLeavesNoTemporaryFiles() throws {
    let url = folder.appendingPathComponent("data/02/loss.dat")
    try writeAtomically("first\n", to: url)
    try writeAtomically(Data("second\n".utf8), to: url)
    XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "second\n")
    let siblings = try FileManager.default.contentsOfDirectory(
      atPath: url.deletingLastPathComponent().path)
    XCTAssertEqual(siblings, ["loss.dat"])
    let permissions =
      try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
    XCTAssertEqual(permissions, 0o644)
  }

  func testUnwritableFolderNamesThePathAndARemedy() throws {
    try XCTSkipIf(getuid() == 0, "root can write into read-only folders")
    let locked = folder.appendingPathComponent("locked")
    try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
    try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked.path)
    defer {
      try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path)
    }
    let url = locked.appendingPathComponent("loss.dat")
    XCTAssertThrowsError(try writeAtomically("x", to: url)) { error in
      XCTAssertEqual(
        "\(error)", "cannot write \(url.path): permission denied; choose another folder with --out")
    }
  }

  func testSystemErrorsBecomeMessagesWithARemedy() {
    // The permission case of the test above, for when the tests run as root.
    XCTAssertEqual(
      "\(fileWriteError("plots/data/02/loss.dat", EACCES))",
      "cannot write plots/data/02/loss.dat: permission denied; choose another folder with --out")
    XCTAssertTrue(
      "\(fileWriteError("x.dat", ENOSPC))".hasSuffix(
        "free some disk space or choose another folder with --out"))
  }

  func testAFileInPlaceOfTheFolderIsReported() throws {
    let blocker = folder.appendingPathComponent("plots")
    try writeAtomically("not a folder", to: blocker)
    let url = blocker.appendingPathComponent("data/loss.dat")
    XCTAssertThrowsError(try writeAtomically("x", to: url)) { error in
      let message = "\(error)"
      XCTAssertTrue(
        message.hasPrefix("cannot write \(url.path): cannot create the folder"), message)
      XCTAssertTrue(message.hasSuffix("choose another folder with --out"), message)
    }
  }
}
