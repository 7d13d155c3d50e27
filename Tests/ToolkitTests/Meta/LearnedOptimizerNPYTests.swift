// Tests for Meta/LearnedOptimizer+NPY.swift: save, reload, and clear errors.

import Foundation
import XCTest
import Toolkit
@testable import Meta

final class LearnedOptimizerNPYTests: XCTestCase {
  func testSaveAndLoadRoundTrip() throws {
    let folder = temporaryFolder("meta-model")
    defer { try? FileManager.default.removeItem(at: folder) }
    for kind in LearnedOptimizerKind.allCases {
      let trained = smallLearnedOptimizer(kind, seed: 1)
      let sub = folder.appendingPathComponent(kind.rawValue)
      try trained.save(to: sub)
      var fresh = smallLearnedOptimizer(kind, seed: 2)
      XCTAssertNotEqual(fresh.parameters, trained.parameters)
      XCTAssertTrue(fresh.hasSavedModel(in: sub))
      try fresh.load(from: sub)
      XCTAssertEqual(fresh.parameters, trained.parameters, kind.label)
      // The reloaded optimizer behaves identically.
      let task = smallTask(seed: 3)
      XCTAssertEqual(
        try fresh.trajectory(on: task, stepCount: 2).losses,
        try trained.trajectory(on: task, stepCount: 2).losses)
    }
  }

  func testMissingAndMisshapenFilesAreNamed() throws {
    let folder = temporaryFolder("meta-model-bad")
    defer { try? FileManager.default.removeItem(at: folder) }
    var learned = smallLearnedOptimizer(.learningRateAndTeleport)
    XCTAssertFalse(learned.hasSavedModel(in: folder))
    XCTAssertThrowsError(try learned.load(from: folder)) { error in
      let text = "\(error)"
      XCTAssertTrue(
        text.contains("teleport0.layer0.inputWeights.npy") && text.contains("--retrain"), text)
    }
    try learned.save(to: folder)
    try Matrix.zeros(2, 2).npyArray.write(
      to: folder.appendingPathComponent("teleport0.head.bias.npy"))
    XCTAssertThrowsError(try learned.load(from: folder)) { error in
      let text = "\(error)"
      XCTAssertTrue(text.contains("teleport0.head.bias.npy") && text.contains("shape [2, 2]"), text)
    }
  }
}
