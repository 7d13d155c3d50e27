// Small generated data files for the Data tests: IDX, CSV and CIFAR writers, gzip, temp folders.

import Foundation
import XCTest
import Toolkit
@testable import Datasets

/// A fresh folder under the system's temporary directory, removed when released.
final class _TemporaryDirectory {
  let path: String

  init() throws {
    path = NSTemporaryDirectory() + "teleportation-data-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// Writes `bytes` to `name` (sub-folders created) and returns the full path.
  @discardableResult
  func write(_ name: String, _ bytes: [UInt8]) throws -> String {
    let full = path + "/" + name
    let folder = (full as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: full))
    return full
  }

  /// Writes `bytes` gzipped (by the system's `gzip`) to `name` and returns the full path.
  @discardableResult
  func writeGzipped(_ name: String, _ bytes: [UInt8]) throws -> String {
    let plain = try write(name + ".plain", bytes)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["gzip", "-n", "-f", plain]
    try process.run()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0, "gzip failed on \(plain)")
    let full = path + "/" + name
    try FileManager.default.moveItem(atPath: plain + ".gz", toPath: full)
    return full
  }
}

/// Big-endian bytes of a 32-bit word, as IDX headers store them.
func _bigEndian(_ value: UInt32) -> [UInt8] {
  [
    UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff),
    UInt8(value & 0xff),
  ]
}

/// An IDX images file: `count` images of rows × columns, pixel(k, i) for pixel i of image k.
func _idxImages(count: Int, rows: Int, columns: Int, pixel: (Int, Int) -> UInt8) -> [UInt8] {
  var bytes =
    _bigEndian(0x0000_0803) + _bigEndian(UInt32(count))
    + _bigEndian(UInt32(rows)) + _bigEndian(UInt32(columns))
  for k in 0..<count {
    for i in 0..<(rows * columns) { bytes.append(pixel(k, i)) }
  }
  return bytes
}

/// An IDX labels file.
func _idxLabels(_ labels: [UInt8]) -> [UInt8] {
  _bigEndian(0x0000_0801) + _bigEndian(UInt32(labels.count)) + labels
}

/// A distinctive pixel value for image k, pixel i.
func _pixel(_ k: Int, _ i: Int) -> UInt8 { UInt8((k * 31 + i * 7) % 256) }

/// Asserts equal shapes and entries, reporting the first differing index and both values.
func _assertMatrixEqual(
  _ a: Matrix, _ b: Matrix, _ message: String = "", file: StaticString = #filePath,
  line: UInt = #line
) {
  guard a.rows == b.rows && a.columns == b.columns else {
    XCTFail("shapes differ: \(a.shapeText) vs \(b.shapeText) \(message)", file: file, line: line)
    return
  }
  for i in 0..<a.rows {
    for j in 0..<a.columns where a[i, j] != b[i, j] {
      XCTFail("entry [\(i), \(j)]: \(a[i, j]) vs \(b[i, j]) \(message)", file: file, line: line)
      return
    }
  }
}

/// Runs `body`, expecting it to throw a `DataError`, and returns that error.
func _expectDataError<T>(
  _ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line
) -> DataError? {
  do {
    _ = try body()
    XCTFail("expected a DataError, got a result", file: file, line: line)
  } catch let error as DataError {
    return error
  } catch {
    XCTFail("expected a DataError, got \(error)", file: file, line: line)
  }
  return nil
}
