// Gradient descent, Newton and saddle-free Newton on one batch, step by step. Introduced in chapter 03.

import Support
import Linear
import Autodiff
import Nets

/// How one step of a descent on a fixed batch moves the weights (chapter 03 compares them).
public enum DescentRule: Sendable {
  /// w − η∇ℒ.
  case gradient(learningRate: Double)
  /// w − α H⁻¹∇ℒ; where H is singular the weights stay where they are.
  case newton(damping: Double)
  /// w − α |H|⁻¹∇ℒ, H's eigenvalues taken as max(|λ|, floor) with
  /// floor = `relativeFloor` · max(|λ_max|, |λ_min|) (`saddleFreeNewtonDirection`).
  case saddleFreeNewton(damping: Double, relativeFloor: Double)
}

/// One step of `rule` on the loss of the MLP with weights `w` on `batch`, from exact
/// gradients and Hessians (`lossAndFlatGradient`, `lossHessian`).
///
/// - Parameters:
///   - w: W₁ … W_L.
///   - rule: the step.
///   - batch: the data.
///   - negativeSlope: the LeakyReLU slope.
/// - Returns: the moved weights; a Newton rule leaves non-finite weights as they are.
/// - Throws: `LinearAlgebraError` when H's eigensolver fails (saddle-free Newton).
public func descentStep(
  _ w: [Matrix], rule: DescentRule, on batch: Batch,
  negativeSlope: Double = defaultNegativeSlope
) throws -> [Matrix] {
  let g = lossAndFlatGradient(weights: w, on: batch, negativeSlope: negativeSlope).gradient
  switch rule {
  case .gradient(let learningRate):
    return newtonStep(w, direction: g, damping: learningRate)
  case .newton(let damping):
    guard w.allSatisfy(\.isFinite) else { return w }
    let h = lossHessian(weights: w, on: batch, negativeSlope: negativeSlope)
    guard let p = try? newtonDirection(hessian: h, gradient: g) else { return w }
    return newtonStep(w, direction: p, damping: damping)
  case .saddleFreeNewton(let damping, let relativeFloor):
    guard w.allSatisfy(\.isFinite) else { return w }
    let spectrum = try HessianSpectrum(
      lossHessian(weights: w, on: batch, negativeSlope: negativeSlope))
    let floor = relativeFloor * max(abs(spectrum.largest), abs(spectrum.smallest))
    return newtonStep(
      w, direction: saddleFreeNewtonDirection(spectrum: spectrum, gradient: g, floor: floor),
      damping: damping)
  }
}

/// The loss at w₀ and after each of `stepCount` steps of `rule`; once the loss is not
/// finite or passes `divergenceFactor` · `referenceLoss` the run has diverged, and it reads
/// NaN from then on.
///
/// - Parameters:
///   - referenceLoss: what divergence is measured against; ℒ(w₀) when nil (chapter 03
///     passes the loss before its teleports, so that every run shares one threshold).
/// - Returns: `stepCount + 1` losses, ℒ(w₀) first.
/// - Throws: as `descentStep`.
public func descentLosses(
  from w: [Matrix], rule: DescentRule, on batch: Batch, stepCount: Int,
  negativeSlope: Double = defaultNegativeSlope, referenceLoss: Double? = nil,
  divergenceFactor: Double = 1e6
) throws -> [Double] {
  require(stepCount >= 0, "descentLosses: stepCount must be ≥ 0, got \(stepCount)")
  func loss(_ w: [Matrix]) -> Double {
    let l = MLP(weights: w, negativeSlope: negativeSlope).loss(on: batch)
    return l.isFinite ? l : .nan
  }
  let start = referenceLoss ?? loss(w)
  var current = w
  var losses: [Double] = []
  for t in 0...stepCount {
    let value = loss(current)
    if !value.isFinite || value > divergenceFactor * start {
      return losses + Array(repeating: .nan, count: stepCount + 1 - t)
    }
    losses.append(value)
    if t < stepCount {
      current = try descentStep(current, rule: rule, on: batch, negativeSlope: negativeSlope)
    }
  }
  return losses
}
