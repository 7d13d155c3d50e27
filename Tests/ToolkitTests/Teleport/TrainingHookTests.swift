// The training loop's partial-batch rule and its beforeStep hook (chapter 04's teleports).

import XCTest
import Toolkit
@testable import Teleport

final class TrainingHookTests: XCTestCase {
  private func data(_ n: Int, seed: UInt64) -> Dataset {
    var rng = SplitMix64(seed: seed)
    let x = Matrix.uniform(5, n, using: &rng)
    return Dataset(name: "hook", images: x, labels: (0..<n).map { $0 % 3 }, classCount: 3)
  }

  func testAFinalPartialBatchIsDropped() throws {
    var rng = SplitMix64(seed: 1)
    let run = try train(
      MLP(dimensions: [5, 4, 3], using: &rng), on: data(47, seed: 2), test: data(10, seed: 3),
      configuration: TrainingConfiguration(
        epochCount: 2, batchSize: 10,
        optimizer: SGD(learningRate: 0.1)))
    XCTAssertEqual(run.history.stepLosses.count, 2 * 4)  // 47 samples: four full batches of 10
  }

  func testBeforeStepSeesEveryStepAndItsChangeIsTrainedOn() throws {
    var rng = SplitMix64(seed: 4)
    let model = MLP(dimensions: [5, 4, 3], using: &rng)
    let trainSet = data(30, seed: 5), testSet = data(10, seed: 6)
    let configuration = TrainingConfiguration(
      epochCount: 2, batchSize: 10, optimizer: SGD(learningRate: 0.1))
    var seen: [[Int]] = []
    let plain = try train(
      model, on: trainSet, test: testSet, configuration: configuration,
      beforeStep: { epoch, step, _ in seen.append([epoch, step]) })
    XCTAssertEqual(seen, [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]])
    let untouched = try train(model, on: trainSet, test: testSet, configuration: configuration)
    XCTAssertEqual(plain.history.stepLosses, untouched.history.stepLosses)
    // Halving the weights before step (1, 1) changes that step's loss and everything after.
    let changed = try train(
      model, on: trainSet, test: testSet, configuration: configuration,
      beforeStep: { epoch, step, net in
        if epoch == 1 && step == 1 { net.weights = net.weights.map { 0.5 * $0 } }
      })
    XCTAssertEqual(
      Array(changed.history.stepLosses[..<4]), Array(untouched.history.stepLosses[..<4]))
    XCTAssertNotEqual(changed.history.stepLosses[4], untouched.history.stepLosses[4])
  }
}
