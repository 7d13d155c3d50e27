// Random group elements for measuring how exact an action is. Introduced in chapter 01.

import Support
import Linear

/// Random Lie-algebra directions M_m, one per hidden layer of `weights`: entries
/// uniform in [−1, 1), then scaled to ‖M_m‖_F = 1.
///
/// - Parameters:
///   - weights: W₁ … W_L (only the hidden widths are read).
///   - seed: seeds the draws; the same seed gives the same directions.
/// - Returns: one k_m × k_m matrix per hidden layer.
public func randomUnitGenerators(for weights: [Matrix], seed: UInt64) -> [Matrix] {
  var rng = SplitMix64(seed: seed)
  return NetworkSymmetry.hiddenSizes(of: weights).map { k in
    let m = Matrix.uniform(k, k, low: -1, high: 1, using: &rng)
    return m / m.norm()
  }
}

/// Random elements g_m = exp(scale · M_m) with the directions of `randomUnitGenerators`.
///
/// - Parameters:
///   - weights: W₁ … W_L.
///   - scale: the distance from the identity along each direction.
///   - seed: seeds the directions.
///   - rule: how g⁻¹ is formed (the action's own rule).
/// - Throws: when an element cannot be formed (an exponential that overflows).
public func randomExponentialElements(
  for weights: [Matrix], scale: Double, seed: UInt64,
  rule: InverseRule = .exact
) throws -> [GroupElement] {
  try randomUnitGenerators(for: weights, seed: seed).map {
    try GroupElement(generator: scale * $0, parametrisation: .exponential, inverse: rule)
  }
}
