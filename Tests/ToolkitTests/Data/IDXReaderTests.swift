import XCTest
import Toolkit
@testable import Datasets

final class IDXReaderTests: XCTestCase {
  /// Three 2×3 images and their labels, written raw.
  private func writePair(_ dir: _TemporaryDirectory, labels: [UInt8] = [3, 0, 9]) throws
    -> (images: String, labels: String)
  {
    let images = try dir.write("images", _idxImages(count: 3, rows: 2, columns: 3, pixel: _pixel))
    let labelsPath = try dir.write("labels", _idxLabels(labels))
    return (images, labelsPath)
  }

  func testRawRoundTrip() throws {
    let dir = try _TemporaryDirectory()
    let (images, labels) = try writePair(dir)
    let data = try IDXReader.loadDataset(
      name: "tiny", imagesPath: images, labelsPath: labels, imageSize: (2, 3))
    XCTAssertEqual(data.count, 3)
    XCTAssertEqual(data.featureCount, 6)
    XCTAssertEqual(data.labels, [3, 0, 9])
    let expected = Matrix(rows: 6, columns: 3) { i, k in Double(_pixel(k, i)) / 255 }
    _assertMatrixEqual(data.images, expected, "one sample per column, ÷255")
  }

  func testGzippedRoundTripMatchesRaw() throws {
    let dir = try _TemporaryDirectory()
    let (images, labels) = try writePair(dir)
    let gzImages = try dir.writeGzipped(
      "images.gz", _idxImages(count: 3, rows: 2, columns: 3, pixel: _pixel))
    let gzLabels = try dir.writeGzipped("labels.gz", _idxLabels([3, 0, 9]))
    let raw = try IDXReader.loadDataset(
      name: "raw", imagesPath: images, labelsPath: labels, imageSize: (2, 3))
    let zipped = try IDXReader.loadDataset(
      name: "gz", imagesPath: gzImages, labelsPath: gzLabels, imageSize: (2, 3))
    _assertMatrixEqual(zipped.images, raw.images)
    XCTAssertEqual(zipped.labels, raw.labels)
  }

  func testTruncatedImagesNameOffsetAndExpectedSize() throws {
    let dir = try _TemporaryDirectory()
    let full = _idxImages(count: 3, rows: 2, columns: 3, pixel: _pixel)  // 16 + 18 bytes
    let path = try dir.write("short", Array(full.dropLast(5)))
    let error = _expectDataError { try IDXReader.readImages(at: path) }
    XCTAssertEqual(error, .truncatedFile(file: path, offset: 29, expectedSize: 34, inflated: false))
    let text = error.map { "\($0)" } ?? ""
    XCTAssertTrue(text.contains(path) && text.contains("29") && text.contains("34"), text)
  }

  func testTruncatedHeader() throws {
    let dir = try _TemporaryDirectory()
    let path = try dir.write("header", Array(_idxLabels([1, 2]).prefix(6)))
    XCTAssertEqual(
      _expectDataError { try IDXReader.readLabels(at: path, classCount: 10) },
      .truncatedFile(file: path, offset: 6, expectedSize: 8, inflated: false))
  }

  func testTruncatedGzipStream() throws {
    let dir = try _TemporaryDirectory()
    let zipped = try dir.writeGzipped(
      "whole.gz", _idxImages(count: 40, rows: 28, columns: 28, pixel: _pixel))
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: zipped)))
    let cut = try dir.write("cut.gz", Array(bytes.prefix(bytes.count / 2)))
    XCTAssertEqual(
      _expectDataError { try IDXReader.readImages(at: cut) },
      .truncatedFile(file: cut, offset: bytes.count / 2, expectedSize: nil, inflated: false))
  }

  func testTruncatedInsideGzipCountsInflatedBytes() throws {
    let dir = try _TemporaryDirectory()
    let full = _idxImages(count: 3, rows: 2, columns: 3, pixel: _pixel)
    let path = try dir.writeGzipped("short.gz", Array(full.dropLast(1)))
    XCTAssertEqual(
      _expectDataError { try IDXReader.readImages(at: path) },
      .truncatedFile(file: path, offset: 33, expectedSize: 34, inflated: true))
  }

  func testWrongMagicNumber() throws {
    let dir = try _TemporaryDirectory()
    let (images, labels) = try writePair(dir)
    XCTAssertEqual(
      _expectDataError { try IDXReader.readImages(at: labels) },
      .wrongMagicNumber(file: labels, found: 0x801, expected: 0x803))
    let error = _expectDataError { try IDXReader.readLabels(at: images, classCount: 10) }
    XCTAssertEqual(error, .wrongMagicNumber(file: images, found: 0x803, expected: 0x801))
    XCTAssertTrue("\(error!)".contains("0x00000803"), "\(error!)")
  }

  func testLabelOutOfRangeNamesIndexAndValue() throws {
    let dir = try _TemporaryDirectory()
    let path = try dir.write("labels", _idxLabels([1, 9, 10, 12]))
    let error = _expectDataError { try IDXReader.readLabels(at: path, classCount: 10) }
    XCTAssertEqual(error, .labelOutOfRange(file: path, index: 2, value: 10, allowed: 0..<10))
    XCTAssertTrue("\(error!)".contains("sample 2 is 10"), "\(error!)")
  }

  func testImageAndLabelCountMismatch() throws {
    let dir = try _TemporaryDirectory()
    let (images, labels) = try writePair(dir, labels: [1, 2, 3, 4])
    let error = _expectDataError {
      try IDXReader.loadDataset(name: "x", imagesPath: images, labelsPath: labels, imageSize: nil)
    }
    guard case .sizeMismatch(let file, let what, let found, let expected)? = error else {
      return XCTFail("expected sizeMismatch, got \(String(describing: error))")
    }
    XCTAssertEqual(file, labels)
    XCTAssertEqual(what, "number of labels")
    XCTAssertEqual(found, "4")
    XCTAssertTrue(expected.hasPrefix("3"), expected)
  }

  func testImageSizeMismatch() throws {
    let dir = try _TemporaryDirectory()
    let (images, labels) = try writePair(dir)
    XCTAssertEqual(
      _expectDataError {
        try IDXReader.loadDataset(name: "x", imagesPath: images, labelsPath: labels)
      },
      .sizeMismatch(file: images, what: "image size", found: "2×3", expected: "28×28"))
  }

  func testTrailingDataIsAnError() throws {
    let dir = try _TemporaryDirectory()
    let path = try dir.write("long", _idxLabels([1, 2]) + [7])
    guard
      case .sizeMismatch(path, _, "11 bytes", _)? =
        _expectDataError({ try IDXReader.readLabels(at: path, classCount: 10) })
    else { return XCTFail("expected a size mismatch naming 11 bytes") }
  }
}
