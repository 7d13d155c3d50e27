// Small tasks, small learned optimizers and a plain SGD for the meta-learning tests.

import Foundation
import Toolkit
@testable import Meta

/// A small regression task: X 3×3 (3 samples, so X⁺X = I), W₁ 4×3, W₂ 3×4, Y 3×3.
func smallTask(seed: Int64) -> RegressionTask {
  .uniform(dimensions: [3, 3, 4, 3], seed: seed)
}

/// A learned optimizer of `kind` for `smallTask`, with LSTMs of width 5.
func smallLearnedOptimizer(
  _ kind: LearnedOptimizerKind, seed: UInt64 = 7,
  inverse: InverseRule = .firstOrder
) -> LearnedOptimizer {
  var rng = SplitMix64(seed: seed)
  var configuration = LearnedOptimizerConfiguration(teleportHiddenSize: 5, updateHiddenSize: 5)
  configuration.inverse = inverse
  let shapes = smallTask(seed: 0).weights.map { (rows: $0.rows, columns: $0.columns) }
  return LearnedOptimizer(
    kind: kind, weightShapes: shapes, configuration: configuration, using: &rng)
}

/// Plain gradient descent on meta-parameters, so the trainer can be tested
/// without depending on a particular adaptive optimizer.
struct PlainGradientDescent: Optimizer {
  var name: String { "SGD" }
  var learningRate: Double
  var stepCount = 0

  mutating func step(_ weights: inout [Matrix], gradients: [Matrix]) {
    stepCount += 1
    for i in weights.indices { weights[i] = weights[i] - learningRate * gradients[i] }
  }

  mutating func reset() { stepCount = 0 }

  mutating func transport(through elements: [GroupElement], after: [Matrix]) {}
}

/// A fresh temporary folder, removed by the caller.
func temporaryFolder(_ label: String) -> URL {
  FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
}
