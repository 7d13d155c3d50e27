import XCTest
import Toolkit
@testable import Datasets

final class DataErrorTests: XCTestCase {
  func testMessagesNameTheFileAndTheNumbers() {
    let cases: [(DataError, [String])] = [
      (
        .truncatedFile(file: "a.gz", offset: 10, expectedSize: 16, inflated: true),
        ["a.gz", "offset 10", "16 inflated bytes", "6 missing"]
      ),
      (
        .truncatedFile(file: "b.gz", offset: 99, expectedSize: nil, inflated: false),
        ["b.gz", "99 bytes", "end marker"]
      ),
      (
        .wrongMagicNumber(file: "c", found: 0x801, expected: 0x803),
        ["c", "0x00000801", "0x00000803"]
      ),
      (
        .labelOutOfRange(file: "d", index: 4, value: 11, allowed: 0..<10),
        ["d", "sample 4", "11", "0...9"]
      ),
      (
        .sizeMismatch(file: "e", what: "image size", found: "2×3", expected: "28×28"),
        ["e", "image size is 2×3", "28×28"]
      ),
      (
        .unreadableCSVRow(file: "f", line: 3, column: 7, text: "x1", reason: "not an integer"),
        ["f", "line 3, column 7", "\"x1\""]
      ),
      (
        .missingDataSet(dataSet: "MNIST", searched: ["p/", "q/"], remedy: "run `make data`."),
        ["MNIST", "  - p/\n  - q/", "make data"]
      ),
    ]
    for (error, fragments) in cases {
      for fragment in fragments {
        XCTAssertTrue("\(error)".contains(fragment), "\"\(fragment)\" missing from: \(error)")
      }
    }
  }
}
