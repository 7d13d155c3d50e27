// Sizes read from files are checked before use: overflowing headers are named errors, not crashes (issue 15).

import Foundation
import XCTest
import Toolkit
@testable import Support
@testable import Datasets
@testable import Experiments

final class ReaderLimitsTests: XCTestCase {
  /// An IDX header claiming 0xFFFFFFFF images of 0xFFFFFFFF × 0xFFFFFFFF pixels overflowed
  /// `count * rows * columns` (a crash); it is now a size mismatch naming the file.
  func testIDXHeaderWhoseDimensionsOverflowIsASizeMismatch() throws {
    let dir = try _TemporaryDirectory()
    let path = try dir.write(
      "huge-idx3-ubyte",
      _bigEndian(0x0000_0803) + _bigEndian(0xFFFF_FFFF) + _bigEndian(0xFFFF_FFFF)
        + _bigEndian(0xFFFF_FFFF) + [1, 2, 3])
    guard
      case .sizeMismatch(path, _, _, let expected)? = _expectDataError({
        try IDXReader.readImages(at: path)
      })
    else { return XCTFail("expected a size mismatch") }
    XCTAssertTrue(expected.contains("header is corrupt"), expected)
    // Dimensions that fit in Int but not in the file are a truncation, as before.
    let short = try dir.write(
      "short-idx3-ubyte",
      _bigEndian(0x0000_0803) + _bigEndian(0x0001_0000)
        + _bigEndian(0x0001_0000) + _bigEndian(0x0000_0100))
    guard
      case .truncatedFile(short, 16, let size?, false)? = _expectDataError({
        try IDXReader.readImages(at: short)
      })
    else { return XCTFail("expected a truncation") }
    XCTAssertEqual(size, 16 + (1 << 40))
  }

  func testCheckedByteCountRefusesOverflowAndNegatives() {
    XCTAssertEqual(checkedByteCount(header: 16, dimensions: [2, 3, 4]), 40)
    XCTAssertNil(checkedByteCount(header: 16, dimensions: [1 << 32, 1 << 32]))
    XCTAssertNil(checkedByteCount(header: 16, dimensions: [Int.max, 1, 2]))
    XCTAssertNil(checkedByteCount(header: 1, dimensions: [Int.max]))
    XCTAssertNil(checkedByteCount(header: 0, dimensions: [-1]))
  }

  /// A `.npy` header with shape (2³², 2³²) overflowed `8 * count` (a crash); it is now an NPYError.
  func testNPYShapeLargerThanAnyFileIsAnError() throws {
    var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }"
    header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
    let length = UInt16(header.utf8.count)
    let bytes =
      [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)]
      + Array(header.utf8) + [UInt8](repeating: 0, count: 16)
    XCTAssertThrowsError(try NPYArray.decode(Data(bytes), source: "huge.npy")) { error in
      guard let npy = error as? NPYError else { return XCTFail("\(error)") }
      XCTAssertTrue(npy.reason.contains("larger than any file"), npy.reason)
    }
  }

  /// A `.npy` that cannot be opened is described in words, with no Foundation error code.
  func testUnreadableNPYIsDescribedInWords() throws {
    let dir = try _TemporaryDirectory()
    let folder = dir.path + "/a-folder.npy"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for path in [dir.path + "/absent.npy", folder] {
      XCTAssertThrowsError(try NPYArray.read(from: URL(fileURLWithPath: path))) { error in
        let text = "\(error)"
        XCTAssertFalse(text.contains("Domain"), text)
        XCTAssertFalse(
          text.contains("error 2") || text.contains("error 512") || text.contains("error 260"), text
        )
      }
    }
  }

  /// Writing under a file (not a folder) names what is in the way, never "NSCocoaErrorDomain error 512".
  func testFileErrorsAreWordsNotCodes() throws {
    let dir = try _TemporaryDirectory()
    let blocker = try dir.write("plain-file", [1])
    XCTAssertThrowsError(
      try writeAtomically("x", to: URL(fileURLWithPath: blocker + "/sub/out.txt"))
    ) { error in
      let text = "\(error)"
      XCTAssertFalse(text.contains("NSCocoaErrorDomain"), text)
      XCTAssertTrue(
        text.contains("is a file, not a folder") || text.contains("not a directory"), text)
    }
  }
}
