import XCTest
import Toolkit
@testable import Datasets

final class CIFAR10ReaderTests: XCTestCase {
  /// One record: the label, then red, green and blue planes with recognisable values.
  private func record(label: UInt8, seed: Int) -> [UInt8] {
    [label] + (0..<3072).map { UInt8((seed * 17 + $0 / 1024 * 80 + $0 % 1024) % 256) }
  }

  func testRecordsKeepPlaneOrderAndLabels() throws {
    let dir = try _TemporaryDirectory()
    let a = try dir.write("data_batch_1.bin", record(label: 6, seed: 0) + record(label: 9, seed: 1))
    let b = try dir.write("data_batch_2.bin", record(label: 0, seed: 2))
    let data = try CIFAR10Reader.load(paths: [a, b], name: "tiny")
    XCTAssertEqual(data.labels, [6, 9, 0])
    XCTAssertEqual(data.featureCount, 3072)
    for (k, seed) in [0, 1, 2].enumerated() {
      let expected = record(label: 0, seed: seed).dropFirst().map { Double($0) / 255 }
      XCTAssertEqual(data.images.column(k), Array(expected), "record \(k)")
    }
    // Feature 1024 is the first green pixel: seed·17 + 80.
    XCTAssertEqual(data.images[1024, 1], Double(17 + 80) / 255)
  }

  func testPartialRecordIsTruncation() throws {
    let dir = try _TemporaryDirectory()
    let path = try dir.write("b.bin", record(label: 1, seed: 0) + [2, 3, 4])
    XCTAssertEqual(
      _expectDataError { try CIFAR10Reader.load(paths: [path], name: "x") },
      .truncatedFile(file: path, offset: 3076, expectedSize: 6146, inflated: false))
  }

  func testLabelOutOfRange() throws {
    let dir = try _TemporaryDirectory()
    let path = try dir.write("b.bin", record(label: 1, seed: 0) + record(label: 10, seed: 1))
    XCTAssertEqual(
      _expectDataError { try CIFAR10Reader.load(paths: [path], name: "x") },
      .labelOutOfRange(file: path, index: 1, value: 10, allowed: 0..<10))
  }
}
