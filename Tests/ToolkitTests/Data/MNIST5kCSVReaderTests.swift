import XCTest
import Toolkit
@testable import Datasets

final class MNIST5kCSVReaderTests: XCTestCase {
  /// A CSV row: 784 pixels from `_pixel(k, ·)`, then the label.
  private func row(_ k: Int, label: Int) -> String {
    ((0..<784).map { String(_pixel(k, $0)) } + [String(label)]).joined(separator: ",")
  }

  func testPlainAndGzippedRoundTrip() throws {
    let dir = try _TemporaryDirectory()
    let text = row(0, label: 7) + "\r\n" + row(1, label: 0) + "\n" + row(2, label: 9) + "\n"
    let plain = try dir.write("m.csv", Array(text.utf8))
    let zipped = try dir.writeGzipped("m.csv.gz", Array(text.utf8))
    for path in [plain, zipped] {
      let data = try MNIST5kCSVReader.load(at: path)
      XCTAssertEqual(data.labels, [7, 0, 9])
      let expected = Matrix(rows: 784, columns: 3) { i, k in Double(_pixel(k, i)) / 255 }
      _assertMatrixEqual(data.images, expected, path)
    }
  }

  func testUnreadableFieldNamesLineColumnAndText() throws {
    let dir = try _TemporaryDirectory()
    var fields = row(1, label: 4).split(separator: ",").map(String.init)
    fields[4] = "12a"
    let path = try dir.write(
      "bad.csv", Array((row(0, label: 1) + "\n" + fields.joined(separator: ",")).utf8))
    let error = _expectDataError { try MNIST5kCSVReader.load(at: path) }
    guard case .unreadableCSVRow(let file, let line, let column, let text, _)? = error else {
      return XCTFail("expected unreadableCSVRow, got \(String(describing: error))")
    }
    XCTAssertEqual([file, text], [path, "12a"])
    XCTAssertEqual([line, column], [2, 5])
    XCTAssertTrue("\(error!)".contains("line 2, column 5"), "\(error!)")
  }

  func testShortAndLongRowsAndBadPixels() throws {
    let dir = try _TemporaryDirectory()
    let short = try dir.write("short.csv", Array("1,2,3\n".utf8))
    guard
      case .unreadableCSVRow(_, 1, 4, _, _)? = _expectDataError({
        try MNIST5kCSVReader.load(at: short)
      })
    else { return XCTFail("a 3-field row must fail at line 1, column 4") }

    let long = try dir.write("long.csv", Array((row(0, label: 1) + ",5").utf8))
    guard
      case .unreadableCSVRow(_, 1, 786, "5", _)? = _expectDataError({
        try MNIST5kCSVReader.load(at: long)
      })
    else { return XCTFail("a 786-field row must fail at column 786") }

    var fields = row(0, label: 1).split(separator: ",").map(String.init)
    fields[0] = "256"
    let bright = try dir.write("bright.csv", Array(fields.joined(separator: ",").utf8))
    guard
      case .unreadableCSVRow(_, 1, 1, "256", _)? = _expectDataError({
        try MNIST5kCSVReader.load(at: bright)
      })
    else { return XCTFail("pixel 256 must fail at column 1") }

    let blank = try dir.write(
      "blank.csv", Array((row(0, label: 1) + "\n\n" + row(1, label: 2)).utf8))
    guard
      case .unreadableCSVRow(_, 2, 1, "", _)? = _expectDataError({
        try MNIST5kCSVReader.load(at: blank)
      })
    else { return XCTFail("an empty line must fail at line 2") }
  }

  func testLabelOutOfRange() throws {
    let dir = try _TemporaryDirectory()
    let path = try dir.write("l.csv", Array((row(0, label: 1) + "\n" + row(1, label: 10)).utf8))
    XCTAssertEqual(
      _expectDataError { try MNIST5kCSVReader.load(at: path) },
      .labelOutOfRange(file: path, index: 1, value: 10, allowed: 0..<10))
  }
}
