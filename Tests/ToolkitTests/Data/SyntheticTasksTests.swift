import XCTest
import Toolkit
@testable import Datasets

final class SyntheticTasksTests: XCTestCase {
  func testMultiLayerShapesFollowThePapersConvention() {
    let task = SyntheticTasks.multiLayerRegression(run: 1)
    XCTAssertEqual(task.seed, 12345)
    XCTAssertEqual(task.weights.map(\.shapeText), ["6×5", "7×6", "8×7"])
    XCTAssertEqual(task.input.shapeText, "5×4")
    XCTAssertEqual(task.target.shapeText, "8×4")
  }

  func testSeeds() {
    XCTAssertEqual(
      (0...4).map { SyntheticTasks.metaTestSeed(task: $0) }, [0, 12345, 49380, 111105, 197520])
    XCTAssertEqual(
      (0...4).map { SyntheticTasks.metaTrainingSeed(task: $0) }, [-1, 12344, 49379, 111104, 197519])
    XCTAssertEqual(
      (0...4).map { SyntheticTasks.multiLayerSeed(run: $0) }, [0, 12345, 49380, 111105, 197520])
  }

  func testDrawsAreUniformDeterministicAndInThePapersOrder() {
    let task = SyntheticTasks.metaTrainingTask(0)  // seed −1
    XCTAssertEqual(task.weights.map(\.shapeText), ["20×20", "20×20"])
    let all = task.weights.flatMap(\.scalars) + task.input.scalars + task.target.scalars
    XCTAssertTrue(all.allSatisfy { $0 >= 0 && $0 < 1 })
    XCTAssertEqual(all.reduce(0, +) / Double(all.count), 0.5, accuracy: 0.02)

    var rng = SplitMix64(seed: UInt64(bitPattern: -1))
    let w1 = Matrix.uniform(20, 20, using: &rng)
    _assertMatrixEqual(task.weights[0], w1, "W_1 is drawn first")
    _ = Matrix.uniform(20, 20, using: &rng)
    _assertMatrixEqual(task.input, Matrix.uniform(20, 20, using: &rng), "then X")
    _assertMatrixEqual(task.target, Matrix.uniform(20, 20, using: &rng), "then Y")

    _assertMatrixEqual(SyntheticTasks.metaTrainingTask(0).input, task.input)
    XCTAssertNotEqual(SyntheticTasks.metaTestTask(0).input, task.input)
  }
}
