// The snapshot comparison accepts last-digit rounding between machines and nothing more.

import XCTest

final class TranscriptComparisonTests: XCTestCase {
  func testIdenticalTranscriptsAgree() {
    XCTAssertNil(firstDisagreement(expected: "a 1.234\nb", actual: "a 1.234\nb"))
  }

  func testOneUnitInTheLastPlaceIsRounding() {
    XCTAssertTrue(linesAgree("loss 2.234 → 0.0114", "loss 2.235 → 0.0115"))
    XCTAssertTrue(linesAgree("r = 3.242e-12", "r = 3.243e-12"))
  }

  func testLongIntegersMayMoveBeyondTheirFourthDigit() {
    XCTAssertTrue(linesAgree("‖∇ℒ‖² 47329 ± 179098", "‖∇ℒ‖² 47352 ± 179187"))
    XCTAssertFalse(linesAgree("‖∇ℒ‖² 47329", "‖∇ℒ‖² 48329"))
  }

  func testCountsMustMatchExactly() {
    XCTAssertFalse(linesAgree("16 teleports", "17 teleports"))
    XCTAssertFalse(linesAgree("5 of 20 pairs", "6 of 20 pairs"))
  }

  func testRealChangesAreCaught() {
    XCTAssertFalse(linesAgree("loss 2.234", "loss 2.237"))
    XCTAssertFalse(linesAgree("change 5.7e-05", "change 3.0e-05"))
    XCTAssertFalse(linesAgree("change 1e-13", "change 1e-05"))
    XCTAssertFalse(linesAgree("better", "worse"))
    XCTAssertFalse(linesAgree("loss 2.234", "loss 2.234 2.2"))
    XCTAssertEqual(firstDisagreement(expected: "a\nb 1.0\nc", actual: "a\nb 1.5\nc"), 1)
    XCTAssertEqual(firstDisagreement(expected: "a\nb", actual: "a\nb\nc"), 2)
  }
}
