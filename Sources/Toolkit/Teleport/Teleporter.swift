// The teleporter: group action × objective × inner gradient steps on the Lie algebra. Introduced in chapter 01.

import Foundation
import Linear
import Autodiff
import Nets
import Symmetry

/// The knobs of one teleport (`paper.md` §1.4 and §2.6).
public struct TeleportSettings: Sendable {
  /// η_tele: the step on the Lie-algebra element, T ← ±η_tele ∇_T J.
  public var learningRate: Double
  /// Inner gradient steps (the paper's `telestep`, 10).
  public var stepCount: Int
  /// Stop early once J exceeds this (the paper's `dL_dt_cap = 100`); nil for no cap.
  public var objectiveCap: Double?
  /// g = I + T (the paper) or g = exp(T).
  public var parametrisation: LieParametrisation
  /// Roll the teleport back when it changes the batch loss by more than this
  /// (relative); nil accepts every teleport, as the paper does.
  public var acceptanceTolerance: Double?
  /// Our exact pair inputs (the default) or the paper code's stale ones, and
  /// whether the cap also stops a descent (`TeleportConvention`).
  public var convention: TeleportConvention

  /// Settings with the paper's defaults: 10 steps, cap 100, g = I + T, no acceptance test,
  /// and our exact convention.
  public init(
    learningRate: Double, stepCount: Int = 10, objectiveCap: Double? = 100,
    parametrisation: LieParametrisation = .firstOrder, acceptanceTolerance: Double? = nil,
    convention: TeleportConvention = .exact
  ) {
    self.learningRate = learningRate
    self.stepCount = stepCount
    self.objectiveCap = objectiveCap
    self.parametrisation = parametrisation
    self.acceptanceTolerance = acceptanceTolerance
    self.convention = convention
  }
}

/// What a teleport cost, so that time-to-convergence comparisons can count it.
public struct TeleportCost: Sendable, Equatable {
  /// Loss-gradient evaluations.
  public var gradientEvaluations = 0
  /// Hessian-vector products (one per gradient of a gradient).
  public var hessianVectorProducts = 0
  /// Wall-clock seconds.
  public var seconds = 0.0

  public init(gradientEvaluations: Int = 0, hessianVectorProducts: Int = 0, seconds: Double = 0) {
    self.gradientEvaluations = gradientEvaluations
    self.hessianVectorProducts = hessianVectorProducts
    self.seconds = seconds
  }

  public static func + (a: TeleportCost, b: TeleportCost) -> TeleportCost {
    TeleportCost(
      gradientEvaluations: a.gradientEvaluations + b.gradientEvaluations,
      hessianVectorProducts: a.hessianVectorProducts + b.hessianVectorProducts,
      seconds: a.seconds + b.seconds)
  }
}

/// The result of one teleport.
public struct TeleportOutcome: Sendable {
  /// g·w, or the original weights when the teleport was rolled back.
  public let weights: [Matrix]
  /// J before and after.
  public let objective: (before: Double, after: Double)
  /// The loss on the teleport batch before and after.
  public let batchLoss: (before: Double, after: Double)
  /// Inner steps actually taken.
  public let stepsTaken: Int
  /// True when J passed the cap and the teleport stopped early.
  public let stoppedAtCap: Bool
  /// True when the acceptance test rejected the teleport and restored the weights.
  public let rolledBack: Bool
  /// Gradient and HVP evaluations and seconds.
  public let cost: TeleportCost
  /// The composed element g_m = g_m^(s) ⋯ g_m^(1) of each hidden layer over all
  /// inner steps, with the composed inverses (identity when rolled back).
  public let elements: [GroupElement]
  /// The largest condition number κ₁(g) = ‖g‖₁‖g⁻¹‖₁ (g⁻¹ as the action forms it) of one inner step's element,
  /// over the steps formed and the hidden layers (1 when no step was formed, and for
  /// teleporters without a group). A step with a large κ₁ multiplies the rounding
  /// error in the weights by up to κ₁ (chapter 05, "Do the two paths agree?").
  public var largestStepCondition: Double = 1

  /// |Δℒ| / |ℒ| on the teleport batch.
  public var relativeLossChange: Double {
    abs(batchLoss.after - batchLoss.before) / max(abs(batchLoss.before), .leastNormalMagnitude)
  }
}

/// Moves weights along the orbit of a symmetry to raise (or lower) an objective.
///
/// Each inner step re-linearises the group at the current weights: with
/// T_m = 0 for every hidden layer, it computes ∇_T J(g_T·w) through the
/// autodiff (a gradient of a gradient for J = ‖∇ℒ‖²; for that J or the
/// sharpness φ and the actions (A), (B), (B′), (C) and rescaling, under either
/// convention, by the hand-derived fast path, `FastGradientNorm` or
/// `FastSharpness` in `FastTeleportStepper`, which the tests hold to the
/// autodiff one), takes
/// T_m ← ±η_tele ∇_{T_m} J, and moves the weights by g_m = I + T_m (or exp(T_m)).
/// At T = 0 the derivative of g⁻¹ is −T for either inverse rule, so the
/// gradient uses g⁻¹ = I − T and the finite step uses the action's own rule.
///
/// [Zhao et al. 2024]: https://arxiv.org/abs/2305.13404
public struct Teleporter: Sendable {
  /// The symmetry whose orbit we move along.
  public let symmetry: NetworkSymmetry
  /// What we optimise along it.
  public let objective: any TeleportObjective
  /// Step size, step count, cap, parametrisation, acceptance test.
  public let settings: TeleportSettings
  /// The fast path where one applies, or always the reference.
  public let path: TeleportPath

  /// A teleporter.
  public init(
    symmetry: NetworkSymmetry, objective: any TeleportObjective = GradientNormObjective(),
    settings: TeleportSettings, path: TeleportPath = .automatic
  ) {
    self.symmetry = symmetry
    self.objective = objective
    self.settings = settings
    self.path = path
  }

  /// The fast counterparts of the action and the objective when this teleporter
  /// uses the fast path: an action with a hand-derived linearisation
  /// (`FastPairAction`), an objective with a first-layer form (‖∇ℒ‖² or φ,
  /// `FirstLayerForm`), and `path == .automatic`.
  var fastForms: (action: FastPairAction, objective: FirstLayerForm)? {
    guard path == .automatic, let action = FastPairAction(symmetry.action),
      let form = FirstLayerForm(objective)
    else { return nil }
    return (action, form)
  }

  /// True when `teleport` and `objectiveAndGradient` take the fast path for these weights.
  public func usesFastPath(for weights: [Matrix]) -> Bool {
    fastForms != nil && weights.count >= 2
  }

  /// The state the inner loop runs on: the fast one where it applies, the
  /// reference otherwise. `pairInputs` are the paper code's stale pair inputs
  /// (`TeleportConvention.paperCode`), nil for the exact convention; both paths honour them.
  func makeStepper(_ weights: [Matrix], on batch: Batch, pairInputs: [Matrix]? = nil) throws
    -> any TeleportStepper
  {
    if let (action, form) = fastForms, weights.count >= 2 {
      return try FastTeleportStepper(
        action: action,
        objective: form.objective(on: batch, negativeSlope: symmetry.negativeSlope),
        weights: weights, batch: batch, pairInputs: pairInputs,
        negativeSlope: symmetry.negativeSlope)
    }
    return ReferenceTeleportStepper(
      teleporter: self, batch: batch, weights: weights,
      pairInputs: pairInputs)
  }

  /// J at the weights and its gradient with respect to each T_m at T = 0, by the
  /// fast path where it applies (`usesFastPath(for:)`), by the reference otherwise.
  ///
  /// - Parameters:
  ///   - weights: W₁ … W_L.
  ///   - batch: the teleport batch.
  ///   - pairInputs: the paper-code convention's stale pair inputs, or nil (exact).
  ///   - step: the inner step whose random draws J uses (`TeleportObjective.atStep(_:)`).
  /// - Returns: J(w) and ∂J/∂T_m for every hidden layer m (projected onto the group's algebra).
  public func objectiveAndGradient(
    at weights: [Matrix], on batch: Batch, pairInputs: [Matrix]? = nil, step: Int = 0
  ) throws
    -> (value: Double, gradients: [Matrix])
  {
    let (value, gradients) = try makeStepper(weights, on: batch, pairInputs: pairInputs)
      .valueAndGradient(step: step)
    return (value, gradients.map { symmetry.action.projectGenerator($0) })
  }

  /// The reference: J and ∂J/∂T_m at T = 0 through the generic engine (a gradient of a
  /// gradient, `GradientNormObjective.value`), unprojected.
  func referenceObjectiveAndGradient(
    at weights: [Matrix], on batch: Batch, pairInputs: [Matrix]? = nil, step: Int = 0
  ) throws
    -> (value: Double, gradients: [Matrix])
  {
    let sizes = NetworkSymmetry.hiddenSizes(of: weights)
    let ts = sizes.map { Variable(Matrix(rows: $0, columns: $0)) }  // T_m = 0, leaves
    let elements = zip(sizes, ts).map { k, t -> (g: Variable, gInverse: Variable) in
      let identity = Variable(constant: .identity(k))
      return (identity + t, identity - t)
    }
    let moved = try symmetry.transform(
      weights: weights.map { Variable(constant: $0) },
      input: Variable(constant: batch.input), elements: elements,
      pairInputs: pairInputs?.map { Variable(constant: $0) })
    let j = try objective.atStep(step).value(
      weights: moved, batch: batch, negativeSlope: symmetry.negativeSlope)
    let g = gradients(of: j, withRespectTo: ts, createGraph: false)
    return (j.scalarValue, g.map(\.value))
  }

  /// J at the weights, without its gradient, with inner step `step`'s random draws.
  public func objectiveValue(at weights: [Matrix], on batch: Batch, step: Int = 0) throws -> Double
  {
    try objective.atStep(step).value(
      weights: weights.map { Variable($0) }, batch: batch,
      negativeSlope: symmetry.negativeSlope
    ).scalarValue
  }

  /// One teleport: `settings.stepCount` re-linearised gradient steps on the Lie algebra.
  ///
  /// Under `TeleportConvention.paperCode` the pair inputs are computed once from
  /// `weights` and updated by h_m ← g_{m−1} h_m after each step, and the cap
  /// ends the loop in either direction, as in the paper's `teleport()`.
  ///
  /// - Parameters:
  ///   - weights: W₁ … W_L before the teleport.
  ///   - batch: the teleport batch (the actions (B) and (C) are built on it).
  /// - Returns: the moved weights, J and the batch loss before and after, and the cost.
  /// - Throws: `TeleportError` for a negative step count (with no cap it would never stop);
  ///   at the starting weights, when a group element is singular or a pseudo-inverse's Gram
  ///   matrix is.
  public func teleport(_ weights: [Matrix], on batch: Batch) throws -> TeleportOutcome {
    guard settings.stepCount >= 0 else {
      throw TeleportError(
        "Teleporter: stepCount must be ≥ 0, got \(settings.stepCount); use 0 for no inner steps")
    }
    let clockStart = DispatchTime.now().uptimeNanoseconds
    let (gradientCost, hvpCost) = objective.cost
    var cost = TeleportCost()

    let paperCode = settings.convention == .paperCode
    // The paper code's `h_list`: computed once, then moved linearly with each step (the stepper does it).
    var stepper = try makeStepper(
      weights, on: batch,
      pairInputs: paperCode ? symmetry.pairInputs(weights: weights, input: batch.input) : nil)
    let lossBefore = stepper.batchLoss()
    var total = NetworkSymmetry.hiddenSizes(of: weights).map { GroupElement.identity($0) }
    // J at the weights themselves. The loop's first J is at g = I applied to them,
    // which differs for data-dependent actions: (B) at g = I replaces V by VXX⁺.
    let start = try stepper.value(step: 0)
    cost.gradientEvaluations += gradientCost
    var evaluatedAtStart = false  // J (or J and ∇J) was computed at least once in the loop
    var last = 0.0
    var steps = 0
    var stoppedAtCap = false
    var largestStepCondition = 1.0
    let capStops = paperCode || objective.direction == .increase
    do {
      while true {
        if steps == settings.stepCount {
          // Only J is needed after the last step, not its gradient.
          last = try stepper.value(step: steps)
          cost.gradientEvaluations += gradientCost
          evaluatedAtStart = true
          break
        }
        let (j, raw) = try stepper.valueAndGradient(step: steps)
        let gradient = raw.map { symmetry.action.projectGenerator($0) }
        cost.gradientEvaluations += gradientCost
        cost.hessianVectorProducts += hvpCost
        evaluatedAtStart = true
        last = j
        guard j.isFinite else { break }
        if let cap = settings.objectiveCap, capStops, j > cap {
          stoppedAtCap = true
          break
        }
        let elements = try gradient.map { grad in
          try GroupElement(
            generator: objective.direction.sign * settings.learningRate * grad,
            parametrisation: settings.parametrisation,
            inverse: symmetry.action.inverseRule)
        }
        // A step too large for the objective's scale overflows g (exp) or g⁻¹;
        // stop here and let the check below roll the teleport back.
        guard elements.allSatisfy({ $0.matrix.isFinite && $0.inverse.isFinite }) else {
          last = .nan
          break
        }
        for e in elements {
          largestStepCondition = max(
            largestStepCondition, e.matrix.oneNorm() * e.inverse.oneNorm())
        }
        guard try stepper.move(by: elements) else {
          last = .nan
          break
        }
        total = zip(total, elements).map { t, e in
          GroupElement(matrix: e.matrix * t.matrix, inverse: t.inverse * e.inverse)
        }
        steps += 1
      }
    } catch {
      // At the starting weights a failure is the caller's to see; after a step it
      // means the step went too far (a singular g or Gram matrix): roll back.
      if !evaluatedAtStart { throw error }
      last = .nan
    }

    var current = stepper.weights
    var lossAfter = stepper.batchLoss()
    var rolledBack = false
    let change = abs(lossAfter - lossBefore) / max(abs(lossBefore), .leastNormalMagnitude)
    if !lossAfter.isFinite || !last.isFinite
      || settings.acceptanceTolerance.map({ change > $0 }) == true
    {
      rolledBack = true
      current = weights
      total = total.map { GroupElement.identity($0.matrix.rows) }
      lossAfter = lossBefore
    }
    cost.seconds = Double(DispatchTime.now().uptimeNanoseconds - clockStart) / 1e9
    return TeleportOutcome(
      weights: current, objective: (start, rolledBack ? start : last),
      batchLoss: (lossBefore, lossAfter), stepsTaken: steps,
      stoppedAtCap: stoppedAtCap, rolledBack: rolledBack, cost: cost,
      elements: total, largestStepCondition: largestStepCondition)
  }
}
