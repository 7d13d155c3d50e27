// The paper's Figure 5 settings, as listed in paper.md §3.5.

import XCTest
import Toolkit
@testable import Optimizers

final class PaperSettingsTests: XCTestCase {
  func testFigure5SettingsFollowTheBaseLearningRate() {
    for base in [1e-2, 2e-2] {
      let settings = PaperOptimizerSetting.figure5(baseLearningRate: base)
      XCTAssertEqual(settings.map(\.name), ["AdaGrad", "momentum", "RMSProp", "Adam"])
      let rates = settings.map(\.optimizer.learningRate)
      for (rate, expected) in zip(rates, [base, base / 10, base / 100, base / 100]) {
        XCTAssertEqual(rate, expected, accuracy: 1e-15)
      }
      XCTAssertEqual(settings.map(\.teleportEpoch), [2, 0, 0, 0])
      XCTAssertEqual(settings.map(\.teleportLearningRate), [1e-4, 5e-2, 5e-2, 5e-2])
      XCTAssertEqual((settings[1].optimizer as? SGD)?.momentum, 0.9)
    }
  }
}
