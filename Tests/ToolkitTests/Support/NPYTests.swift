// Tests for the .npy reader and writer, including round trips through real NumPy.

import Foundation
import XCTest
import Toolkit
@testable import Support

final class NPYTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("NPYTests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: folder)
  }

  func testRoundTripKeepsEveryBitAndAlignsTheData() throws {
    let values: [Double] = [
      0, -0.0, 1.0 / 3, .pi, .leastNormalMagnitude / 4, -.infinity, .greatestFiniteMagnitude,
    ]
    for array in [NPYArray(shape: [7], scalars: values), NPYArray(shape: [1, 7], scalars: values)] {
      let data = array.encoded()
      XCTAssertEqual((data.count - 8 * values.count) % 64, 0, "header not padded to 64 bytes")
      let back = try NPYArray.decode(data)
      XCTAssertEqual(back.shape, array.shape)
      XCTAssertEqual(back.scalars.map(\.bitPattern), values.map(\.bitPattern))
    }
    let nan = try NPYArray.decode(NPYArray(shape: [1], scalars: [.nan]).encoded())
    XCTAssertTrue(nan.scalars[0].isNaN)
  }

  func testMatrixConversions() {
    let m = Matrix([[1, 2, 3], [4, 5, 6]])
    XCTAssertEqual(m.npyArray.shape, [2, 3])
    XCTAssertEqual(Matrix(m.npyArray), m)
    XCTAssertEqual(Matrix(NPYArray(shape: [3], scalars: [1, 2, 3])), Matrix.column([1, 2, 3]))
  }

  func testVersion2FortranOrderAndBigEndian() throws {
    // A hand-made version 2.0 file, big-endian, Fortran order: [[1, 2, 3], [4, 5, 6]].
    var header = "{'descr': '>f8', 'fortran_order': True, 'shape': (2, 3), }"
    header += String(repeating: " ", count: (64 - (12 + header.count + 1) % 64) % 64) + "\n"
    var data = Data([0x93] + Array("NUMPY".utf8) + [2, 0])
    data.append(contentsOf: withUnsafeBytes(of: UInt32(header.utf8.count).littleEndian, Array.init))
    data.append(contentsOf: Array(header.utf8))
    for value in [1.0, 4, 2, 5, 3, 6] {
      data.append(contentsOf: withUnsafeBytes(of: value.bitPattern.bigEndian, Array.init))
    }
    let array = try NPYArray.decode(data)
    XCTAssertEqual(array.shape, [2, 3])
    XCTAssertEqual(array.scalars, [1, 2, 3, 4, 5, 6])
  }

  func testErrorsNameTheFileOffsetAndRemedy() throws {
    let good = NPYArray(shape: [2, 2], scalars: [1, 2, 3, 4]).encoded()
    let truncated = folder.appendingPathComponent("truncated.npy")
    try good.prefix(good.count - 3).write(to: truncated)
    XCTAssertThrowsError(try NPYArray.read(from: truncated)) { error in
      let npyError = error as? NPYError
      XCTAssertEqual(npyError?.source, truncated.path)
      XCTAssertEqual(npyError?.offset, good.count - 32, "the data start after the header")
      XCTAssertTrue("\(error)".contains("the file is truncated"), "\(error)")
    }
    var float32 = good
    let descr = try XCTUnwrap(float32.range(of: Data("<f8".utf8)))
    float32.replaceSubrange(descr, with: Data("<f4".utf8))
    XCTAssertThrowsError(try NPYArray.decode(float32, source: "weights.npy")) { error in
      XCTAssertTrue(
        "\(error)".hasPrefix("weights.npy, offset 10: dtype '<f4' is not float64"), "\(error)")
      XCTAssertTrue("\(error)".contains("astype('<f8')"), "\(error)")
    }
    XCTAssertThrowsError(try NPYArray.decode(Data("PK\u{3}\u{4} not npy".utf8), source: "x.npz")) {
      error in
      XCTAssertTrue("\(error)".contains("not a .npy file"), "\(error)")
    }
  }

  // MARK: - Exchange with NumPy

  func testNumPyReadsWhatWeWrite() throws {
    let m = Matrix([[1.5, -2, 1.0 / 3], [4e-300, 5, 6]])
    let url = folder.appendingPathComponent("from-swift.npy")
    try m.npyArray.write(to: url)
    let output = try python(
      """
      import numpy as np
      a = np.load('\(url.path)')
      assert a.dtype == np.float64 and a.shape == (2, 3) and a.flags['C_CONTIGUOUS'], (a.dtype, a.shape)
      print(repr(a.tolist()))
      """)
    XCTAssertEqual(output, "[[1.5, -2.0, 0.3333333333333333], [4e-300, 5.0, 6.0]]")
  }

  func testWeReadWhatNumPyWrites() throws {
    let c = folder.appendingPathComponent("c.npy"), f = folder.appendingPathComponent("f.npy")
    let v = folder.appendingPathComponent("v.npy")
    _ = try python(
      """
      import numpy as np
      a = np.arange(12, dtype=np.float64).reshape(3, 4) / 7
      np.save('\(c.path)', a)
      np.save('\(f.path)', np.asfortranarray(a))
      np.save('\(v.path)', np.array([0.1, 0.2, 0.3]))
      """)
    let expected = Matrix(rows: 3, columns: 4) { i, j in Double(4 * i + j) / 7 }
    XCTAssertEqual(Matrix(try NPYArray.read(from: c)), expected)
    XCTAssertEqual(Matrix(try NPYArray.read(from: f)), expected)
    let vector = try NPYArray.read(from: v)
    XCTAssertEqual(vector.shape, [3])
    XCTAssertEqual(vector.scalars, [0.1, 0.2, 0.3])
  }

  /// Runs `script` with python3 and returns its trimmed standard output; skips the test
  /// when python3 or NumPy is not installed.
  private func python(_ script: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script]
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    do { try process.run() } catch { throw XCTSkip("python3 is not available: \(error)") }
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let errorText = String(
      decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    if errorText.contains("No module named 'numpy'") || process.terminationStatus == 127 {
      throw XCTSkip("NumPy is not installed for python3")
    }
    guard process.terminationStatus == 0 else {
      XCTFail("python3 failed (\(process.terminationStatus)):\n\(errorText)")
      return ""
    }
    return text.trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
