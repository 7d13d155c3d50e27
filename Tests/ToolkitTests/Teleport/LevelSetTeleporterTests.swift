// The level-set teleporter on networks: raises ‖∇ℒ‖² at fixed loss, and training loops take it.

import XCTest
import Toolkit
@testable import Teleport

final class LevelSetTeleporterTests: XCTestCase {
  /// On classification and regression networks the equality variant raises ‖∇ℒ‖² and
  /// keeps the batch loss; the outcome reports what the solver measured.
  func testTeleportRaisesGradientNormAtFixedLoss() throws {
    for (seed, classification) in [(UInt64(11), true), (12, false), (13, true)] {
      let (w, batch) = randomNetworkAndBatch(
        dims: [5, 6, 4, 3], batchSize: 8, seed: seed,
        classification: classification)
      let teleporter = LevelSetTeleporter(
        settings: LevelSetSettings(
          constraint: .equality, maxSteps: 40,
          initialStepSize: 0.1))
      let outcome = try teleporter.teleport(w, on: batch)
      let net = MLP(weights: w)
      let before = net.lossAndGradient(on: batch)
      let after = MLP(weights: outcome.weights).lossAndGradient(on: batch)
      XCTAssertFalse(outcome.rolledBack)
      XCTAssertEqual(outcome.batchLoss.before, before.loss, accuracy: 1e-12)
      XCTAssertEqual(outcome.batchLoss.after, after.loss, accuracy: 1e-12)
      XCTAssertEqual(outcome.relativeLossChange, 0, accuracy: 1e-3, "seed \(seed)")
      XCTAssertEqual(outcome.objective.after, blockSquaredNorm(after.gradients), accuracy: 1e-9)
      XCTAssertGreaterThan(outcome.objective.after, 1.5 * outcome.objective.before, "seed \(seed)")
      XCTAssertTrue(outcome.elements.isEmpty)
      XCTAssertGreaterThan(outcome.cost.hessianVectorProducts, 0)
    }
  }

  /// `train` takes a level-set teleporter through the same schedule as a symmetry one,
  /// and records each teleport with its cost.
  func testTrainingLoopTakesEitherTeleporter() throws {
    var rng = SplitMix64(seed: 14)
    let images = Matrix.uniform(6, 60, using: &rng)
    let labels = (0..<60).map { _ in Int(rng.next() % 3) }
    let data = Dataset(name: "random", images: images, labels: labels, classCount: 3)
    let teleporters: [any WeightTeleporter] = [
      LevelSetTeleporter(settings: LevelSetSettings(maxSteps: 5, initialStepSize: 0.1)),
      Teleporter(
        symmetry: NetworkSymmetry(ProjectedAction()), settings: TeleportSettings(learningRate: 1e-3)
      ),
    ]
    for teleporter in teleporters {
      let schedule = TeleportSchedule(
        epochs: [0], teleportsPerEpoch: 2, teleportBatchSize: 10,
        teleporter: teleporter, statePolicy: .reset)
      let run = try train(
        MLP(dimensions: [6, 5, 3], using: &rng), on: data, test: data,
        configuration: TrainingConfiguration(
          epochCount: 1, batchSize: 10,
          optimizer: SGD(learningRate: 0.1),
          schedule: schedule))
      XCTAssertEqual(run.history.teleports.count, 2, teleporter.name)
      XCTAssertTrue(
        run.history.teleports.allSatisfy { $0.objectiveAfter > $0.objectiveBefore }, teleporter.name
      )
    }
  }
}
