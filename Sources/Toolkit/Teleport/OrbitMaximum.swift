// The orbit-wide gradient norm of Theorem 3.1, estimated without moving the weights. Introduced in chapter 02.

import Linear
import Autodiff
import Nets
import Symmetry

/// An estimate of max_g ‖∇ℒ(g·w)‖² over the part of the orbit within reach of `w`.
public struct OrbitMaximum: Sendable {
  /// ‖∇ℒ(w)‖² at the weights themselves.
  public let atWeights: Double
  /// The largest ‖∇ℒ(g·w)‖² found.
  public let maximum: Double
  /// The loss at the element where the maximum was found, relative to ℒ(w) (0 for an exact action).
  public let relativeLossChange: Double
}

/// Estimates the largest squared gradient norm on the orbit of `weights`, by
/// normalised gradient ascent on the group, without changing `weights`.
///
/// Theorem 3.1 of the paper bounds the average of max_{g∈G} ‖∇ℒ(g·w_t)‖² over
/// the iterates. For G = GL_k that maximum is usually infinite: the orbit is
/// unbounded and the gradient norm grows along it (chapter 01's orbit figure).
/// We therefore measure the maximum over the elements reachable by a path of
/// length `radius` from the identity: `stepCount` steps of Frobenius length
/// radius / stepCount along the steepest-ascent direction of ‖∇ℒ‖², each
/// re-linearised at the current element (g ← exp(ΔT)·g). The estimate is a lower
/// bound on that ball's maximum (ascent can stop at a local maximum).
///
/// - Parameters:
///   - weights: W₁ … W_L; not modified.
///   - batch: the batch the gradient norm (and a data-dependent action) is evaluated on.
///   - symmetry: the group action.
///   - radius: the path length in the Lie algebra, Σ ‖ΔT‖_F.
///   - stepCount: ascent steps.
/// - Returns: the gradient norm at `weights`, the largest found, and the loss change there.
/// - Throws: when a group element or a Gram matrix is singular at the starting weights.
public func estimateOrbitMaximum(
  of weights: [Matrix], on batch: Batch, symmetry: NetworkSymmetry,
  radius: Double = 1, stepCount: Int = 20
) throws -> OrbitMaximum {
  let probe = Teleporter(
    symmetry: symmetry, settings: TeleportSettings(learningRate: 0, objectiveCap: nil))
  let loss0 = MLP(weights: weights, negativeSlope: symmetry.negativeSlope).loss(on: batch)
  var current = weights
  var (j, gradient) = try probe.objectiveAndGradient(at: current, on: batch)
  // At the weights themselves, not at g = I applied to them (see `Teleporter.teleport`).
  let start = try probe.objectiveValue(at: weights, on: batch)
  var best = (value: j, loss: loss0)
  let stepLength = radius / Double(max(stepCount, 1))
  for _ in 0..<stepCount {
    let norm = gradient.reduce(0) { $0 + $1.squaredNorm() }.squareRoot()
    guard norm > 0, norm.isFinite else { break }
    guard
      let elements = try? gradient.map({
        try GroupElement(
          generator: (stepLength / norm) * $0, parametrisation: .exponential,
          inverse: symmetry.action.inverseRule)
      }), let moved = try? symmetry.apply(elements, to: current, input: batch.input),
      moved.allSatisfy(\.isFinite),
      let next = try? probe.objectiveAndGradient(at: moved, on: batch), next.value.isFinite
    else { break }
    current = moved
    (j, gradient) = next
    if j > best.value {
      best = (j, MLP(weights: current, negativeSlope: symmetry.negativeSlope).loss(on: batch))
    }
  }
  return OrbitMaximum(
    atWeights: start, maximum: best.value,
    relativeLossChange: abs(best.loss - loss0) / max(abs(loss0), .leastNormalMagnitude))
}
