// Tests for training attempts: a divergence is recorded, not thrown, and judged as a blow-up.

import XCTest
@testable import Toolkit
@testable import Teleport

final class TrainingAttemptTests: XCTestCase {
  private func dataset(_ count: Int, seed: UInt64) -> Dataset {
    var rng = SplitMix64(seed: seed)
    let images = Matrix.uniform(6, count, low: 0, high: 1, using: &rng)
    return Dataset(
      name: "random", images: images, labels: (0..<count).map { _ in Int(rng.next() % 3) },
      classCount: 3)
  }

  /// The training and test sets and the network most tests here train: [6, 5, 3], seeds 1–3.
  private func smallRun() -> (train: Dataset, test: Dataset, model: MLP) {
    var rng = SplitMix64(seed: 3)
    return (dataset(40, seed: 1), dataset(20, seed: 2), MLP(dimensions: [6, 5, 3], using: &rng))
  }

  /// Three epochs of SGD (learning rate 0.1) in batches of 10.
  private let threeEpochsOfSGD = TrainingConfiguration(
    epochCount: 3, batchSize: 10, optimizer: SGD(learningRate: 0.1))

  func testADivergingRunIsRecordedAsBlownUp() throws {
    let (trainSet, testSet, model) = smallRun()
    let calm = TrainingAttempt(
      training: model, on: trainSet, test: testSet,
      configuration: TrainingConfiguration(
        epochCount: 3, batchSize: 10,
        optimizer: SGD(learningRate: 0.1)))
    XCTAssertFalse(calm.diverged)
    XCTAssertEqual(calm.epochs.count, 4)
    let rule = BlowUpRule(bound: 10)
    let outcome = calm.outcome(\.trainLoss, rule: rule)
    XCTAssertFalse(outcome.blewUp)
    XCTAssertEqual(outcome.value, calm.epochs[3].trainLoss)
    XCTAssertEqual(calm.outcome(\.testLoss, atEpoch: 1, rule: rule).value, calm.epochs[1].testLoss)
    // A bound below the losses: every epoch counts as blown up.
    XCTAssertTrue(calm.outcome(\.trainLoss, rule: BlowUpRule(bound: 1e-3)).blewUp)

    // A NaN pixel in the third batch: the loss turns NaN at step 2 and training stops there.
    var poisoned = trainSet.images
    poisoned[0, 25] = .nan
    let broken = Dataset(name: "poisoned", images: poisoned, labels: trainSet.labels, classCount: 3)
    let wild = TrainingAttempt(
      training: model, on: broken, test: testSet,
      configuration: TrainingConfiguration(
        epochCount: 3, batchSize: 10,
        optimizer: SGD(learningRate: 0.1)))
    XCTAssertTrue(wild.diverged)
    XCTAssertEqual(wild.epochs.count, 1, "only the initial record survives")
    XCTAssertTrue(wild.outcome(\.trainLoss, rule: rule).blewUp)
  }

  /// `beforeStep` reaches the loop (chapter 04's teleports): a change before step 1 of epoch 1
  /// is applied, and a change that breaks the network ends the run as a blow-up in that epoch.
  func testBeforeStepChangesTheNetworkInTheLoop() throws {
    let (trainSet, testSet, model) = smallRun()
    let configuration = threeEpochsOfSGD
    let plain = TrainingAttempt(
      training: model, on: trainSet, test: testSet, configuration: configuration)
    var calls: [[Int]] = []
    let broken = TrainingAttempt(
      training: model, on: trainSet, test: testSet, configuration: configuration,
      beforeStep: { epoch, step, net in
        calls.append([epoch, step])
        if epoch == 1 && step == 1 { net.weights[0][0, 0] = .nan }
      })
    XCTAssertFalse(plain.diverged)
    XCTAssertTrue(broken.diverged)
    XCTAssertEqual(calls, [[0, 0], [0, 1], [0, 2], [0, 3], [1, 0], [1, 1]])
    XCTAssertEqual(broken.epochs.count, 2, "epoch 0 and the one completed epoch")
    XCTAssertEqual(broken.epochs[1].trainLoss, plain.epochs[1].trainLoss)
  }

  /// A teleport that fails on weights a step has made non-finite (chapter 04's sharpness
  /// teleport: "inverse: the input contains NaN") is a blow-up that keeps the run's history;
  /// a failure on finite weights is the caller's error, kept with its message.
  func testAFailureOnNonFiniteWeightsIsABlowUpWithItsHistory() throws {
    let (trainSet, testSet, model) = smallRun()
    let configuration = threeEpochsOfSGD
    struct Refused: Error {}
    let afterNaN = TrainingAttempt(
      training: model, on: trainSet, test: testSet, configuration: configuration,
      beforeStep: { epoch, step, net in
        guard epoch == 1 && step == 2 else { return }
        net.weights[1][0, 0] = .infinity
        throw Refused()
      })
    XCTAssertTrue(afterNaN.diverged)
    XCTAssertNil(afterNaN.failure)
    XCTAssertEqual(afterNaN.epochs.count, 2, "epoch 0 and the one completed epoch")
    XCTAssertTrue(afterNaN.outcome(\.trainLoss, rule: BlowUpRule(bound: 10)).blewUp)
    // Finite weights so large that a teleport's Gram matrix overflows: the same blow-up.
    let overflowed = TrainingAttempt(
      training: model, on: trainSet, test: testSet, configuration: configuration,
      beforeStep: { epoch, step, _ in
        guard epoch == 1 && step == 2 else { return }
        throw LinearAlgebraError.nonFinite(operation: "inverse", shape: "5×5")
      })
    XCTAssertTrue(overflowed.diverged)
    XCTAssertNil(overflowed.failure)
    XCTAssertEqual(overflowed.epochs.count, 2)
    let refused = TrainingAttempt(
      training: model, on: trainSet, test: testSet, configuration: configuration,
      beforeStep: { epoch, _, _ in if epoch == 1 { throw Refused() } })
    XCTAssertTrue(refused.diverged)
    XCTAssertEqual(refused.epochs.count, 0)
    XCTAssertNotNil(refused.failure)
  }

  /// A run that left the bound is +∞ from that epoch on, even where its loss came back.
  func testCensoredSeriesIsInfiniteFromTheFirstBlowUp() {
    func record(_ epoch: Int, _ train: Double, _ test: Double) -> EpochRecord {
      EpochRecord(
        epoch: epoch, trainLoss: train, testLoss: test, wallSeconds: 0, teleportSeconds: 0)
    }
    let run = TrainingAttempt(
      epochs: [record(0, 2, 2.5), record(1, 1, 1.5), record(2, 494, 15), record(3, 0.9, 1.2)],
      teleports: [], diverged: false)
    let rule = BlowUpRule(bound: 10)
    XCTAssertEqual(run.censored(\.testLoss, rule: rule), [2.5, 1.5, .infinity, .infinity])
    XCTAssertEqual(run.censored(\.trainLoss, rule: BlowUpRule(bound: 1000)), [2, 1, 494, 0.9])
    XCTAssertEqual(
      run.censored(\.trainLoss, rule: BlowUpRule(bound: 1.5)),
      [.infinity, .infinity, .infinity, .infinity])
  }

  func testDrawBatchIsTheBatchTrainTeleportsOn() throws {
    let (trainSet, testSet, model) = smallRun()
    // Zero inner steps: the teleport leaves the weights alone and records the loss on its batch.
    let schedule = TeleportSchedule(
      steps: [0, 2], teleportBatchSize: 7,
      teleporter: Teleporter(
        symmetry: NetworkSymmetry(ProjectedAction()),
        settings: TeleportSettings(learningRate: 0.1, stepCount: 0)))
    let run = try train(
      model, on: trainSet, test: testSet,
      configuration: TrainingConfiguration(
        epochCount: 1, batchSize: 10, optimizer: SGD(learningRate: 0),
        schedule: schedule, seed: 99))
    var replay = SplitMix64(seed: 99)
    for record in run.history.teleports {
      let batch = schedule.drawBatch(from: trainSet, using: &replay)
      XCTAssertEqual(batch.size, 7)
      XCTAssertEqual(
        record.lossBefore, model.loss(on: batch), accuracy: 1e-14, "step \(record.step)")
    }
    XCTAssertEqual(run.history.teleports.count, 2)
  }

  func testARunThatLeftTheBoundAndCameBackCountsAsBlownUp() {
    func record(_ epoch: Int, _ loss: Double) -> EpochRecord {
      EpochRecord(epoch: epoch, trainLoss: loss, testLoss: loss, wallSeconds: 0, teleportSeconds: 0)
    }
    let attempt = TrainingAttempt(
      epochs: [record(0, 2.3), record(1, 50), record(2, 0.5)], teleports: [],
      diverged: false)
    let rule = BlowUpRule(bound: 10)
    XCTAssertTrue(
      attempt.outcome(\.trainLoss, rule: rule).blewUp, "loss 50 in epoch 1 left the bound")
    XCTAssertEqual(attempt.outcome(\.trainLoss, rule: rule).value, 0.5)
    XCTAssertFalse(
      attempt.outcome(\.trainLoss, atEpoch: 0, rule: rule).blewUp, "not yet at epoch 0")
    // A run that diverged after epoch 1 is judged at epoch 0 by what it had then, and blown up at the end.
    let stopped = TrainingAttempt(
      epochs: [record(0, 2.3), record(1, 1.9)], teleports: [], diverged: true)
    XCTAssertFalse(stopped.outcome(\.trainLoss, atEpoch: 1, rule: rule).blewUp)
    XCTAssertTrue(stopped.outcome(\.trainLoss, rule: rule).blewUp)
    XCTAssertTrue(stopped.outcome(\.trainLoss, atEpoch: 2, rule: rule).blewUp)
  }

  func testARunStoppedByASingularTeleportIsKeptAsAFailure() throws {
    let trainSet = dataset(40, seed: 1), testSet = dataset(20, seed: 2)
    var rng = SplitMix64(seed: 3)
    var weights = MLP(dimensions: [6, 5, 3], using: &rng).weights
    // Two equal hidden units: σ(VX) has two equal rows, so action (C)'s pseudo-inverse meets a
    // singular Gram matrix at the starting weights, where the teleporter hands the error back.
    for j in 0..<6 { weights[0][1, j] = weights[0][0, j] }
    let schedule = TeleportSchedule(
      steps: [0], teleportBatchSize: 7,
      teleporter: Teleporter(
        symmetry: NetworkSymmetry(ProjectedAction()),
        settings: TeleportSettings(learningRate: 0.1)))
    let attempt = TrainingAttempt(
      training: MLP(weights: weights), on: trainSet, test: testSet,
      configuration: TrainingConfiguration(
        epochCount: 2, batchSize: 10,
        optimizer: SGD(learningRate: 0.1),
        schedule: schedule))
    XCTAssertTrue(attempt.diverged)
    XCTAssertNotNil(attempt.failure)
    XCTAssertTrue(attempt.outcome(\.trainLoss, rule: BlowUpRule(bound: 10)).blewUp)
  }
}
