// Level-set teleportation of a network's weights: no group, the whole level set. Introduced in chapter 07.

import Linear
import Autodiff
import Nets

/// Moves an MLP's weights on the level set (or sub-level set) of its loss on a
/// batch to raise ‖∇ℒ‖², with `LevelSetSolver`.
///
/// Where the symmetry `Teleporter` searches a group orbit (a few k×k matrices
/// per hidden layer), this searches every weight at once, with one gradient and
/// one Hessian-vector product per step (more when the line search backtracks).
/// It reports the same `TeleportOutcome` and `TeleportCost`, so training loops
/// take either. It has no group, so `elements` is empty and an optimizer's
/// state can be reset or kept but not transported.
public struct LevelSetTeleporter: WeightTeleporter {
  /// Constraint, steps, line search, tolerances.
  public let settings: LevelSetSettings
  /// The network's LeakyReLU slope.
  public let negativeSlope: Double

  /// A teleporter.
  public init(
    settings: LevelSetSettings = LevelSetSettings(), negativeSlope: Double = defaultNegativeSlope
  ) {
    self.settings = settings
    self.negativeSlope = negativeSlope
  }

  public var name: String { settings.constraint == .equality ? "level set" : "sub-level set" }
  public var providesGroupElements: Bool { false }

  /// The teleport problem of the loss on `batch`: f(W₁ … W_L) = ℒ.
  public func problem(on batch: Batch) -> LevelSetProblem {
    let slope = negativeSlope
    return LevelSetProblem { w in MLP.loss(weights: w, on: batch, negativeSlope: slope) }
  }

  /// The solver's full answer, trace included (for chapter 7's gain-per-cost figure).
  public func solve(_ weights: [Matrix], on batch: Batch) throws -> LevelSetSolution {
    try LevelSetSolver(settings: settings).solve(problem(on: batch), from: weights)
  }

  /// One teleport. A solve that ends at a non-finite loss or gradient is rolled back.
  public func teleport(_ weights: [Matrix], on batch: Batch) throws -> TeleportOutcome {
    let solution = try solve(weights, on: batch)
    let finite =
      solution.value.end.isFinite && solution.gradientNormSquared.end.isFinite
      && solution.point.allSatisfy(\.isFinite)
    let objective = (
      solution.gradientNormSquared.start,
      finite ? solution.gradientNormSquared.end : solution.gradientNormSquared.start
    )
    return TeleportOutcome(
      weights: finite ? solution.point : weights, objective: objective,
      batchLoss: (solution.value.start, finite ? solution.value.end : solution.value.start),
      stepsTaken: solution.stepsTaken, stoppedAtCap: false, rolledBack: !finite,
      cost: solution.cost, elements: [])
  }
}
