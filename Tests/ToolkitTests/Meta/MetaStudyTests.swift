// Tests for Meta/MetaStudy.swift and the paired initialisation: the arms of chapter 6's comparisons start alike.

import XCTest
import Toolkit
@testable import Meta

final class MetaStudyTests: XCTestCase {
  /// From one generator, LSTM(update) and LSTM(update, tele) get the same update LSTM and head,
  /// whichever is built first; another generator gives another one.
  func testUpdateArmsBuiltFromOneGeneratorShareTheirUpdateNetwork() {
    func updateParameters(_ learned: LearnedOptimizer) -> [String: Matrix] {
      Dictionary(
        uniqueKeysWithValues: zip(learned.parameterNames, learned.parameters).filter {
          $0.0.hasPrefix("update.")
        })
    }
    let shapes = smallTask(seed: 0).weights.map { (rows: $0.rows, columns: $0.columns) }
    let configuration = LearnedOptimizerConfiguration(teleportHiddenSize: 5, updateHiddenSize: 5)
    func build(_ kind: LearnedOptimizerKind, seed: UInt64) -> LearnedOptimizer {
      var rng = SplitMix64.stream(seed: seed, index: 0)
      return LearnedOptimizer(
        kind: kind, weightShapes: shapes, configuration: configuration, using: &rng)
    }
    let plain = updateParameters(build(.update, seed: 3))
    let teleporting = updateParameters(build(.updateAndTeleport, seed: 3))
    XCTAssertEqual(plain.count, 8)
    XCTAssertEqual(plain, teleporting)
    XCTAssertNotEqual(plain, updateParameters(build(.update, seed: 4)))
  }

  /// Paired through training: LSTM(update, tele) with ‖T‖_F = 0 is LSTM(update) up to the
  /// rounding of the identity teleport, before and after meta-training on the same tasks.
  func testUpdateAndTeleportWithoutTeleportTrainsLikeUpdate() throws {
    let study = MetaStudy(
      trainingTasks: [smallTask(seed: 1), smallTask(seed: 2)],
      settings: MetaTrainingSettings(stepsPerTask: 10), testTasks: [smallTask(seed: 5)],
      stepCount: 8, ablationStepCount: 4)
    var plainRNG = SplitMix64(seed: 11)
    var teleportRNG = SplitMix64(seed: 11)
    let configuration = LearnedOptimizerConfiguration(teleportHiddenSize: 5, updateHiddenSize: 5)
    let shapes = smallTask(seed: 0).weights.map { (rows: $0.rows, columns: $0.columns) }
    let plain = LearnedOptimizer(
      kind: .update, weightShapes: shapes, configuration: configuration, using: &plainRNG)
    let silent = LearnedOptimizer(
      kind: .updateAndTeleport, weightShapes: shapes, configuration: configuration,
      using: &teleportRNG
    ).withoutTeleport
    let a = try study.run(plain) { Adam(learningRate: $0) }.run
    let b = try study.run(silent) { Adam(learningRate: $0) }.run
    for (x, y) in zip(a.untrained[0].losses, b.untrained[0].losses) {
      XCTAssertEqual(x, y, accuracy: 1e-9 * x, "untrained")
    }
    XCTAssertEqual(a.windowLosses.count, b.windowLosses.count)
    for (x, y) in zip(a.windowLosses, b.windowLosses) {
      XCTAssertEqual(x, y, accuracy: 1e-6 * x, "meta-training")
    }
    for (x, y) in zip(a.trained[0].losses, b.trained[0].losses) {
      XCTAssertEqual(x, y, accuracy: 1e-6 * x, "trained")
    }
  }

  /// The run's record: trained paths of `stepCount` steps, controls of `ablationStepCount`,
  /// the untrained control is the initial optimizer, and only teleporting kinds get a teleport-off one.
  func testRunRecordsTheTrainedOptimizerAndItsControls() throws {
    let tests = [smallTask(seed: 5), smallTask(seed: 6)]
    let study = MetaStudy(
      trainingTasks: [smallTask(seed: 1)], settings: MetaTrainingSettings(stepsPerTask: 20),
      testTasks: tests, stepCount: 6, ablationStepCount: 3)
    for kind in LearnedOptimizerKind.allCases {
      let initial = smallLearnedOptimizer(kind)
      let (learned, run) = try study.run(initial) { Adam(learningRate: $0) }
      XCTAssertEqual(run.windowLosses.count, 2, kind.label)
      XCTAssertEqual(run.innerSteps, 20)
      XCTAssertEqual(run.trained.map(\.losses.count), [7, 7])
      XCTAssertEqual(run.untrained.map(\.losses.count), [4, 4])
      XCTAssertEqual(run.teleportOff.count, kind.teleports ? 2 : 0)
      XCTAssertNotEqual(learned.parameters, initial.parameters, "meta-training moved it")
      for (i, task) in tests.enumerated() {
        XCTAssertEqual(
          run.untrained[i].losses, try initial.trajectory(on: task, stepCount: 3).losses)
        XCTAssertEqual(run.trained[i].losses, try learned.trajectory(on: task, stepCount: 6).losses)
        if kind.teleports {
          XCTAssertEqual(
            run.teleportOff[i].losses,
            try learned.withoutTeleport.trajectory(on: task, stepCount: 3).losses)
        }
      }
      XCTAssertEqual(run.trained[0].loss(atStep: 6), run.trained[0].finalLoss)
      XCTAssertTrue(run.trained[0].loss(atStep: 7).isNaN, "past the end")
    }
  }
}
