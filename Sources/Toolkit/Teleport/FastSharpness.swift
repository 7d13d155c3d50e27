// The sharpness objective φ and its gradient by hand, with every direction's D₁X in one product. Introduced in the appendix (A-toolkit).

import Foundation
import Support
import Linear
import Autodiff
import Nets

/// J = scale · mean_{r, d} ℒ(w + r·d) of `SharpnessObjective` and its gradient,
/// written out by hand: the fast path the teleporter takes for the sharpness
/// teleport (the generic engine's graph, `SharpnessObjective.value`, is the
/// reference it is tested against).
///
/// **Where the time goes.** Each perturbed network's first pre-activation is
/// (W₁ + rD₁)X = Z₁ + r·D₁X. Z₁ is shared by every direction and kept by the
/// stepper; D₁X is not, and it is almost all of the work: for the paper's
/// Figure 4 (900 directions, a batch of 2000, d₀ = 784, d₁ = 16) it is
/// 900·16·784·2000 ≈ 2.3·10¹⁰ multiply-adds per evaluation, against about
/// 1.4·10⁹ for everything after the first layer (forward and backward). So the directions are drawn
/// `chunkSize` at a time (in the reference's order, from the same generator)
/// and their D₁ stacked into one [c·d₁, d₀] matrix, so that one product with X
/// gives all their D₁X at the rate of a large matrix product instead of c
/// thin ones.
///
/// **Gradient.** D is held fixed while T moves, so for each perturbation the
/// gradient is ordinary backpropagation at the perturbed weights W̃ᵢ = Wᵢ + rDᵢ:
/// δ_L = ∂ℓ/∂Z_L, W̄ᵢ += δᵢH̃ᵢ₋₁ᵀ, δᵢ₋₁ = (W̃ᵢᵀδᵢ) ⊙ σ′(Z̃ᵢ₋₁), and Z̄₁ += δ₁
/// (∂Z̃₁/∂Z₁ = I); the sums are scaled by scale / (number of perturbations).
struct FastSharpness: FirstLayerObjective {
  let objective: SharpnessObjective
  let input: Matrix
  let targets: Targets
  let negativeSlope: Double

  /// Directions whose D₁X one product forms: enough rows (c·d₁) for the product to
  /// run at the BLAS kernel's large-matrix rate, few enough that c·d₁ × b stays small
  /// (32 · 16 · 2000 doubles = 8 MB for Figure 4).
  static let chunkSize = 32

  init(objective: SharpnessObjective, batch: Batch, negativeSlope: Double) {
    self.objective = objective
    input = batch.input
    targets = batch.targets
    self.negativeSlope = negativeSlope
  }

  func value(firstPreactivation z1: Matrix, weights: [Matrix], step: Int) -> Double {
    evaluate(z1: z1, weights: weights, step: step, withGradient: false).value
  }

  func valueAndGradient(firstPreactivation z1: Matrix, weights: [Matrix], step: Int)
    -> (value: Double, firstPreactivation: Matrix, weights: [Matrix])
  {
    evaluate(z1: z1, weights: weights, step: step, withGradient: true)
  }

  private func evaluate(z1: Matrix, weights: [Matrix], step: Int, withGradient: Bool)
    -> (value: Double, firstPreactivation: Matrix, weights: [Matrix])
  {
    let layers = weights.count
    require(layers >= 2, "FastSharpness: needs at least one hidden layer, got \(layers) weights")
    var rng = objective.drawing(step: step).directionGenerator()
    let radii = objective.radii.flatMap {
      repeatElement($0, count: objective.directionsPerRadius)
    }
    let (d1, d0) = (weights[0].rows, weights[0].columns)
    var total = 0.0
    var z1Bar = Matrix(rows: z1.rows, columns: z1.columns)
    var weightBar = weights.enumerated().map { i, w in
      i == 0 ? Matrix(rows: 0, columns: 0) : Matrix(rows: w.rows, columns: w.columns)
    }
    for start in stride(from: 0, to: radii.count, by: Self.chunkSize) {
      let chunk = radii[start..<min(start + Self.chunkSize, radii.count)]
      // Draw the chunk's directions in the reference's order; stack their D₁.
      var firstLayers: [Double] = []
      firstLayers.reserveCapacity(chunk.count * d1 * d0)
      var perturbedLater: [[Matrix]] = []  // W̃ᵢ = Wᵢ + rDᵢ for i ≥ 2
      for r in chunk {
        let d = randomPositiveDirection(shapedLike: weights, using: &rng)
        firstLayers.append(contentsOf: d[0].scalars)
        perturbedLater.append((1..<layers).map { weights[$0] + r * d[$0] })
      }
      let stacked = Matrix(rows: chunk.count * d1, columns: d0, scalars: firstLayers)
      let shifts = matmul(stacked, input)  // [c·d₁, b]: every direction's D₁X
      for (n, r) in chunk.enumerated() {
        let block = n * d1 * input.columns
        var z = z1
        z.scalars.withUnsafeMutableBufferPointer { out in
          shifts.scalars.withUnsafeBufferPointer { s in
            for k in 0..<out.count { out[k] += r * s[block + k] }  // Z₁ + r·D₁X
          }
        }
        let w = [weights[0]] + perturbedLater[n]
        let (loss, grads) = backpropagate(z1: z, weights: w, withGradient: withGradient)
        total += loss
        guard withGradient else { continue }
        z1Bar += grads[0]
        for i in 1..<layers { weightBar[i] += grads[i] }
      }
    }
    let factor = objective.scale / Double(radii.count)
    guard withGradient else { return (factor * total, z1Bar, weightBar) }
    return (factor * total, factor * z1Bar, weightBar.map { factor * $0 })
  }

  /// ℒ at the network with first pre-activation `z1` and weights W₂ … W_L, and
  /// (with `withGradient`) ∂ℒ/∂Z₁ followed by ∂ℒ/∂Wᵢ for i ≥ 2 (entry 0 is ∂ℒ/∂Z₁).
  private func backpropagate(z1: Matrix, weights: [Matrix], withGradient: Bool)
    -> (loss: Double, gradients: [Matrix])
  {
    let slope = negativeSlope
    var pre = [z1]
    var post: [Matrix] = []
    for i in 1..<weights.count {
      post.append(leakyReLU(pre[i - 1], negativeSlope: slope))
      pre.append(matmul(weights[i], post[i - 1]))  // [dᵢ₊₁, b]
    }
    let (loss, logitGradient) = lossAndLogitGradient(
      logits: pre[pre.count - 1], targets: targets, withGradient: withGradient)
    guard withGradient, var delta = logitGradient else { return (loss, []) }
    var gradients = [Matrix](repeating: Matrix(rows: 0, columns: 0), count: weights.count)
    for i in stride(from: weights.count - 1, through: 1, by: -1) {
      gradients[i] = matmul(delta, post[i - 1], transposeB: .transposed)  // [dᵢ₊₁, dᵢ]
      delta = matmul(weights[i], delta, transposeA: .transposed)  // [dᵢ, b]
      pre[i - 1].scalars.withUnsafeBufferPointer { z in
        delta.scalars.withUnsafeMutableBufferPointer { d in
          for k in 0..<d.count where !(z[k] > 0) { d[k] *= slope }  // ⊙ σ′(Zᵢ)
        }
      }
    }
    gradients[0] = delta
    return (loss, gradients)
  }
}

/// The batch loss at the logits and, with `withGradient`, ∂ℒ/∂Z_L: the mean
/// cross-entropy with gradient (softmax − onehot)/b, or ½‖Z_L − Y‖² with
/// gradient Z_L − Y; the same loss as `Batch.loss`. One exponential per logit:
/// for column j with largest logit m and S = Σᵢ e^{zᵢ − m}, the loss is
/// m + log S − z_label and the softmax is e^{zᵢ − m}/S.
func lossAndLogitGradient(logits: Matrix, targets: Targets, withGradient: Bool)
  -> (loss: Double, gradient: Matrix?)
{
  switch targets {
  case .values(let y):
    let residual = logits - y
    return (0.5 * residual.squaredNorm(), withGradient ? residual : nil)
  case .labels(let labels):
    let (rows, columns) = (logits.rows, logits.columns)
    require(
      labels.count == columns, "lossAndLogitGradient: \(labels.count) labels for \(columns) columns"
    )
    let b = Double(columns)
    var loss = 0.0
    var gradient = withGradient ? Matrix(rows: rows, columns: columns) : Matrix(rows: 0, columns: 0)
    var column = [Double](repeating: 0, count: rows)
    logits.scalars.withUnsafeBufferPointer { z in
      gradient.scalars.withUnsafeMutableBufferPointer { d in
        for j in 0..<columns {
          var top = -Double.infinity
          for i in 0..<rows { top = max(top, z[i * columns + j]) }
          var total = 0.0
          for i in 0..<rows {
            column[i] = Foundation.exp(z[i * columns + j] - top)
            total += column[i]
          }
          loss += top + Foundation.log(total) - z[labels[j] * columns + j]
          guard withGradient else { continue }
          let scale = 1 / (total * b)
          for i in 0..<rows { d[i * columns + j] = column[i] * scale }
          d[labels[j] * columns + j] -= 1 / b
        }
      }
    }
    return (loss / b, withGradient ? gradient : nil)
  }
}
