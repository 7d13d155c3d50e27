// The teleport objectives the fast path can evaluate from W₁X and the later weights alone. Introduced in the appendix (A-toolkit).

import Linear
import Nets

/// A teleport objective written as a function F(Z₁, W₂, …, W_L) of the first
/// layer's pre-activation Z₁ = W₁X and the later weights, with its gradient
/// (Z̄₁, W̄₂, …, W̄_L) written out by hand: what `FastTeleportStepper` needs to
/// keep every product with the 784-wide input out of the inner loop (a change
/// dW₁ reaches J only as dZ₁ = dW₁X).
///
/// Two objectives have one: ‖∇ℒ‖² (`FastGradientNorm`, through the batch's Gram
/// matrix) and the sharpness φ (`FastSharpness`, through r·D₁X for each random
/// direction). The generic engine's graph stays the reference both are tested
/// against.
protocol FirstLayerObjective {
  /// J at the network whose first pre-activation is `z1` and whose later weights are
  /// `weights[1...]`.
  ///
  /// - Parameters:
  ///   - z1: Z₁ = W₁X, [d₁, b].
  ///   - weights: W₁ … W_L (W₁ only for its shape).
  ///   - step: the teleport's inner step; objectives that draw fresh random
  ///     quantities at each step draw that step's (`TeleportObjective.atStep(_:)`),
  ///     as the reference does.
  func value(firstPreactivation z1: Matrix, weights: [Matrix], step: Int) -> Double

  /// J and its gradient with respect to Z₁ and W₂ … W_L (W̄[0] is empty).
  func valueAndGradient(firstPreactivation z1: Matrix, weights: [Matrix], step: Int)
    -> (value: Double, firstPreactivation: Matrix, weights: [Matrix])
}

/// ‖∇ℒ‖² through the batch's Gram matrix G = XᵀX, formed once per teleport.
struct GradientNormFromFirstLayer: FirstLayerObjective {
  let gram: Matrix
  let targets: Targets
  let negativeSlope: Double

  init(batch: Batch, negativeSlope: Double) {
    gram = BLAS.gramOfColumns(batch.input)  // [b, b]
    targets = batch.targets
    self.negativeSlope = negativeSlope
  }

  func value(firstPreactivation z1: Matrix, weights: [Matrix], step: Int) -> Double {
    FastGradientNorm.value(
      firstPreactivation: z1, weights: weights, gram: gram, targets: targets,
      negativeSlope: negativeSlope)
  }

  func valueAndGradient(firstPreactivation z1: Matrix, weights: [Matrix], step: Int)
    -> (value: Double, firstPreactivation: Matrix, weights: [Matrix])
  {
    FastGradientNorm.valueAndGradient(
      firstPreactivation: z1, weights: weights, gram: gram, targets: targets,
      negativeSlope: negativeSlope)
  }
}

/// The objectives that have a hand-written first-layer form, recognised once.
enum FirstLayerForm {
  case gradientNorm
  case sharpness(SharpnessObjective)

  /// The form of `objective`, or nil when it has none (the teleporter then takes
  /// the reference path).
  init?(_ objective: any TeleportObjective) {
    switch objective {
    case is GradientNormObjective: self = .gradientNorm
    case let sharpness as SharpnessObjective: self = .sharpness(sharpness)
    default: return nil
    }
  }

  /// The evaluator on one teleport batch (per-teleport work such as G = XᵀX done here).
  func objective(on batch: Batch, negativeSlope: Double) -> any FirstLayerObjective {
    switch self {
    case .gradientNorm:
      return GradientNormFromFirstLayer(batch: batch, negativeSlope: negativeSlope)
    case .sharpness(let objective):
      return FastSharpness(objective: objective, batch: batch, negativeSlope: negativeSlope)
    }
  }
}
