// Hand-derived backpropagation for the MLP: the fast path of an SGD step. Introduced in the appendix (A-toolkit).

import Foundation
import Support
import Linear
import Autodiff

extension MLP {
  /// Mean cross-entropy and its gradient by backpropagation written out by
  /// hand on matrices: the same numbers as `lossAndGradient(input:labels:)`,
  /// without building a graph.
  ///
  /// The generic engine spends most of a small step on bookkeeping (nodes,
  /// closures, dictionaries), not on arithmetic; for plain training steps,
  /// where no higher derivative is needed, this path does only the products
  /// and the elementwise work. With δ_L = (softmax(z_L) − Y)/batch:
  /// ∂ℒ/∂Wᵢ = δᵢ hᵢ₋₁ᵀ and δᵢ₋₁ = (Wᵢᵀ δᵢ) ⊙ σ′(zᵢ₋₁). The tests check it
  /// against the engine, whose gradient is checked against finite differences.
  ///
  /// - Parameters:
  ///   - x: [d₀, batch].
  ///   - labels: one class index per column.
  /// - Returns: the loss and ∂ℒ/∂Wᵢ for every i.
  /// - Complexity: two products per layer besides the forward pass.
  public func lossAndGradientByBackpropagation(input x: Matrix, labels: [Int])
    -> (loss: Double, gradients: [Matrix])
  {
    let hs = activations(x)  // [h₀, h₁, …, h_{L−1}, logits]
    let logits = hs[hs.count - 1]
    require(
      labels.count == logits.columns,
      "MLP: \(labels.count) labels for a batch of \(logits.columns)")
    let logProbabilities = columnLogSoftmax(logits)
    let batch = Double(labels.count)
    var loss = 0.0
    var delta = logProbabilities.map { Foundation.exp($0) / batch }  // [d_L, batch]
    for (j, label) in labels.enumerated() {
      require(
        label >= 0 && label < logits.rows,
        "MLP: label \(label) at sample \(j) is outside 0..<\(logits.rows)")
      loss -= logProbabilities[label, j]
      delta[label, j] -= 1 / batch
    }
    var gradients = [Matrix](repeating: Matrix(rows: 0, columns: 0), count: weights.count)
    for i in stride(from: weights.count - 1, through: 0, by: -1) {
      gradients[i] = matmul(delta, hs[i], transposeB: .transposed)  // [dᵢ₊₁, dᵢ]
      guard i > 0 else { break }
      delta = matmul(weights[i], delta, transposeA: .transposed)  // [dᵢ, batch]
      // σ′(z) from h = σ(z): a positive slope keeps the sign of z.
      let slope = negativeSlope
      hs[i].scalars.withUnsafeBufferPointer { h in
        delta.scalars.withUnsafeMutableBufferPointer { d in
          // A select, not a branch: the signs are random, a branch would miss half the time.
          for k in 0..<d.count { d[k] *= h[k] > 0 ? 1 : slope }
        }
      }
    }
    return (loss / batch, gradients)
  }
}
