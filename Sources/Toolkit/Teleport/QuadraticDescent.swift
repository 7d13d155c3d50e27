// Gradient descent, teleports before every step, and Newton on ½wᵀAw. Introduced in chapter 03.

import Support
import Linear
import Symmetry

extension QuadraticProblem {
  /// Gradient descent w ← w − η A w.
  ///
  /// - Returns: `stepCount + 1` points, w₀ first.
  public func gradientDescentPath(from w: Matrix, learningRate: Double, stepCount: Int) -> [Matrix]
  {
    require(stepCount >= 0, "gradientDescentPath: stepCount must be ≥ 0, got \(stepCount)")
    var path = [w]
    for _ in 0..<stepCount {
      path.append(path[path.count - 1] - learningRate * gradient(path[path.count - 1]))
    }
    return path
  }

  /// A teleport before every gradient step: w ← g·w (ascent of ‖∇ℒ‖² on SO(d), `teleport`),
  /// then w ← w − η A w.
  ///
  /// - Parameters:
  ///   - teleportRate: η_tele of each teleport.
  ///   - teleportSteps: the most ascent steps per teleport.
  ///   - tolerance: each teleport stops once ‖∇_S J‖_F ≤ tolerance.
  /// - Returns: `stepCount + 1` points, w₀ first (each after its gradient step).
  /// - Throws: as `teleport`.
  public func teleportedDescentPath(
    from w: Matrix, learningRate: Double, teleportRate: Double,
    teleportSteps: Int, tolerance: Double, stepCount: Int
  ) throws -> [Matrix] {
    require(stepCount >= 0, "teleportedDescentPath: stepCount must be ≥ 0, got \(stepCount)")
    var path = [w]
    for _ in 0..<stepCount {
      let moved = try teleport(
        path[path.count - 1], learningRate: teleportRate, stepCount: teleportSteps,
        tolerance: tolerance
      ).end
      path.append(moved - learningRate * gradient(moved))
    }
    return path
  }

  /// Newton's method w ← w − α A⁻¹∇ℒ (α = 1 lands on the minimum in one step).
  ///
  /// - Returns: `stepCount + 1` points, w₀ first.
  /// - Throws: `LinearAlgebraError` when the solve fails.
  public func newtonPath(from w: Matrix, damping: Double, stepCount: Int) throws -> [Matrix] {
    require(stepCount >= 0, "newtonPath: stepCount must be ≥ 0, got \(stepCount)")
    var path = [w]
    for _ in 0..<stepCount {
      let current = path[path.count - 1]
      let direction = try newtonDirection(hessian: hessian, gradient: gradient(current))
      path.append(current - damping * direction)  // 1 · p is p exactly
    }
    return path
  }
}
