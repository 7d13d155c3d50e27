// The per-teleport state the teleporter's inner loop runs on: the reference path and the fast one. Introduced in the appendix (A-toolkit).

import Linear
import Nets
import Symmetry

/// Which implementation of ∇_T J a teleporter uses.
public enum TeleportPath: String, Sendable {
  /// The fast path where one exists (J = ‖∇ℒ‖² or the sharpness φ, with actions
  /// (A), (B), (B′), (C), rescaling, or their orthogonal subgroups, under either
  /// convention), the reference path elsewhere.
  case automatic
  /// Always the generic autodiff graph: the readable reference.
  case reference
}

/// What one teleport's inner loop needs: J, ∇_T J at T = 0 and a finite step,
/// on state that persists across the inner steps.
///
/// `Teleporter.teleport` is written once against this protocol; the reference
/// stepper re-derives everything from the weights at each step, the fast one
/// keeps per-teleport work (the Gram matrix, W₁X, X⁺, stale pair inputs) between steps.
protocol TeleportStepper {
  /// The current weights W₁ … W_L.
  var weights: [Matrix] { get }
  /// The loss on the teleport batch at the current weights.
  func batchLoss() -> Double
  /// J at the current weights, as evaluated at inner step `step` (`TeleportObjective.atStep(_:)`).
  func value(step: Int) throws -> Double
  /// J at g = I applied to the current weights, and ∂J/∂T_m at T = 0 (unprojected), at inner step `step`.
  func valueAndGradient(step: Int) throws -> (value: Double, gradients: [Matrix])
  /// Moves the weights by one element per hidden layer; false (and no change)
  /// when the result is not finite.
  mutating func move(by elements: [GroupElement]) throws -> Bool
}

/// The reference: the generic engine's graph for ∇_T J, `NetworkSymmetry.apply` for the step.
///
/// Under `TeleportConvention.paperCode` it carries the paper code's stale pair inputs:
/// computed once from the starting weights, then moved by h_m ← g_{m−1} h_m after each step.
struct ReferenceTeleportStepper: TeleportStepper {
  let teleporter: Teleporter
  let batch: Batch
  var weights: [Matrix]
  /// The paper code's pair inputs (nil for `exact`: each pair sees σ(W′h)).
  var pairInputs: [Matrix]?

  func batchLoss() -> Double {
    MLP(weights: weights, negativeSlope: teleporter.symmetry.negativeSlope).loss(on: batch)
  }

  func value(step: Int) throws -> Double {
    try teleporter.objectiveValue(at: weights, on: batch, step: step)
  }

  func valueAndGradient(step: Int) throws -> (value: Double, gradients: [Matrix]) {
    try teleporter.referenceObjectiveAndGradient(
      at: weights, on: batch, pairInputs: pairInputs, step: step)
  }

  mutating func move(by elements: [GroupElement]) throws -> Bool {
    let moved = try teleporter.symmetry.apply(
      elements, to: weights, input: batch.input,
      pairInputs: pairInputs)
    guard moved.allSatisfy(\.isFinite) else { return false }
    weights = moved
    if var inputs = pairInputs {
      for m in 1..<inputs.count { inputs[m] = elements[m - 1].matrix * inputs[m] }  // [k_m, batch]
      pairInputs = inputs
    }
    return true
  }
}

/// The fast path (`FastPairAction` for the action, a `FirstLayerObjective` for J:
/// ‖∇ℒ‖² or the sharpness φ), under either convention.
///
/// Per teleport it forms what the objective needs once (G = XᵀX for ‖∇ℒ‖²; for
/// (B), X⁺ and P = X⁺X), and keeps Z₁ = W₁X up to date through the steps
/// (Z₁ ← gZ₁ for (A) and (C), MP for (B)), so the inner loop never multiplies by
/// the 784-wide input except to move W₁ itself (k²·d₀ flops for gW₁) and, for φ,
/// to form each random direction's D₁X.
///
/// The conventions differ only in pair m's input for m ≥ 1:
/// - `exact`: h_m = σ(Z′), the moved network's own activation, so ∇_T J also
///   flows through it into the earlier pairs' T;
/// - `paperCode`: the stale `pairInputs[m]`, a constant within a step (no
///   gradient flows through it), moved by h_m ← g_{m−1}h_m after each step, as
///   `ReferenceTeleportStepper` does.
struct FastTeleportStepper: TeleportStepper {
  let action: FastPairAction
  let objective: any FirstLayerObjective
  let batch: Batch
  let negativeSlope: Double
  /// X⁺ and P = X⁺X, for (B) only.
  let inputPseudoInverse: Matrix?, projector: Matrix?
  private(set) var weights: [Matrix]
  /// Z₁ = W₁X.
  private var firstPreactivation: Matrix
  /// The paper code's stale pair inputs (nil for `exact`); entry 0 is X and never moves.
  private var pairInputs: [Matrix]?

  init(
    action: FastPairAction, objective: any FirstLayerObjective, weights: [Matrix],
    batch: Batch, pairInputs: [Matrix]?, negativeSlope: Double
  ) throws {
    let x = batch.input
    self.action = action
    self.objective = objective
    self.batch = batch
    self.negativeSlope = negativeSlope
    self.weights = weights
    self.pairInputs = pairInputs
    if action == .leaky {
      let xPlus = try pseudoInverse(x)  // [b, d₀]
      inputPseudoInverse = xPlus
      projector = matmul(xPlus, x)  // [b, b]
    } else {
      (inputPseudoInverse, projector) = (nil, nil)
    }
    firstPreactivation = matmul(weights[0], x)  // [d₁, b]
  }

  /// From Z₁ = W₁X, without the 784-wide product.
  func batchLoss() -> Double {
    var h = firstPreactivation
    for w in weights.dropFirst() { h = matmul(w, leakyReLU(h, negativeSlope: negativeSlope)) }
    return batch.loss(h)
  }

  func value(step: Int) throws -> Double {
    objective.value(firstPreactivation: firstPreactivation, weights: weights, step: step)
  }

  func valueAndGradient(step: Int) throws -> (value: Double, gradients: [Matrix]) {
    let pairs = weights.count - 1
    let slope = negativeSlope
    // Forward at g = I, pair by pair, keeping what the pull-back needs.
    var w = weights
    var z1 = firstPreactivation
    var records: [FastPairRecord] = []
    var nextMasks: [Matrix] = []  // σ′(Z′) of Z′ = V′h_m, whose σ is pair m + 1's input (exact)
    var h: Matrix?
    for m in 0..<pairs {
      let first = m == 0
      if !first, let stale = pairInputs { h = stale[m] }
      let z = first ? z1 : matmul(w[m], h!)
      let (v, u, record) = try action.atIdentity(
        u: w[m + 1], v: first ? nil : w[m], input: h, z: z, projector: first ? projector : nil,
        negativeSlope: slope)
      if first { z1 = v } else { w[m] = v }
      w[m + 1] = u
      records.append(record)
      // Pair m + 1's input σ(Z′), Z′ = V′h_m, and σ′(Z′) for the pull-back, under `exact`
      // only: the paper code's next pair reads its stale input, and nothing flows back.
      guard pairInputs == nil else { continue }
      // (A) and (C) leave V (or Z₁) as it was at g = I, so Z′ = Z and σ(Z′) is the
      // record's A; (B) replaces V by Mh⁺ and Z′ must be formed.
      if action == .leaky {
        let next = first ? z1 : matmul(w[m], h!)
        nextMasks.append(leakyReLUDerivative(next, negativeSlope: slope))
        h = leakyReLU(next, negativeSlope: slope)
      } else {
        nextMasks.append(record.mask)
        h = record.a
      }
    }
    let (value, z1Bar, wBar) = objective.valueAndGradient(
      firstPreactivation: z1, weights: w, step: step)
    // Pull back, last pair first.
    var tBars = [Matrix](repeating: Matrix(rows: 0, columns: 0), count: pairs)
    var uBar = wBar[pairs]
    var hBar: Matrix?  // cotangent of pair m + 1's input (exact convention only)
    for m in stride(from: pairs - 1, through: 0, by: -1) {
      let first = m == 0
      var vBar = first ? z1Bar : wBar[m]
      var inputBar: Matrix?
      if let hb = hBar {
        // h_{m+1} = σ(Z′), Z′ = V′h_m (the first pair: Z′ = Z₁′ itself).
        let zb = hb .* nextMasks[m]
        if first {
          vBar += zb
        } else {
          vBar += matmul(zb, records[m].input, transposeB: .transposed)
          inputBar = matmul(w[m], zb, transposeA: .transposed)
        }
      }
      let (t, v, input) = action.pullback(
        records[m], vBar: vBar, uBar: uBar,
        projector: first ? projector : nil)
      tBars[m] = t
      if let v { uBar = v }
      // A stale input is a constant: nothing flows back through it.
      if pairInputs == nil, let input { hBar = inputBar.map { $0 + input } ?? input }
    }
    return (value, tBars)
  }

  mutating func move(by elements: [GroupElement]) throws -> Bool {
    var w = weights
    var z1 = firstPreactivation
    var h: Matrix?
    for m in 0..<(w.count - 1) {
      let first = m == 0
      if !first, let stale = pairInputs { h = stale[m] }
      let z = first ? z1 : matmul(w[m], h!)
      let moved = try action.apply(
        elements[m], u: w[m + 1], v: w[m], input: h, z: z,
        inputPseudoInverse: first ? inputPseudoInverse : nil,
        projector: first ? projector : nil, negativeSlope: negativeSlope)
      (w[m], w[m + 1]) = (moved.v, moved.u)
      if first { z1 = moved.z }
      h = leakyReLU(moved.z, negativeSlope: negativeSlope)
    }
    guard w.allSatisfy(\.isFinite), z1.isFinite else { return false }
    (weights, firstPreactivation) = (w, z1)
    if var inputs = pairInputs {
      for m in 1..<inputs.count { inputs[m] = elements[m - 1].matrix * inputs[m] }  // [k_m, batch]
      pairInputs = inputs
    }
    return true
  }
}
