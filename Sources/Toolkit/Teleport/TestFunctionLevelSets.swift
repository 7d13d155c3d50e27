// Level sets of Rosenbrock and Booth, and both teleports on them. Introduced in chapter 07.

import Foundation
import Linear
import Autodiff
import Symmetry

/// A point of a two-variable test function's level set, with ‖∇ℒ‖² there.
public struct LevelSetPoint: Sendable {
  public let x: Double
  public let y: Double
  public let gradientNormSquared: Double
}

extension SumOfSquaresFunction {
  /// ℒ as a level-set problem in two 1×1 blocks (x, y).
  public var levelSetProblem: LevelSetProblem {
    LevelSetProblem { v in self.loss(v[0], v[1]) }
  }

  /// The level-set teleport of a point.
  ///
  /// - Parameters:
  ///   - p: the starting point.
  ///   - settings: constraint, steps, step size.
  /// - Returns: the solver's answer; `point` is [x, y] as 1×1 matrices.
  public func levelSetTeleport(_ p: (x: Double, y: Double), settings: LevelSetSettings) throws
    -> LevelSetSolution
  {
    try LevelSetSolver(settings: settings).solve(
      levelSetProblem, from: [.scalar(p.x), .scalar(p.y)])
  }

  /// The level set {ℒ = ℒ(p)}, as `count` points g(θ)·p at θ = 2πk/count.
  ///
  /// SO(2) acts on these functions' level sets transitively (the rotation is
  /// of the squares (u, v), whose circle is the whole level set), so the orbit
  /// of p is its level set, traced once.
  public func levelSet(through p: (x: Double, y: Double), count: Int) -> [LevelSetPoint] {
    (0..<count).map { k in
      let q = rotated(p, by: 2 * Double.pi * Double(k) / Double(count))
      return LevelSetPoint(x: q.x, y: q.y, gradientNormSquared: gradientNormSquared(q))
    }
  }

  /// The largest ‖∇ℒ‖² among `count` evenly spaced points of the level set through p:
  /// the answer both teleports aim at.
  public func levelSetMaximum(through p: (x: Double, y: Double), count: Int) -> LevelSetPoint {
    levelSet(through: p, count: count).max { $0.gradientNormSquared < $1.gradientNormSquared }!
  }
}
