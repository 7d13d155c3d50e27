// The curvature teleport of the paper's Figure 4: a scalar step along exp(tM) on one layer pair. Introduced in chapter 04.

import Foundation
import Support
import Linear
import Autodiff
import Nets
import Symmetry

/// The derivatives γ′, γ″, γ‴ at t of the curve t ↦ exp(tM)·(U, V) under the
/// paper's code action (C) on one layer pair (`paper.md` §1.3, §2.6):
///
///     V(t) = e^{tM} V,   U(t) = U σ(VX) A(t)⁺,   A(t) = σ(e^{tM} V X).
///
/// V^{(j)} = M^j e^{tM} V. For U we write A⁺ = Aᵀ(AAᵀ)⁻¹ (A is k × batch with
/// k ≤ batch and full row rank), so U = C S with C = Uσ(VX)Aᵀ and
/// S = (AAᵀ)⁻¹, and differentiate the product: S′ = −SG′S,
/// S″ = −SG″S + 2SG′SG′S, S‴ = −SG‴S + 3SG″SG′S + 3SG′SG″S − 6SG′SG′SG′S,
/// with G = AAᵀ. The LeakyReLU mask σ′ is constant in t except where an entry
/// of e^{tM}VX crosses zero, so A^{(j)} = σ′ ⊙ (M^j e^{tM} V X).
///
/// - Parameters:
///   - u: U, n_out × k.
///   - v: V, k × n_in.
///   - x: the pair's input, n_in × batch.
///   - generator: M, k × k.
///   - t: where on the curve.
///   - negativeSlope: the LeakyReLU slope.
/// - Returns: [γ′, γ″, γ‴], each as (U-part, V-part).
/// - Throws: `LinearAlgebraError` when A(t) has not full row rank (batch < k, or a degenerate layer).
public func projectedCurveDerivatives(
  u: Matrix, v: Matrix, input x: Matrix, generator m: Matrix, t: Double,
  negativeSlope: Double = defaultNegativeSlope
) throws -> [(u: Matrix, v: Matrix)] {
  let g = try matrixExponential(t * m)  // [k, k]
  let vx = matmul(v, x)  // [k, batch]
  let b = matmul(u, leakyReLU(vx, negativeSlope: negativeSlope))  // Uσ(VX), [n_out, batch]
  var p = [matmul(g, vx)]  // P^{(j)} = M^j e^{tM} VX
  var vj = [matmul(g, v)]  // V^{(j)}
  for j in 1...3 {
    p.append(matmul(m, p[j - 1]))
    vj.append(matmul(m, vj[j - 1]))
  }
  let mask = leakyReLUDerivative(p[0], negativeSlope: negativeSlope)
  let a = [leakyReLU(p[0], negativeSlope: negativeSlope)] + (1...3).map { mask .* p[$0] }
  // A^(i) A^(j)ᵀ, [k, k].
  func outer(_ i: Int, _ j: Int) -> Matrix { matmul(a[i], a[j], transposeB: .transposed) }
  let g0 = outer(0, 0)
  let g1 = outer(1, 0) + outer(0, 1)
  let g2 = outer(2, 0) + 2 * outer(1, 1) + outer(0, 2)
  let g3 = outer(3, 0) + 3 * (outer(2, 1) + outer(1, 2)) + outer(0, 3)
  let s = try inverse(g0)
  let sg1s = s * g1 * s, sg2s = s * g2 * s
  let s1 = -sg1s
  let s2 = -sg2s + 2 * (sg1s * g1 * s)
  let s3 = -(s * g3 * s) + 3 * (sg2s * g1 * s + sg1s * g2 * s) - 6 * (sg1s * g1 * sg1s)
  let c = (0...3).map { matmul(b, a[$0], transposeB: .transposed) }  // C^{(j)}, [n_out, k]
  let u1 = c[1] * s + c[0] * s1
  let u2 = c[2] * s + 2 * (c[1] * s1) + c[0] * s2
  let u3 = c[3] * s + 3 * (c[2] * s1) + 3 * (c[1] * s2) + c[0] * s3
  return [(u1, vj[1]), (u2, vj[2]), (u3, vj[3])]
}

/// The curvature κ of a curve and its derivative dκ/dt, from γ′, γ″, γ‴.
///
/// With a = ‖γ′‖², b = ‖γ″‖², c = γ′·γ″ and N = ab − c², κ = √N / a^{3/2};
/// a′ = 2c, b′ = 2γ″·γ‴, c′ = b + γ′·γ‴, N′ = a′b + ab′ − 2cc′, and
/// κ′ = N′ / (2√N a^{3/2}) − (3/2)√N a′ / a^{5/2}.
///
/// - Parameter derivatives: [γ′, γ″, γ‴], each a list of matrices of matching shapes.
/// - Returns: κ and dκ/dt.
public func curvatureAndRate(_ derivatives: [[Matrix]]) -> (curvature: Double, rate: Double) {
  require(
    derivatives.count == 3,
    "curvatureAndRate: needs γ′, γ″ and γ‴, got \(derivatives.count) derivatives")
  func dot(_ i: Int, _ j: Int) -> Double {
    zip(derivatives[i], derivatives[j]).reduce(0) { $0 + $1.0.dot($1.1) }
  }
  let (a, b, c) = (dot(0, 0), dot(1, 1), dot(0, 1))
  let (a1, b1, c1) = (2 * c, 2 * dot(1, 2), b + dot(0, 2))
  let n = max(a * b - c * c, 0)
  let n1 = a1 * b + a * b1 - 2 * c * c1
  let root = n.squareRoot(), a32 = a * a.squareRoot()
  return (root / a32, n1 / (2 * root * a32) - 1.5 * root * a1 / (a32 * a))
}

/// What one curvature teleport did.
public struct CurvatureTeleportOutcome: Sendable {
  /// The weights after the teleport.
  public let weights: [Matrix]
  /// κ of the (C) curve at the start of each step along that step's M, and
  /// after the last step along the last M (NaN when it cannot be measured).
  public let curvatures: [Double]
  /// The steps t taken along each random direction.
  public let steps: [Double]
  /// Steps skipped because exp(tM) or the moved weights were not finite, or
  /// σ(VX) had lost full row rank so that κ could not be measured.
  public let rejectedSteps: Int
  /// The loss on the teleport batch before and after.
  public let batchLoss: (before: Double, after: Double)
  /// Wall-clock seconds.
  public let seconds: Double
}

/// The curvature teleport of the paper's Figure 4 (`paper.md` §2.6): on one
/// layer pair (the second, by default), draw M with entries uniform in [0, 1)
/// (not normalised), compute the curvature κ(t) of t ↦ exp(tM)·w under action
/// (C) and its rate dκ/dt at t = 0, take t = ±η·dκ/dt, and move the pair by
/// exp(tM); repeat `stepCount` times with a fresh M.
///
/// Why a separate type and not a `TeleportObjective` for `Teleporter`: the
/// teleporter steps on a matrix T_m for every hidden layer with g = I + T (or
/// exp(T)), and its objective is a function of the weights. Here the unknown
/// is one scalar t along a random direction M of one layer pair, the group
/// element is exp(tM), and the objective is a property of the curve through
/// w (it needs γ′, γ″, γ‴ in t), not of the weights alone.
///
/// This κ is not the ψ of Table 1: that uses action (B), every layer pair
/// and normalised M (`paper.md` §6 item 7). Chapter 04 measures both.
public struct CurvatureTeleporter: Sendable {
  /// Raise or lower κ.
  public let direction: TeleportDirection
  /// η: t = ±η·dκ/dt.
  public let learningRate: Double
  /// Random directions tried one after the other (the paper's `telestep`, 1).
  public let stepCount: Int
  /// The layer pair moved: pair m is (W_{m+2}, W_{m+1}); the paper uses 1.
  public let layerPair: Int
  /// The network's LeakyReLU slope.
  public let negativeSlope: Double

  /// A curvature teleporter.
  ///
  /// - Parameters:
  ///   - direction: raise or lower κ.
  ///   - learningRate: η.
  ///   - stepCount: steps per teleport (1 in the paper).
  ///   - layerPair: which pair moves (1 in the paper, the second).
  ///   - negativeSlope: the network's LeakyReLU slope.
  public init(
    direction: TeleportDirection, learningRate: Double, stepCount: Int = 1,
    layerPair: Int = 1, negativeSlope: Double = defaultNegativeSlope
  ) {
    self.direction = direction
    self.learningRate = learningRate
    self.stepCount = stepCount
    self.layerPair = layerPair
    self.negativeSlope = negativeSlope
  }

  /// The curvature κ and its rate dκ/dt at t = 0 along M for the weights on a batch.
  ///
  /// - Parameters:
  ///   - weights: W₁ … W_L.
  ///   - generator: M, k × k for the pair's hidden layer.
  ///   - x: the batch input.
  /// - Returns: κ(0) and κ′(0).
  public func curvatureAndRate(weights: [Matrix], generator: Matrix, input x: Matrix) throws
    -> (curvature: Double, rate: Double)
  {
    try checkPair(weights)
    let h = MLP(weights: weights, negativeSlope: negativeSlope).activations(x)[layerPair]
    let d = try projectedCurveDerivatives(
      u: weights[layerPair + 1], v: weights[layerPair], input: h,
      generator: generator, t: 0, negativeSlope: negativeSlope)
    return Teleport.curvatureAndRate(d.map { [$0.u, $0.v] })
  }

  /// One curvature teleport.
  ///
  /// - Parameters:
  ///   - weights: W₁ … W_L.
  ///   - batch: the teleport batch.
  ///   - rng: draws the random directions M.
  /// - Returns: the moved weights, κ along the way, the steps and the loss change.
  /// - Throws: when σ(VX) lacks full row rank (batch smaller than the hidden width).
  public func teleport(_ weights: [Matrix], on batch: Batch, using rng: inout SplitMix64) throws
    -> CurvatureTeleportOutcome
  {
    let clock = Stopwatch()
    try checkPair(weights)
    let lossBefore = MLP(weights: weights, negativeSlope: negativeSlope).loss(on: batch)
    var current = weights
    var curvatures: [Double] = []
    var steps: [Double] = []
    var rejected = 0
    let k = weights[layerPair].rows
    var m = Matrix.uniform(k, k, using: &rng)
    for step in 0..<stepCount {
      if step > 0 { m = Matrix.uniform(k, k, using: &rng) }
      // A degenerate hidden layer (σ(VX) without full row rank) has no (C) curve to measure.
      guard
        let (kappa, rate) = try? curvatureAndRate(
          weights: current, generator: m, input: batch.input)
      else {
        rejected += 1
        continue
      }
      curvatures.append(kappa)
      let t = direction.sign * learningRate * rate
      // A step too long for exp(tM) (κ′ can be large where γ′ is short)
      // overflows g or the pseudo-inverse; such a step is skipped, not taken.
      guard t.isFinite, abs(t) * m.norm() < CurvatureTeleporter.largestExponent else {
        rejected += 1
        continue
      }
      guard let g = try? matrixExponential(t * m), g.isFinite else {
        rejected += 1
        continue
      }
      let h = MLP(weights: current, negativeSlope: negativeSlope).activations(batch.input)[
        layerPair]
      // A non-finite gVX would make the pseudo-inverse throw; rejecting it here is cheaper.
      guard matmul(g, matmul(current[layerPair], h)).isFinite else {
        rejected += 1
        continue
      }
      let moved = try? ProjectedAction().transform(
        u: Variable(constant: current[layerPair + 1]), v: Variable(constant: current[layerPair]),
        input: Variable(constant: h), g: Variable(constant: g),
        gInverse: Variable(constant: try matrixExponential(-t * m)), negativeSlope: negativeSlope)
      guard let (u, v) = moved, u.value.isFinite, v.value.isFinite else {
        rejected += 1
        continue
      }
      steps.append(t)
      current[layerPair] = v.value
      current[layerPair + 1] = u.value
    }
    // κ after the move, along the last direction.
    let last = try? curvatureAndRate(weights: current, generator: m, input: batch.input)
    curvatures.append(last?.curvature ?? .nan)
    let lossAfter = MLP(weights: current, negativeSlope: negativeSlope).loss(on: batch)
    return CurvatureTeleportOutcome(
      weights: current, curvatures: curvatures, steps: steps, rejectedSteps: rejected,
      batchLoss: (lossBefore, lossAfter), seconds: clock.elapsedSeconds)
  }

  /// The longest step ‖tM‖_F taken: e^700 ≈ 1e304 is near the top of `Double`
  /// (e^709.8), so a longer step would overflow exp(tM) or its pseudo-inverse.
  static let largestExponent = 700.0

  private func checkPair(_ weights: [Matrix]) throws {
    guard layerPair >= 0, layerPair + 1 < weights.count else {
      throw TeleportError(
        "CurvatureTeleporter: layer pair \(layerPair) needs at least \(layerPair + 2) weight matrices, "
          + "the network has \(weights.count); choose a pair between 0 and \(max(weights.count - 2, 0))"
      )
    }
  }
}

/// A teleport asked for something the network cannot give.
public struct TeleportError: Error, CustomStringConvertible {
  /// What went wrong and how to fix it.
  public let description: String
  /// An error with its message.
  public init(_ description: String) { self.description = description }
}
