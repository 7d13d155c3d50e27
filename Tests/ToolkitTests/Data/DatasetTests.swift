import XCTest
import Toolkit
@testable import Datasets

final class DatasetTests: XCTestCase {
  /// 150 samples of 10 features as bytes (more than one 64-sample tile), and the same as a Matrix.
  private func twins() -> (bytes: Dataset, matrix: Dataset) {
    let count = 150, features = 10
    let bytes = (0..<(count * features)).map { UInt8(($0 * 37) % 256) }
    let labels = (0..<count).map { $0 % 10 }
    let fromBytes = Dataset(
      name: "b", pixelBytes: bytes, featureCount: features, labels: labels, classCount: 10)
    let images = Matrix(rows: features, columns: count) { i, k in
      Double(bytes[k * features + i]) / 255
    }
    return (fromBytes, Dataset(name: "m", images: images, labels: labels, classCount: 10))
  }

  func testBytesDecodeToTheSameColumns() {
    let (bytes, matrix) = twins()
    _assertMatrixEqual(bytes.images, matrix.images)
  }

  func testBatchesAgreeAcrossLayouts() {
    let (bytes, matrix) = twins()
    let indices = [149, 0, 64, 63, 7, 7, 100]
    let a = bytes.batch(indices), b = matrix.batch(indices)
    _assertMatrixEqual(a.x, b.x)
    _assertMatrixEqual(a.x, matrix.images.gatherColumns(indices))
    XCTAssertEqual(a.labels, indices.map { $0 % 10 })
    XCTAssertEqual(a.labels, b.labels)

    let r = bytes.batch(range: 60..<130), s = matrix.batch(range: 60..<130)
    _assertMatrixEqual(r.x, s.x)
    _assertMatrixEqual(r.x, matrix.images.columns(60..<130))
    XCTAssertEqual(r.labels, Array(60..<130).map { $0 % 10 })
  }

  func testSubsetsAgreeAcrossLayouts() {
    let (bytes, matrix) = twins()
    let indices = [5, 140, 3, 77]
    let a = bytes.subset(indices, name: "part"), b = matrix.subset(indices)
    XCTAssertEqual(a.name, "part")
    XCTAssertEqual(a.count, 4)
    _assertMatrixEqual(a.images, b.images)
    _assertMatrixEqual(a.batch([1, 2]).x, matrix.images.gatherColumns([140, 3]))
    XCTAssertEqual(a.labels, [5, 0, 3, 7])

    let first = bytes.subset(count: 12)
    XCTAssertEqual(first.count, 12)
    _assertMatrixEqual(first.images, matrix.images.columns(0..<12))
    XCTAssertEqual(bytes.subset(count: 1000).count, 150)
  }
}
