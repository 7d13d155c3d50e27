// Adam: bias-corrected first and second moments of the gradient. Introduced in chapter 05.

import Foundation
import Support
import Linear
import Autodiff

/// Adam as `torch.optim.Adam` with its defaults (β₁ = 0.9, β₂ = 0.999, ε = 1e-8,
/// no AMSGrad, no weight decay). At step t = 1, 2, …:
///
///     m ← β₁ m + (1 − β₁) G
///     v ← β₂ v + (1 − β₂) G ⊙ G
///     W ← W − (η / (1 − β₁ᵗ)) m ⊘ (√v / √(1 − β₂ᵗ) + ε)
///
/// ε is added after the bias correction of √v, as PyTorch does (the paper of
/// Kingma and Ba adds it to √v̂ too; only the order of the two corrections differs).
///
/// [Kingma & Ba 2015]: https://arxiv.org/abs/1412.6980
/// [PyTorch Adam]: https://pytorch.org/docs/stable/generated/torch.optim.Adam.html
public struct Adam: Optimizer {
  public var learningRate: Double
  /// β₁, the decay of the first moment (PyTorch default 0.9).
  public let beta1: Double
  /// β₂, the decay of the second moment (PyTorch default 0.999).
  public let beta2: Double
  /// ε (PyTorch default 1e-8).
  public let epsilon: Double
  /// Steps taken since the last reset, t.
  public private(set) var stepCount = 0
  /// m of each weight matrix; empty before the first step.
  public private(set) var firstMoments: [Matrix] = []
  /// v of each weight matrix; empty before the first step.
  public private(set) var secondMoments: [Matrix] = []

  /// An Adam optimizer.
  ///
  /// - Parameters:
  ///   - learningRate: η (PyTorch default 1e-3).
  ///   - beta1: β₁ ∈ [0, 1).
  ///   - beta2: β₂ ∈ [0, 1).
  ///   - epsilon: ε.
  public init(
    learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
    epsilon: Double = 1e-8
  ) {
    require(beta1 >= 0 && beta1 < 1, "Adam: beta1 must lie in [0, 1), got \(beta1)")
    require(beta2 >= 0 && beta2 < 1, "Adam: beta2 must lie in [0, 1), got \(beta2)")
    require(epsilon >= 0, "Adam: epsilon must be non-negative, got \(epsilon)")
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
  }

  public var name: String { "Adam" }

  public mutating func step(_ weights: inout [Matrix], gradients: [Matrix]) {
    requireMatchingShapes(weights, gradients, name)
    if firstMoments.isEmpty {
      firstMoments = weights.map { Matrix(rows: $0.rows, columns: $0.columns) }
      secondMoments = firstMoments
    }
    requireMatchingShapes(weights, firstMoments, name, what: "first-moment matrix")
    requireMatchingShapes(weights, secondMoments, name, what: "second-moment matrix")
    stepCount += 1
    let t = Double(stepCount)
    let (b1, b2, eps) = (beta1, beta2, epsilon)
    let stepSize = learningRate / (1 - pow(b1, t))
    let root2 = (1 - pow(b2, t)).squareRoot()
    for i in weights.indices {
      // One in-place pass over W, m, v and G (no temporaries, no closure per entry).
      weights[i].scalars.withUnsafeMutableBufferPointer { w in
        firstMoments[i].scalars.withUnsafeMutableBufferPointer { m in
          secondMoments[i].scalars.withUnsafeMutableBufferPointer { v in
            gradients[i].scalars.withUnsafeBufferPointer { g in
              for k in 0..<w.count {
                m[k] = b1 * m[k] + (1 - b1) * g[k]
                v[k] = b2 * v[k] + (1 - b2) * g[k] * g[k]
                w[k] += -stepSize * (m[k] / (unguardedSquareRoot(v[k]) / root2 + eps))
              }
            }
          }
        }
      }
    }
  }

  public mutating func reset() {
    stepCount = 0
    firstMoments = []
    secondMoments = []
  }

  /// m maps like a gradient, v by `StateTransport.squares`; t is kept, because
  /// the transported moments are as old as they were.
  public mutating func transport(through elements: [GroupElement], after: [Matrix]) {
    guard !firstMoments.isEmpty else { return }
    let map = StateTransport(elements: elements, weights: after)
    firstMoments = firstMoments.indices.map { map.gradient(firstMoments[$0], layer: $0) }
    secondMoments = secondMoments.indices.map { map.squares(secondMoments[$0], layer: $0) }
  }
}
