// Level-set teleportation's solver: sequential linear programming on max ½·log‖∇f‖² s.t. f = f(w₀). Introduced in chapter 07.

import Foundation
import Support
import Linear
import Autodiff

/// Whether the teleport keeps the loss (the level set) or may lower it (the sub-level set).
public enum LevelSetConstraint: String, Sendable, CaseIterable {
  /// f(w) = f(w₀).
  case equality = "level set"
  /// f(w) ≤ f(w₀): the step may go downhill when that raises ‖∇f‖ more.
  case sublevel = "sub-level set"
}

/// The knobs of the level-set solver, with the constants of the level-set paper's code.
///
/// The defaults are the module constants and keyword defaults of
/// `normalized_slp` in `src/stepback/initializers/teleport.py` of
/// `aaronpmishkin/teleport` (Mishkin, Bietti, Gower 2024): ALPHA = BETA = 0.5,
/// 25 backtracks, GRAD_TOL = CONST_TOL = 1e-6, GAMMA_SCALE = 0.1,
/// MIN_RHO = 1e-16; `get_initializer` in `initializers/main.py` supplies
/// 100 steps, ρ = 1, the sub-level constraint and the line search. Their
/// MNIST runs (`scripts/exp_configs/figures_5_13_14.py`) use 50 steps and ρ = 0.1.
public struct LevelSetSettings: Sendable {
  /// Level set or sub-level set.
  public var constraint: LevelSetConstraint
  /// The most outer steps (`max_steps`).
  public var maxSteps: Int
  /// ρ, the first step length along h = H∇f/‖∇f‖² (`rho`); the line search adapts it.
  public var initialStepSize: Double
  /// Backtrack on the merit function (true) or take every step at ρ (false).
  public var lineSearch: Bool
  /// α, the fraction of the predicted increase the merit function must gain (`ALPHA`).
  public var sufficientIncrease: Double
  /// β, the factor that shrinks ρ at each backtrack (`BETA`); 1/β grows it.
  public var backtrackFactor: Double
  /// Backtracks before a step is given up (`MAX_BACKTRACKS`).
  public var maxBacktracks: Int
  /// Stop when ‖(⟨h,g⟩/‖g‖²)·g − h‖² is at most this (`GRAD_TOL`) …
  public var kktTolerance: Double
  /// … and the constraint's violation is at most this (`CONST_TOL`).
  public var constraintTolerance: Double
  /// γ's scale in the merit function (`GAMMA_SCALE`).
  public var penaltyScale: Double
  /// Stop when ρ falls to this (`MIN_RHO`).
  public var minimumStepSize: Double

  /// Settings; the defaults are the paper code's.
  public init(
    constraint: LevelSetConstraint = .sublevel, maxSteps: Int = 100, initialStepSize: Double = 1,
    lineSearch: Bool = true, sufficientIncrease: Double = 0.5, backtrackFactor: Double = 0.5,
    maxBacktracks: Int = 25, kktTolerance: Double = 1e-6, constraintTolerance: Double = 1e-6,
    penaltyScale: Double = 0.1, minimumStepSize: Double = 1e-16
  ) {
    require(
      maxSteps >= 0 && initialStepSize > 0 && backtrackFactor > 0 && backtrackFactor < 1
        && maxBacktracks >= 1,
      "LevelSetSettings: need maxSteps ≥ 0, ρ > 0, 0 < β < 1 and at least one backtrack")
    self.constraint = constraint
    self.maxSteps = maxSteps
    self.initialStepSize = initialStepSize
    self.lineSearch = lineSearch
    self.sufficientIncrease = sufficientIncrease
    self.backtrackFactor = backtrackFactor
    self.maxBacktracks = maxBacktracks
    self.kktTolerance = kktTolerance
    self.constraintTolerance = constraintTolerance
    self.penaltyScale = penaltyScale
    self.minimumStepSize = minimumStepSize
  }

  /// The constraint's violation: |Δ| on the level set, max(Δ, 0) on the sub-level set.
  public func violation(_ gap: Double) -> Double {
    constraint == .equality ? abs(gap) : max(gap, 0)
  }
}

/// A function f of a list of matrices, with its gradient and Hessian-vector products.
public struct LevelSetProblem {
  /// f(w) and ∇f(w) (counted as one gradient evaluation).
  public let valueAndGradient: ([Matrix]) throws -> (value: Double, gradient: [Matrix])
  /// ∇²f(w)·v (counted as one Hessian-vector product).
  public let hessianVectorProduct: ([Matrix], [Matrix]) throws -> [Matrix]

  /// A problem from its two oracles.
  public init(
    valueAndGradient: @escaping ([Matrix]) throws -> (value: Double, gradient: [Matrix]),
    hessianVectorProduct: @escaping ([Matrix], [Matrix]) throws -> [Matrix]
  ) {
    self.valueAndGradient = valueAndGradient
    self.hessianVectorProduct = hessianVectorProduct
  }

  /// The problem of a function written with the autodiff: gradients by one
  /// backward pass, Hessian-vector products by a double backward (`hessianVectorProduct`).
  public init(_ f: @escaping ([Variable]) -> Variable) {
    self.init(
      valueAndGradient: { w in
        let (value, gradients) = valueWithGradient(at: w, in: f)
        return (value, gradients)
      },
      hessianVectorProduct: { w, v in Autodiff.hessianVectorProduct(at: w, along: v, in: f) })
  }
}

/// One outer iterate of the solver, as the paper's code logs it.
public struct LevelSetIterate: Sendable, Equatable {
  /// ‖∇f‖² at the iterate.
  public var gradientNormSquared: Double
  /// Δ = f(w) − f(w₀).
  public var constraintGap: Double
  /// ‖(⟨h,g⟩/‖g‖²)·g − h‖², the squared KKT residual (`kkt_gap` in the code).
  public var kktResidual: Double
  /// ρ used for the step from here.
  public var stepSize: Double
  /// Gradient evaluations and HVPs spent so far, this iterate's HVP included.
  public var gradientEvaluations: Int
  public var hessianVectorProducts: Int
}

/// Why the solver stopped.
public enum LevelSetStop: String, Sendable {
  /// KKT residual and constraint violation both within tolerance.
  case kkt = "KKT conditions met"
  /// `maxSteps` taken.
  case stepLimit = "step limit"
  /// ρ fell below `minimumStepSize`.
  case stepTooSmall = "step size too small"
  /// f or ∇f became NaN or infinite at the starting point.
  case nonFinite = "non-finite value"
}

/// What the solver returns.
public struct LevelSetSolution: Sendable {
  /// The final point.
  public let point: [Matrix]
  /// f and ‖∇f‖² at the start and at the final point.
  public let value: (start: Double, end: Double)
  public let gradientNormSquared: (start: Double, end: Double)
  /// One entry per outer iterate, the starting point first.
  public let trace: [LevelSetIterate]
  /// Steps accepted.
  public let stepsTaken: Int
  /// Why it stopped.
  public let stop: LevelSetStop
  /// Gradient evaluations, HVPs and seconds.
  public let cost: TeleportCost
}

/// Level-set teleportation: maximise ½·log‖∇f(w)‖² subject to f(w) = f(w₀)
/// (or f(w) ≤ f(w₀)) by sequential linear programming.
///
/// Each step linearises both the objective and the constraint at w. With
/// g = ∇f(w), s = ‖g‖², h = ∇²f(w)·g / s (the gradient of ½·log‖∇f‖²) and
/// Δ = f(w) − f(w₀), it moves ρ along h and back along g onto the linearised
/// level set: w⁺ = w + ρh − λg, λ = (ρ⟨h,g⟩ + Δ)/s (on the sub-level set only
/// when λ > 0). The line search accepts ρ when the merit function
/// m(w) = ½·log‖∇f(w)‖² − γ·pen(Δ(w)) rises enough,
///
///     m(w⁺) ≥ ½·log s − (1 − α)·γ·pen(Δ) + α·⟨h, w⁺ − w⟩/2,
///
/// with pen = |·| (level set) or max(·, 0) (sub-level set) and
/// γ = 0.1·⟨h,g⟩·λ/(s·pen(Δ)) when pen(Δ) > 0, else 0.1; otherwise ρ ← βρ.
/// It stops when the squared KKT residual ‖(⟨h,g⟩/s)·g − h‖² and pen(Δ) are
/// both at most 1e-6. After an accepted step whose merit ratio is at least 5
/// it tries a longer step next time (ρ ← ρ/β); after 25 failed backtracks it
/// stays put and tries ρ/β⁵.
///
/// Read from `normalized_slp` in `src/stepback/initializers/teleport.py` of
/// `aaronpmishkin/teleport`, and written anew. One difference: when all
/// backtracks fail, that code starts the next step with the gradient of the
/// last rejected trial point; we keep the gradient of the point we stay at.
///
/// [Mishkin, Bietti, Gower 2024]: https://arxiv.org/abs/2403.03362
public struct LevelSetSolver: Sendable {
  /// Constraint, step size, line search and tolerances.
  public let settings: LevelSetSettings

  /// A solver.
  public init(settings: LevelSetSettings = LevelSetSettings()) { self.settings = settings }

  /// Solves the teleport problem from `start`.
  ///
  /// - Parameters:
  ///   - problem: f with its gradient and Hessian-vector products.
  ///   - start: w₀, which fixes the level f(w₀).
  /// - Returns: the final point, its trace and what it cost.
  /// - Throws: what the problem's oracles throw.
  public func solve(_ problem: LevelSetProblem, from start: [Matrix]) throws -> LevelSetSolution {
    let clock = Stopwatch()
    let s = settings
    var cost = TeleportCost()
    var x = start
    var (f, g) = try problem.valueAndGradient(x)
    cost.gradientEvaluations += 1
    let f0 = f
    let s0 = blockSquaredNorm(g)
    var rho = s.initialStepSize
    var trace: [LevelSetIterate] = []
    var steps = 0
    var stop = LevelSetStop.stepLimit

    func finish(_ reason: LevelSetStop) -> LevelSetSolution {
      cost.seconds = clock.elapsedSeconds
      return LevelSetSolution(
        point: x, value: (f0, f), gradientNormSquared: (s0, blockSquaredNorm(g)),
        trace: trace, stepsTaken: steps, stop: reason, cost: cost)
    }
    guard f.isFinite, s0.isFinite, s0 > 0 else { return finish(.nonFinite) }

    for _ in 0..<s.maxSteps {
      let q = try problem.hessianVectorProduct(x, g)  // ∇²f·g
      cost.hessianVectorProducts += 1
      let sNorm = blockSquaredNorm(g)
      let gap = f - f0
      let h = q.map { $0 / sNorm }  // ∇ of ½·log‖∇f‖²
      let hg = blockDot(h, g)
      let residual = blockSquaredNorm(zip(g, h).map { (hg / sNorm) * $0 - $1 })
      trace.append(
        LevelSetIterate(
          gradientNormSquared: sNorm, constraintGap: gap, kktResidual: residual,
          stepSize: rho, gradientEvaluations: cost.gradientEvaluations,
          hessianVectorProducts: cost.hessianVectorProducts))
      if residual <= s.kktTolerance && s.violation(gap) <= s.constraintTolerance {
        stop = .kkt
        break
      }

      let previous = x
      var accepted: (f: Double, g: [Matrix], ratio: Double)?
      for _ in 0..<s.maxBacktracks {
        let lambda = (rho * hg + gap) / sNorm
        let back = s.constraint == .equality || lambda > 0 ? lambda : 0
        let trial = zip(previous, zip(h, g)).map { w, hgPair in w + rho * hgPair.0 - back * hgPair.1
        }
        let (fTrial, gTrial) = try problem.valueAndGradient(trial)
        cost.gradientEvaluations += 1
        guard s.lineSearch else {
          accepted = (fTrial, gTrial, 0)
          x = trial
          break
        }
        let penalty = s.violation(gap)
        var gamma = s.penaltyScale
        // ⟨q,g⟩ = ⟨h,g⟩·s.
        if penalty > 0 { gamma *= hg * sNorm * lambda / (sNorm * sNorm * penalty) }
        let lhs = 0.5 * log(blockSquaredNorm(gTrial)) - gamma * s.violation(fTrial - f0)
        let move = zip(trial, previous).map { $0 - $1 }
        let rhs =
          0.5 * log(sNorm) - (1 - s.sufficientIncrease) * gamma * penalty
          + s.sufficientIncrease * blockDot(h, move) / 2
        if lhs.isFinite, fTrial.isFinite, lhs >= rhs {
          accepted = (fTrial, gTrial, lhs / rhs)
          x = trial
          break
        }
        rho *= s.backtrackFactor
      }
      if let step = accepted {
        (f, g) = (step.f, step.g)
        steps += 1
        if s.lineSearch && step.ratio >= 5 { rho /= s.backtrackFactor }
      } else {
        rho *= pow(1 / s.backtrackFactor, 5)  // stay at w and try a longer step
      }
      if rho <= s.minimumStepSize {
        stop = .stepTooSmall
        break
      }
    }
    return finish(stop)
  }
}

// MARK: - Block vectors

/// Σᵢ ⟨aᵢ, bᵢ⟩ over matching blocks.
func blockDot(_ a: [Matrix], _ b: [Matrix]) -> Double {
  zip(a, b).reduce(0) { $0 + $1.0.dot($1.1) }
}

/// Σᵢ ‖aᵢ‖².
func blockSquaredNorm(_ a: [Matrix]) -> Double {
  a.reduce(0) { $0 + $1.squaredNorm() }
}
