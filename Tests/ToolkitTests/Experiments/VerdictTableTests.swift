// Tests for the printed verdict table: its layout, its comparisons and its errors.

import XCTest
import Toolkit
@testable import Experiments

final class VerdictTableTests: XCTestCase {

  func testLinesOfAConstructedTable() throws {
    let baseline = (0..<8).map { 1 + 0.1 * Double($0) }
    let table = try VerdictTable(
      outcomeName: "final training loss", blowUpRule: BlowUpRule(bound: 10),
      arms: [arm("SGD", baseline), arm("SGD + teleport", baseline.map { $0 - 0.5 }, blownUp: [7])],
      bootstrapSeed: 1)
    XCTAssertEqual(
      table.lines,
      [
        "verdict table: final training loss, lower is better; 8 paired seeds; blow-up = NaN or > 10.00",
        "  arm             median      IQR                   blow-ups",
        "  SGD             1.350       [1.175, 1.525]        0 of 8",
        "  SGD + teleport  0.8500      [0.6750, 1.025]       1 of 8",
        "  SGD + teleport vs SGD: median difference -0.5000, 95% interval [-0.5000, -0.5000]",
        "    verdict: no difference detected (better in 7 of 8 pairs, worse in 1, tied 0; sign test p = 0.07031)",
      ])
  }

  func testComparisonsDefaultToTheFirstArmAndCanBeNamed() throws {
    let a = arm("a", [1, 2, 3, 4, 5, 6]), b = arm("b", [0, 1, 2, 3, 4, 5]),
      c = arm("c", [2, 3, 4, 5, 6, 7])
    let table = try VerdictTable(
      outcomeName: "loss", blowUpRule: BlowUpRule(bound: 100), arms: [a, b, c],
      bootstrapSeed: 9)
    XCTAssertEqual(table.differences.map(\.treatment), ["b", "c"])
    XCTAssertEqual(table.differences.map(\.baseline), ["a", "a"])
    XCTAssertEqual(table.differences.map(\.verdict), [.better, .worse])
    let named = try VerdictTable(
      outcomeName: "loss", blowUpRule: BlowUpRule(bound: 100), arms: [a, b, c],
      comparisons: [("c", "b")], bootstrapSeed: 9)
    XCTAssertEqual(named.differences.count, 1)
    XCTAssertEqual(named.differences[0].medianDifference, 2)
    XCTAssertThrowsError(
      try VerdictTable(
        outcomeName: "loss", blowUpRule: BlowUpRule(bound: 100),
        arms: [a, b], comparisons: [("x", "a")], bootstrapSeed: 9)
    ) { error in
      XCTAssertTrue("\(error)".contains("no arm named 'x'; the arms are 'a', 'b'"), "\(error)")
    }
  }

  func testSameSeedPrintsTheSameTable() throws {
    let a = arm("a", [3, 1, 4, 1, 5, 9, 2, 6]), b = arm("b", [2, 7, 1, 8, 2, 8, 1, 8])
    let one = try VerdictTable(
      outcomeName: "loss", blowUpRule: BlowUpRule(bound: 100), arms: [a, b],
      bootstrapSeed: 4)
    let two = try VerdictTable(
      outcomeName: "loss", blowUpRule: BlowUpRule(bound: 100), arms: [a, b],
      bootstrapSeed: 4)
    XCTAssertEqual(one.lines, two.lines)
  }

  func testDifferencesPrintNoDigitsBelowRounding() {
    XCTAssertEqual(signed(-5.587e-12, resolution: 2e-14), "-5.59e-12")
    XCTAssertEqual(signed(1.326e-11, resolution: 2e-14), "+1.33e-11")
    XCTAssertEqual(signed(6.088e-10, resolution: 2e-14), "+6.088e-10")
    XCTAssertEqual(signed(0.0012, resolution: 2e-14), "+0.001200")
    XCTAssertEqual(signed(3e-14, resolution: 2e-14), "+3e-14")
    XCTAssertEqual(signed(-.infinity, resolution: 2e-14), "-inf")
    XCTAssertEqual(signed(0, resolution: 2e-14), "0")
  }
}
