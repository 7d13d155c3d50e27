// Tests for DataFile: header, blocks, number format, errors.

import XCTest
import Toolkit
@testable import Plotting

final class DataFileTests: XCTestCase {
  func testHeaderBlocksAndNumbers() throws {
    let file = DataFile(
      lesson: "02", preset: .quick, seed: 3, columns: ["step", "loss"],
      comments: ["learning rate 0.1", "two\nlines"],
      blocks: [
        .init(title: "SGD", rows: [[0, 1.0 / 3], [1, 2e-12]]),
        .init(rows: [[0, .nan], [1, -.infinity]]),
      ])
    XCTAssertEqual(
      try file.text(),
      """
      # lesson: 02
      # preset: quick
      # seed: 3
      # columns: step loss
      # learning rate 0.1
      # two
      # lines
      # block 0: SGD
      0 0.3333333333
      1 2e-12


      0 NaN
      1 -Inf

      """)
  }

  func testRaggedRowNamesBlockAndRow() {
    let file = DataFile(
      lesson: "A", preset: .standard, seed: nil, columns: ["x", "y"],
      blocks: [.init(rows: [[0, 0]]), .init(rows: [[0, 0], [1]])])
    XCTAssertThrowsError(try file.text()) { error in
      XCTAssertEqual(
        "\(error)", "DataFile: block 1, row 1 has 1 numbers but there are 2 columns (x y)")
    }
  }

  func testColumnNamesWithSpacesAreRejected() {
    let file = DataFile(
      lesson: "A", preset: .standard, seed: nil, columns: ["grad norm"], blocks: [])
    XCTAssertThrowsError(try file.text()) { error in
      XCTAssertTrue("\(error)".contains("'grad norm'"), "\(error)")
    }
  }

  func testWriteIsReadableByGnuplotIndex() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("DataFileTests-\(UUID().uuidString)", isDirectory: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("data/A/two.dat")
    try DataFile(
      lesson: "A", preset: .standard, seed: nil, columns: ["x", "y"],
      blocks: [.init(rows: [[0, 1], [1, 2]]), .init(rows: [[0, 10], [1, 20], [2, 30]])]
    ).write(to: url)
    let text = try String(contentsOf: url, encoding: .utf8)
    XCTAssertTrue(text.contains("1 2\n\n\n0 10\n"), text)
    try XCTSkipUnless(
      FileManager.default.isExecutableFile(atPath: "/usr/bin/gnuplot"), "gnuplot is not installed")
    // gnuplot's own reading of block 1: three records whose y values sum to 60.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/gnuplot")
    process.arguments = [
      "-e", "stats '\(url.path)' index 1 using 2 nooutput; print STATS_records, STATS_sum",
    ]
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let printed = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    XCTAssertEqual(printed.trimmingCharacters(in: .whitespacesAndNewlines), "3 60.0")
  }
}
