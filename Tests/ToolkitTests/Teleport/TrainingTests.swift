// The training loop: fixed batch order, teleports on schedule, divergence reported.

import XCTest
import Toolkit
@testable import Teleport

/// What a test optimizer was asked to do with its state; a reference, so the
/// test can read it after `train` has worked on its own copy of the optimizer.
private final class StateCalls: @unchecked Sendable {
  var resets = 0
  var transports: [(elements: [GroupElement], after: [Matrix])] = []
}

/// W ← W − η∇ℒ, stateless: a test double for the `Optimizer` protocol that logs state calls.
private struct GradientStep: Optimizer {
  var learningRate: Double
  let calls = StateCalls()
  var name: String { "gradient step" }
  mutating func step(_ weights: inout [Matrix], gradients: [Matrix]) {
    for i in weights.indices { weights[i].add(gradients[i], scaledBy: -learningRate) }
  }
  mutating func reset() { calls.resets += 1 }
  mutating func transport(through elements: [GroupElement], after: [Matrix]) {
    calls.transports.append((elements, after))
  }
}

/// A small random classification problem: 3 classes in 6 dimensions.
private func tinyDatasets(seed: UInt64) -> (train: Dataset, test: Dataset) {
  var rng = SplitMix64(seed: seed)
  func make(_ n: Int) -> Dataset {
    let x = Matrix.uniform(6, n, using: &rng)
    let labels = (0..<n).map { j in x[0, j] > 0.5 ? 0 : (x[1, j] > 0.5 ? 1 : 2) }
    return Dataset(name: "tiny", images: x, labels: labels, classCount: 3)
  }
  return (make(120), make(60))
}

final class TrainingTests: XCTestCase {
  func testWithoutTeleportsTheLoopIsPlainSGDInFixedOrder() throws {
    let (trainSet, testSet) = tinyDatasets(seed: 1)
    var rng = SplitMix64(seed: 2)
    let model = MLP(dimensions: [6, 5, 4, 3], using: &rng)
    let run = try train(
      model, on: trainSet, test: testSet,
      configuration: TrainingConfiguration(
        epochCount: 2, batchSize: 20,
        optimizer: GradientStep(learningRate: 0.1)))
    var manual = model
    var losses: [Double] = []
    for _ in 0..<2 {
      for b in 0..<6 {
        let (x, labels) = trainSet.batch(range: (b * 20)..<((b + 1) * 20))
        losses.append(manual.sgdStep(input: x, labels: labels, learningRate: 0.1))
      }
    }
    for (a, b) in zip(run.history.stepLosses, losses) { XCTAssertEqual(a, b, accuracy: 1e-12) }
    assertMatrixApproximatelyEqual(
      run.model.weights[0], manual.weights[0], relativeTolerance: 1e-10)
    XCTAssertEqual(run.history.epochs.map(\.epoch), [0, 1, 2])
    XCTAssertEqual(run.history.epochs[1].trainLoss, losses[0..<6].reduce(0, +) / 6, accuracy: 1e-12)
    XCTAssertEqual(
      run.history.epochs[2].testLoss, run.model.loss(input: testSet.images, labels: testSet.labels),
      accuracy: 1e-12)
  }

  /// Three epochs of 6 steps with teleports before step 0 and the first 3 steps of epoch 1.
  private func scheduledRun(_ policy: StatePolicy) throws -> (run: TrainingRun, calls: StateCalls) {
    let (trainSet, testSet) = tinyDatasets(seed: 3)
    var rng = SplitMix64(seed: 4)
    let model = MLP(dimensions: [6, 5, 4, 3], using: &rng)
    let teleporter = Teleporter(
      symmetry: NetworkSymmetry(ProjectedAction()),
      settings: TeleportSettings(learningRate: 1e-3, stepCount: 2))
    let schedule = TeleportSchedule(
      epochs: [1], teleportsPerEpoch: 3, steps: [0], teleportBatchSize: 10,
      teleporter: teleporter, statePolicy: policy)
    let optimizer = GradientStep(learningRate: 0.1)
    let run = try train(
      model, on: trainSet, test: testSet,
      configuration: TrainingConfiguration(
        epochCount: 3, batchSize: 20,
        optimizer: optimizer, schedule: schedule))
    return (run, optimizer.calls)
  }

  func testTeleportsHappenOnScheduleAndResetTheOptimizer() throws {
    let (run, calls) = try scheduledRun(.reset)
    XCTAssertEqual(run.history.teleports.map(\.step), [0, 6, 7, 8])
    XCTAssertEqual(run.history.teleports.map(\.epoch), [0, 1, 1, 1])
    // The policy is applied after every teleport that was kept, and only then.
    let kept = run.history.teleports.filter { !$0.rolledBack }.count
    XCTAssertGreaterThan(kept, 0, "the fixture must keep some teleports")
    XCTAssertEqual(calls.resets, kept)
    XCTAssertTrue(calls.transports.isEmpty)
    XCTAssertGreaterThan(run.history.epochs[3].teleportSeconds, 0)
    XCTAssertGreaterThanOrEqual(
      run.history.epochs[3].wallSeconds, run.history.epochs[3].teleportSeconds)
    XCTAssertEqual(
      run.history.teleports.map(\.seconds).reduce(0, +), run.history.epochs[3].teleportSeconds,
      accuracy: 1e-12, "the teleport time is the sum of the teleports' times")
  }

  func testTransportGetsTheTeleportsElementsAndWeights() throws {
    let (run, calls) = try scheduledRun(.transport)
    let kept = run.history.teleports.filter { !$0.rolledBack }.count
    XCTAssertGreaterThan(kept, 0)
    XCTAssertEqual(calls.resets, 0)
    XCTAssertEqual(calls.transports.count, kept)
    for (elements, after) in calls.transports {
      XCTAssertEqual(elements.map(\.matrix.shapeText), ["5×5", "4×4"], "one g per hidden layer")
      XCTAssertEqual(after.map(\.shapeText), run.model.weights.map(\.shapeText))
      XCTAssertFalse(
        elements.allSatisfy { $0.matrix == .identity($0.matrix.rows) }, "the teleport moved")
    }
    // The run's teleports and steps are the same whatever the stateless optimizer was told.
    XCTAssertEqual(run.history.stepLosses, try scheduledRun(.reset).run.history.stepLosses)
  }

  func testKeepTouchesNoState() throws {
    let (run, calls) = try scheduledRun(.keep)
    XCTAssertEqual(run.history.teleports.count, 4)
    XCTAssertEqual(calls.resets, 0)
    XCTAssertTrue(calls.transports.isEmpty)
  }

  func testTheStepAfterATeleportStartsFromTheTeleportedWeights() throws {
    let (trainSet, testSet) = tinyDatasets(seed: 3)
    var rng = SplitMix64(seed: 4)
    let model = MLP(dimensions: [6, 5, 4, 3], using: &rng)
    let teleporter = Teleporter(
      symmetry: NetworkSymmetry(ProjectedAction()),
      settings: TeleportSettings(learningRate: 1e-3, stepCount: 2))
    let schedule = TeleportSchedule(steps: [0], teleportBatchSize: 10, teleporter: teleporter)
    var seenAtStep0: [Matrix] = []
    _ = try train(
      model, on: trainSet, test: testSet,
      configuration: TrainingConfiguration(
        epochCount: 1, batchSize: 20,
        optimizer: GradientStep(learningRate: 0.1),
        schedule: schedule, seed: 77),
      observe: { if $0.step == 0 { seenAtStep0 = $0.model.weights } })
    // The teleport batch: `teleportBatchSize` indices drawn with the configuration's seed.
    var draws = SplitMix64(seed: 77)
    let indices = (0..<10).map { _ in Int(draws.next() % UInt64(trainSet.count)) }
    let (x, labels) = trainSet.batch(indices)
    let outcome = try teleporter.teleport(model.weights, on: Batch(input: x, labels: labels))
    XCTAssertFalse(outcome.rolledBack)
    XCTAssertNotEqual(outcome.weights, model.weights)
    XCTAssertEqual(seenAtStep0, outcome.weights)
  }

  func testDivergenceIsReportedWithItsPlace() throws {
    let (trainSet, testSet) = tinyDatasets(seed: 5)
    var rng = SplitMix64(seed: 6)
    let model = MLP(dimensions: [6, 5, 4, 3], using: &rng)
    XCTAssertThrowsError(
      try train(
        model, on: trainSet, test: testSet,
        configuration: TrainingConfiguration(
          epochCount: 5, batchSize: 20, optimizer: GradientStep(learningRate: 1e6)))
    ) {
      error in
      XCTAssertTrue("\(error)".contains("lower the learning rate"), "\(error)")
    }
  }

  func testFullBatchTeleportKeepsTheLossWhereTheActionIsExact() throws {
    // [8, 8, 6, 4] with 6 samples: action (B) is exact, so the teleport leaves ℒ unchanged.
    let (w, batch) = randomNetworkAndBatch(dims: [8, 8, 6, 4], batchSize: 6, seed: 7)
    let teleporter = Teleporter(
      symmetry: NetworkSymmetry(LeakyReLUAction()),
      settings: TeleportSettings(learningRate: 1e-4, objectiveCap: nil))
    let (_, history) = try trainFullBatch(
      MLP(weights: w), on: batch, stepCount: 10,
      optimizer: GradientStep(learningRate: 1e-3),
      teleportBefore: [5], teleporter: teleporter)
    XCTAssertEqual(history.losses.count, 11)
    XCTAssertEqual(history.teleports.count, 1)
    let t = history.teleports[0]
    XCTAssertEqual(t.lossAfter, t.lossBefore, accuracy: 1e-10 * t.lossBefore)
    XCTAssertGreaterThan(t.objectiveAfter, t.objectiveBefore)
    XCTAssertEqual(history.losses[5], t.lossAfter, accuracy: 1e-12)
  }
}

final class OrbitMaximumTests: XCTestCase {
  func testTheEstimateIsAtLeastTheStartAndGrowsWithTheRadius() throws {
    let (w, batch) = randomNetworkAndBatch(dims: [8, 8, 6, 4], batchSize: 6, seed: 11)
    let symmetry = NetworkSymmetry(LeakyReLUAction())
    let small = try estimateOrbitMaximum(
      of: w, on: batch, symmetry: symmetry, radius: 0.1, stepCount: 10)
    let large = try estimateOrbitMaximum(
      of: w, on: batch, symmetry: symmetry, radius: 1, stepCount: 10)
    let direct = MLP(weights: w).lossAndGradient(on: batch).gradients.reduce(0) {
      $0 + $1.squaredNorm()
    }
    XCTAssertEqual(small.atWeights, direct, accuracy: 1e-10 * direct)
    XCTAssertGreaterThan(small.maximum, small.atWeights)
    XCTAssertGreaterThan(large.maximum, small.maximum)
    // (B) is exact on this batch: the maximum is on the level set.
    XCTAssertLessThan(large.relativeLossChange, 1e-10)
  }
}
