// Sharpness φ: the mean loss after random perturbations of the weights. Introduced in chapter 04.

import Support
import Linear
import Autodiff
import Nets

/// The radii of the random perturbations in the paper's Table 1 protocol
/// (`paper.md` §2.4): `np.arange(0.001, 0.2, 0.01)` for MNIST and
/// `np.arange(0.0001, 0.02, 0.001)` for Fashion-MNIST and CIFAR-10, 20 radii each.
///
/// - Parameter mnist: whether the network was trained on MNIST (the larger radii);
///   false for Fashion-MNIST and CIFAR-10.
/// - Returns: the 20 radii, smallest first.
public func paperSharpnessRadii(mnist: Bool) -> [Double] {
  let (start, step) = mnist ? (0.001, 0.01) : (0.0001, 0.001)
  return (0..<20).map { start + Double($0) * step }
}

/// A unit direction in weight space with entries uniform in [0, 1) before
/// normalisation (the paper's `torch.rand`, so every entry is non-negative,
/// `paper.md` §6 item 9), split into the shapes of the weights.
///
/// - Parameters:
///   - shapes: the weights whose shapes the direction takes, in order W₁ … W_L.
///   - rng: the generator; entries are drawn in the order of the flattened,
///     concatenated weights, as the paper's `W_list_to_vec`.
/// - Returns: D₁ … D_L with Σ‖Dᵢ‖²_F = 1.
public func randomPositiveDirection(shapedLike shapes: [Matrix], using rng: inout SplitMix64)
  -> [Matrix]
{
  let raw = shapes.map { Matrix.uniform($0.rows, $0.columns, using: &rng) }
  let norm = raw.reduce(0) { $0 + $1.squaredNorm() }.squareRoot()
  return raw.map { $0 / norm }
}

/// φ(w), the paper's sharpness (Eq. 4) as its Table 1 protocol computes it
/// (`paper.md` §2.4):
///
///     φ = (1/|B|) Σ_b (1/|R|) Σ_{r∈R} ℒ_b(w + r·d_{b,r}) / n_b
///
/// with one fresh non-negative unit direction d_{b,r} per batch and radius.
/// ℒ_b is the mean cross-entropy on batch b; the extra division by the batch
/// size n_b is the paper's (its comment says "correct"). It rescales every φ by
/// the same constant and so cannot change a correlation; we keep it so that our
/// numbers are on the paper's scale.
///
/// - Parameters:
///   - weights: W₁ … W_L.
///   - probes: the batches (200 batches of 200 in the paper).
///   - radii: the perturbation sizes, `paperSharpnessRadii(for:)` for Table 1.
///   - seed: seed of the directions; probe b draws from `SplitMix64.stream(seed:index: b)`.
///   - negativeSlope: the LeakyReLU slope.
/// - Returns: φ.
/// - Complexity: |probes| · |radii| forward passes.
public func sharpness(
  weights: [Matrix], probes: [Batch], radii: [Double], seed: UInt64,
  negativeSlope: Double = defaultNegativeSlope
) -> Double {
  require(
    !probes.isEmpty && !radii.isEmpty,
    "sharpness: needs at least one probe batch and one radius, got \(probes.count) and \(radii.count)"
  )
  var total = 0.0
  for (b, probe) in probes.enumerated() {
    var rng = SplitMix64.stream(seed: seed, index: UInt64(b))
    for r in radii {
      let d = randomPositiveDirection(shapedLike: weights, using: &rng)
      var perturbed = weights
      for i in perturbed.indices { perturbed[i].add(d[i], scaledBy: r) }
      total +=
        MLP(weights: perturbed, negativeSlope: negativeSlope).loss(on: probe) / Double(probe.size)
    }
  }
  return total / Double(probes.count * radii.count)
}

/// The teleport objective "sharpness" of `paper.md` §2.6: the mean loss on the
/// teleport batch over random non-negative unit directions d and radii r,
///
///     J(w) = scale · mean_{r, d} ℒ_X(w + r·d),
///
/// raised (`.increase`) or lowered (`.decrease`) by the teleporter through
/// the group action, with the perturbations held fixed while T moves.
///
/// The paper uses radii 0.1, 0.2, …, 0.9 and 100 directions per radius, and
/// divides the sum by 10·100 instead of 9·100, so its J is 0.9 × the mean
/// (`paper.md` §6 item 10); `SharpnessObjective.paper(direction:seed:)` keeps
/// that factor so that the paper's teleport learning rates carry over.
///
/// Directions are fresh at every inner step, as in the paper, yet
/// reproducible: the teleporter evaluates `atStep(s)` at inner step s, which
/// draws them from stream s of `seed` (`directionGenerator()`), so J and its
/// gradient at one step see the same directions, by either path, and no step's
/// directions depend on the rounding of the weights.
///
/// The first layer's perturbed pre-activation is (W₁ + rD₁)X = W₁X + r·D₁X:
/// D₁X is a constant (no gradient flows into it), so the backward pass only
/// runs through W₁X once instead of once per direction. This is the readable
/// reference; the teleporter's fast path, `FastSharpness`, computes the same J
/// and gradient with all directions' D₁X in a few large products.
public struct SharpnessObjective: TeleportObjective {
  public let direction: TeleportDirection
  /// The perturbation radii.
  public let radii: [Double]
  /// Random directions per radius.
  public let directionsPerRadius: Int
  /// The factor in front of the mean (0.9 in the paper's code, 1 otherwise).
  public let scale: Double
  /// The seed of the directions.
  public let seed: UInt64
  /// Fresh directions at every inner step (the paper); false keeps one fixed
  /// set for all steps (tests).
  public let redrawsDirections: Bool

  /// A sharpness objective.
  ///
  /// - Parameters:
  ///   - direction: raise or lower the sharpness.
  ///   - radii: perturbation sizes.
  ///   - directionsPerRadius: random directions for each radius.
  ///   - scale: factor in front of the mean.
  ///   - seed: seed of the directions.
  ///   - redrawsDirections: new directions at every inner step (true, the paper) or one fixed set.
  public init(
    direction: TeleportDirection, radii: [Double], directionsPerRadius: Int,
    scale: Double = 1, seed: UInt64, redrawsDirections: Bool = true
  ) {
    require(
      !radii.isEmpty && directionsPerRadius > 0,
      "SharpnessObjective: needs radii and at least one direction per radius")
    self.direction = direction
    self.radii = radii
    self.directionsPerRadius = directionsPerRadius
    self.scale = scale
    self.seed = seed
    self.redrawsDirections = redrawsDirections
  }

  /// The paper's objective: radii 0.1 … 0.9, 100 directions each, J = 0.9 × the mean.
  ///
  /// - Parameters:
  ///   - direction: raise or lower the sharpness.
  ///   - directionsPerRadius: 100 in the paper; fewer for quick runs.
  ///   - seed: seed of the directions.
  public static func paper(
    direction: TeleportDirection, directionsPerRadius: Int = 100,
    seed: UInt64
  ) -> SharpnessObjective {
    SharpnessObjective(
      direction: direction, radii: (1...9).map { Double($0) / 10 },
      directionsPerRadius: directionsPerRadius, scale: 0.9, seed: seed)
  }

  public var name: String { "φ (sharpness)" }
  /// One forward and backward pass per perturbation, no Hessian-vector product.
  public var cost: (gradients: Int, hessianVectorProducts: Int) {
    (radii.count * directionsPerRadius, 0)
  }

  /// The inner step whose directions this objective draws (`atStep(_:)`).
  public private(set) var step = 0

  /// The generator of the directions: stream `step` of `seed` when the
  /// directions are redrawn at every inner step, `seed` itself otherwise.
  public func directionGenerator() -> SplitMix64 {
    redrawsDirections ? SplitMix64.stream(seed: seed, index: UInt64(step)) : SplitMix64(seed: seed)
  }

  /// This objective drawing inner step `step`'s directions.
  public func drawing(step: Int) -> SharpnessObjective {
    var copy = self
    copy.step = step
    return copy
  }

  public func atStep(_ step: Int) -> any TeleportObjective { drawing(step: step) }

  public func value(weights: [Variable], batch: Batch, negativeSlope: Double) throws -> Variable {
    let values = weights.map(\.value)
    var rng = directionGenerator()
    let x = batch.input
    let firstProduct = matmul(weights[0], Variable(constant: x))  // W₁X, [d₁, batch]
    var terms: [Variable] = []
    for r in radii {
      for _ in 0..<directionsPerRadius {
        let d = randomPositiveDirection(shapedLike: values, using: &rng)
        let shift = Variable(constant: r * matmul(d[0], x))  // r·D₁X, [d₁, batch]
        var h = firstProduct + shift
        for i in 1..<weights.count {
          h = leakyReLU(h, negativeSlope: negativeSlope)
          h = matmul(weights[i] + Variable(constant: r * d[i]), h)  // [dᵢ, batch]
        }
        terms.append(batch.loss(h))
      }
    }
    let sum = terms.dropFirst().reduce(terms[0]) { $0 + $1 }
    return sum.scaled(by: scale / Double(terms.count))
  }
}
