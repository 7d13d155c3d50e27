// Tests for Preset.

import XCTest
import Toolkit
@testable import Experiments

final class PresetTests: XCTestCase {
  func testPresetNamesAndChoice() {
    XCTAssertEqual(Preset(rawValue: "default"), .standard)
    XCTAssertEqual(Preset.allCases.map(\.rawValue), ["quick", "default", "paper"])
    XCTAssertEqual(Preset.paper.choose(quick: 1, standard: 2, paper: 3), 3)
  }
}
