// A random network with a random regression batch, for invariance checks. Introduced in chapter 01.

import Support
import Linear

/// A network initialised as `MLP(dimensions:)` does and a regression batch with
/// inputs uniform in [−1, 1) and targets uniform in [0, 1).
///
/// - Parameters:
///   - dimensions: the layer widths, input first.
///   - batchSize: samples in the batch.
///   - negativeSlope: the LeakyReLU slope (1 makes the network linear).
///   - rng: the generator; the weights are drawn first, then X, then Y.
/// - Returns: the weights and the batch.
public func randomRegressionProblem(
  dimensions: [Int], batchSize: Int,
  negativeSlope: Double = defaultNegativeSlope,
  using rng: inout SplitMix64
) -> (weights: [Matrix], batch: Batch) {
  let net = MLP(dimensions: dimensions, negativeSlope: negativeSlope, using: &rng)
  // X: [inputSize, batch]; Y: [outputSize, batch].
  let x = Matrix.uniform(dimensions[0], batchSize, low: -1, high: 1, using: &rng)
  let y = Matrix.uniform(dimensions[dimensions.count - 1], batchSize, using: &rng)
  return (net.weights, Batch(input: x, target: y))
}
