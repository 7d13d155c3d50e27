import XCTest
import Toolkit
@testable import Datasets

final class RawDataFileTests: XCTestCase {
  func testGzipIsDetectedByContentNotName() throws {
    let dir = try _TemporaryDirectory()
    let payload = (0..<5000).map { UInt8(($0 * 13) % 251) }
    let raw = try dir.write("looks-zipped.gz", payload)
    let zipped = try dir.writeGzipped("plain-name", payload)
    let a = try RawDataFile(path: raw)
    let b = try RawDataFile(path: zipped)
    XCTAssertFalse(a.wasGzipped)
    XCTAssertTrue(b.wasGzipped)
    XCTAssertEqual(a.bytes, payload)
    XCTAssertEqual(b.bytes, payload)
  }

  func testEmptyGzippedFile() throws {
    let dir = try _TemporaryDirectory()
    let zipped = try dir.writeGzipped("empty.gz", [])
    XCTAssertEqual(try RawDataFile(path: zipped).bytes, [])
  }

  func testMissingFile() throws {
    let path = NSTemporaryDirectory() + "teleportation-no-such-file"
    XCTAssertEqual(
      _expectDataError { try RawDataFile(path: path) },
      .unreadableFile(file: path, reason: "no such file"))
  }

  func testCorruptGzipNamesTheFile() throws {
    let dir = try _TemporaryDirectory()
    let zipped = try dir.writeGzipped("x.gz", (0..<3000).map { UInt8($0 % 7) })
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: zipped)))
    for k in 12..<24 { bytes[k] ^= 0xff }  // damage the deflate stream after the header
    let bad = try dir.write("bad.gz", bytes)
    guard case .unreadableFile(bad, let reason)? = _expectDataError({ try RawDataFile(path: bad) })
    else { return XCTFail("expected unreadableFile for \(bad)") }
    XCTAssertTrue(reason.contains("corrupt gzip"), reason)
  }
}
