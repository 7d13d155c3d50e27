// A teleport restricted to a one-parameter curve: ascent in t by central differences. Introduced in chapter 01.

/// Gradient ascent on a scalar function of one variable, J(t), with the slope
/// taken by central differences, until J reaches a target or a step budget ends.
///
/// Chapter 01 uses it to teleport along a single orbit curve exp(tM)·w: the
/// step size is chosen so that the first step moves t by `firstStep`, and the
/// ascent stops once J ≥ `target` (the way the paper's cap stops a teleport).
///
/// - Parameters:
///   - objective: J(t).
///   - firstStep: |Δt| of the first step; the rate is firstStep / |J′(0)|.
///   - target: stop once J(t) reaches this.
///   - maxSteps: at most this many steps.
///   - h: the finite-difference half-width.
/// - Returns: the final t and the number of steps taken.
/// - Throws: whatever `objective` throws; `ExperimentError`-free: a flat start (J′(0) = 0) takes no step.
public func ascendAlongCurve(
  _ objective: (Double) throws -> Double, firstStep: Double, target: Double,
  maxSteps: Int, h: Double = 1e-5
) throws -> (t: Double, steps: Int) {
  func slope(_ t: Double) throws -> Double { (try objective(t + h) - objective(t - h)) / (2 * h) }
  let start = abs(try slope(0))
  guard start > 0 else { return (0, 0) }
  let rate = firstStep / start
  var t = 0.0
  var steps = 0
  while steps < maxSteps, try objective(t) < target {
    t += rate * (try slope(t))
    steps += 1
  }
  return (t, steps)
}
