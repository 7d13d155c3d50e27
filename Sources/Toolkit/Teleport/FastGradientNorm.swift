// ‖∇ℒ‖² and its gradient by hand, from the first layer's pre-activation and the batch's Gram matrix. Introduced in the appendix (A-toolkit).

import Foundation
import Support
import Linear
import Autodiff
import Nets

/// J = ‖∇_W ℒ‖² of a bias-free MLP and the gradient of J, written out by hand:
/// the fast path of `GradientNormObjective` (the generic engine's graph is the
/// reference it is tested against).
///
/// **The key identity.** With one sample per column, the first layer sees the
/// input X (d₀ × b, d₀ = 784 for MNIST) only through its pre-activation
/// Z₁ = W₁X and through ∂ℒ/∂W₁ = δ₁Xᵀ, whose squared norm is
///
///     ‖δ₁Xᵀ‖²_F = tr(δ₁ XᵀX δ₁ᵀ) = ⟨δ₁, δ₁G⟩,   G = XᵀX  (b × b).
///
/// So J is a function F(Z₁, W₂, …, W_L) of the small matrices alone once G is
/// known; G is formed once per teleport batch (a symmetric rank-k update,
/// `BLAS.gramOfColumns`) and no product with the 784-wide input is left in the
/// inner loop. Every W₁-shaped quantity J needs has a Z₁-shaped stand-in:
/// a change dW₁ enters only as dZ₁ = dW₁X.
///
/// **Forward and backward** (σ = LeakyReLU, sᵢ = σ′(Zᵢ) its 0/1-like mask,
/// H₀ = X, Hᵢ = σ(Zᵢ), Zᵢ = WᵢHᵢ₋₁ for i ≥ 2, logits Z_L):
///
///     δ_L = ∂ℒ/∂Z_L,   δᵢ = (Wᵢ₊₁ᵀδᵢ₊₁) ⊙ sᵢ,   Γᵢ = δᵢHᵢ₋₁ᵀ (i ≥ 2),
///     J = ⟨δ₁, δ₁G⟩ + Σ_{i≥2} ‖Γᵢ‖².
///
/// **The gradient of J** is the reverse pass of that backward pass (a Hessian-
/// vector product ∇²ℒ·∇ℒ, written for this network). Bars are cotangents:
///
///     δ̄₁ = 2δ₁G;   δ̄ᵢ = 2ΓᵢHᵢ₋₁,  H̄ᵢ₋₁ = 2Γᵢᵀδᵢ  (i ≥ 2);
///     for i = 1 … L−1:  qᵢ = δ̄ᵢ ⊙ sᵢ,  W̄ᵢ₊₁ += δᵢ₊₁qᵢᵀ,  δ̄ᵢ₊₁ += Wᵢ₊₁qᵢ;
///     Z̄_L = ∇²ℓ(Z_L)·δ̄_L   (column j: (p⊙u − p pᵀu)/b for the mean cross-entropy,
///                             with p = softmax, u = δ̄_L[:, j]; u itself for ½‖Z_L − Y‖²);
///     for i = L … 2:  W̄ᵢ += Z̄ᵢHᵢ₋₁ᵀ,  H̄ᵢ₋₁ += WᵢᵀZ̄ᵢ,  Z̄ᵢ₋₁ = H̄ᵢ₋₁ ⊙ sᵢ₋₁.
///
/// The masks are constant almost everywhere (σ″ = 0), so no term comes from
/// differentiating them. The result is (Z̄₁, W̄₂, …, W̄_L); the gradient with
/// respect to W₁ would be Z̄₁Xᵀ, which the teleport never needs (`FastPairAction`
/// pulls Z̄₁ back to the Lie algebra directly).
///
/// - Complexity: per call, about 2·k₁·b² flops for δ₁G plus products of the
///   hidden and output widths with b; nothing scales with d₀.
public enum FastGradientNorm {
  /// J and its gradient with respect to (Z₁, W₂, …, W_L).
  ///
  /// - Parameters:
  ///   - z1: Z₁ = W₁X, [d₁, b].
  ///   - weights: W₁ … W_L; W₁ itself is not read (only its shape's successor chain).
  ///   - gram: G = XᵀX, [b, b].
  ///   - targets: the batch's labels or regression targets.
  ///   - negativeSlope: the LeakyReLU slope.
  /// - Returns: J, Z̄₁ and W̄ (W̄[0] is empty; W̄[i] for i ≥ 1 has Wᵢ₊₁'s shape).
  public static func valueAndGradient(
    firstPreactivation z1: Matrix, weights: [Matrix], gram: Matrix,
    targets: Targets, negativeSlope slope: Double
  )
    -> (value: Double, firstPreactivation: Matrix, weights: [Matrix])
  {
    let layers = weights.count
    let pass = forward(z1: z1, weights: weights, targets: targets, slope: slope)
    let (post, masks, delta) = (pass.post, pass.masks, pass.delta)
    // J and the cotangents that J puts on δᵢ and Hᵢ₋₁ directly.
    let deltaGram = matmul(delta[0], gram)  // [d₁, b]
    var value = delta[0].dot(deltaGram)
    var deltaBar = [2 * deltaGram]
    var postBar = [Matrix](repeating: Matrix(rows: 0, columns: 0), count: layers)
    for i in 1..<layers {
      let gamma = matmul(delta[i], post[i - 1], transposeB: .transposed)  // [dᵢ₊₁, dᵢ] = ∂ℒ/∂Wᵢ₊₁
      value += gamma.squaredNorm()
      deltaBar.append(2 * matmul(gamma, post[i - 1]))  // [dᵢ₊₁, b]
      postBar[i - 1] = 2 * matmul(gamma, delta[i], transposeA: .transposed)  // [dᵢ, b]
    }
    // Reverse of the backward recurrence δᵢ = (Wᵢ₊₁ᵀδᵢ₊₁) ⊙ sᵢ, from δ₁ upwards.
    var weightBar = weights.enumerated().map { i, w in
      i == 0
        ? Matrix(rows: 0, columns: 0)
        : Matrix(rows: w.rows, columns: w.columns)
    }
    for i in 0..<(layers - 1) {
      let q = deltaBar[i] .* masks[i]  // [dᵢ₊₁, b]
      weightBar[i + 1] += matmul(delta[i + 1], q, transposeB: .transposed)
      deltaBar[i + 1] += matmul(weights[i + 1], q)
    }
    // δ_L = ∂ℒ/∂Z_L: its cotangent goes through the loss's Hessian.
    var zBar = lossHessianProduct(
      deltaBar[layers - 1], probabilities: pass.probabilities, targets: targets)
    // Reverse of the forward pass, down to Z₁.
    for i in stride(from: layers - 1, through: 1, by: -1) {
      weightBar[i] += matmul(zBar, post[i - 1], transposeB: .transposed)
      let hBar = postBar[i - 1] + matmul(weights[i], zBar, transposeA: .transposed)  // [dᵢ, b]
      zBar = hBar .* masks[i - 1]
    }
    return (value, zBar, weightBar)
  }

  /// J alone.
  public static func value(
    firstPreactivation z1: Matrix, weights: [Matrix], gram: Matrix,
    targets: Targets, negativeSlope slope: Double
  ) -> Double {
    let pass = forward(z1: z1, weights: weights, targets: targets, slope: slope)
    var value = pass.delta[0].dot(matmul(pass.delta[0], gram))
    for i in 1..<weights.count {
      value += matmul(pass.delta[i], pass.post[i - 1], transposeB: .transposed).squaredNorm()
    }
    return value
  }

  /// The forward pass from Z₁ and the backward pass of ℒ: Hᵢ, masks sᵢ, δᵢ, logits.
  private static func forward(z1: Matrix, weights: [Matrix], targets: Targets, slope: Double)
    -> (post: [Matrix], masks: [Matrix], delta: [Matrix], probabilities: Matrix)
  {
    let layers = weights.count
    require(
      layers >= 2,
      "FastGradientNorm: needs at least one hidden layer, got \(layers) weight matrices")
    var pre = [z1], post: [Matrix] = [], masks: [Matrix] = []
    for i in 1..<layers {
      masks.append(leakyReLUDerivative(pre[i - 1], negativeSlope: slope))
      post.append(leakyReLU(pre[i - 1], negativeSlope: slope))
      pre.append(matmul(weights[i], post[i - 1]))  // [dᵢ₊₁, b]
    }
    let logits = pre[layers - 1]
    // p = softmax(Z_L), once: ∂ℒ/∂Z_L and the loss's Hessian both read it.
    let probabilities: Matrix
    if case .labels = targets {
      probabilities = columnLogSoftmax(logits).map(Foundation.exp)
    } else {
      probabilities = Matrix(rows: 0, columns: 0)
    }
    var delta = [Matrix](repeating: logits, count: layers)
    delta[layers - 1] = lossGradient(logits: logits, probabilities: probabilities, targets: targets)
    for i in stride(from: layers - 2, through: 0, by: -1) {
      delta[i] = matmul(weights[i + 1], delta[i + 1], transposeA: .transposed) .* masks[i]
    }
    return (post, masks, delta, probabilities)
  }

  /// ∂ℒ/∂Z_L: (p − onehot)/b for the mean cross-entropy, Z_L − Y for ½‖Z_L − Y‖².
  private static func lossGradient(logits: Matrix, probabilities p: Matrix, targets: Targets)
    -> Matrix
  {
    switch targets {
    case .values(let y):
      return logits - y
    case .labels(let labels):
      let b = Double(labels.count)
      var d = p.map { $0 / b }
      for (j, label) in labels.enumerated() { d[label, j] -= 1 / b }
      return d
    }
  }

  /// The loss's Hessian with respect to the logits applied to `u` (column by column).
  private static func lossHessianProduct(
    _ u: Matrix, probabilities p: Matrix, targets: Targets
  ) -> Matrix {
    switch targets {
    case .values:
      return u
    case .labels(let labels):
      let (rows, columns, b) = (u.rows, u.columns, Double(labels.count))
      var out = Matrix(rows: rows, columns: columns)
      p.scalars.withUnsafeBufferPointer { p in
        u.scalars.withUnsafeBufferPointer { u in
          out.scalars.withUnsafeMutableBufferPointer { out in
            for j in 0..<columns {
              var pu = 0.0
              for i in 0..<rows { pu += p[i * columns + j] * u[i * columns + j] }
              for i in 0..<rows {
                out[i * columns + j] = p[i * columns + j] * (u[i * columns + j] - pu) / b
              }
            }
          }
        }
      }
      return out
    }
  }
}
