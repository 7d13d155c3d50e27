// Small networks and batches shared by the symmetry and teleport tests.

import Toolkit
@testable import Symmetry

/// A network with the given widths and a batch of `batchSize` samples, both seeded.
func randomNetworkAndBatch(
  dims: [Int], batchSize: Int, seed: UInt64, classification: Bool = false,
  negativeSlope: Double = defaultNegativeSlope
) -> (weights: [Matrix], batch: Batch) {
  var rng = SplitMix64(seed: seed)
  let net = MLP(dimensions: dims, negativeSlope: negativeSlope, using: &rng)
  let x = Matrix.uniform(dims[0], batchSize, low: -1, high: 1, using: &rng)
  if classification {
    let labels = (0..<batchSize).map { _ in Int(rng.next() % UInt64(dims.last!)) }
    return (net.weights, Batch(input: x, labels: labels))
  }
  let y = Matrix.uniform(dims.last!, batchSize, using: &rng)
  return (net.weights, Batch(input: x, target: y))
}

/// One random element per hidden layer: g = I + scale·R, R with entries in [−1, 1).
func randomElements(
  for weights: [Matrix], scale: Double, seed: UInt64,
  rule: InverseRule = .exact
) throws -> [GroupElement] {
  var rng = SplitMix64(seed: seed ^ 0xABCD)
  return try NetworkSymmetry.hiddenSizes(of: weights).map { k in
    try GroupElement(
      generator: scale * Matrix.uniform(k, k, low: -1, high: 1, using: &rng),
      parametrisation: .firstOrder, inverse: rule)
  }
}

/// Generators T (not elements), one per hidden layer.
func randomGenerators(for weights: [Matrix], seed: UInt64) -> [Matrix] {
  var rng = SplitMix64(seed: seed ^ 0x5EED)
  return NetworkSymmetry.hiddenSizes(of: weights).map { k in
    Matrix.uniform(k, k, low: -1, high: 1, using: &rng)
  }
}

/// ‖a − b‖ / ‖b‖ over a list of matrices (Frobenius norms of the concatenations).
func relativeDifference(_ a: [Matrix], _ b: [Matrix]) -> Double {
  let difference = zip(a, b).reduce(0) { $0 + ($1.0 - $1.1).squaredNorm() }
  let size = b.reduce(0) { $0 + $1.squaredNorm() }
  return (difference / max(size, .leastNormalMagnitude)).squareRoot()
}
