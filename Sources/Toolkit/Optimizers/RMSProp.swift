// RMSProp: steps scaled by a running root-mean-square of the gradients. Introduced in chapter 05.

import Support
import Linear
import Autodiff

/// RMSProp as `torch.optim.RMSprop` with its defaults (α = 0.99, ε = 1e-8, no
/// momentum, not centred, no weight decay):
///
///     v ← α v + (1 − α) G ⊙ G        (v starts at 0, no bias correction)
///     W ← W − η G ⊘ (√v + ε)
///
/// [Tieleman & Hinton 2012, Lecture 6.5]: https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf
/// [PyTorch RMSprop]: https://pytorch.org/docs/stable/generated/torch.optim.RMSprop.html
public struct RMSProp: Optimizer {
  public var learningRate: Double
  /// α, the decay of the running average (PyTorch default 0.99).
  public let alpha: Double
  /// ε, added to √v (PyTorch default 1e-8).
  public let epsilon: Double
  /// The running average v of each weight matrix; empty before the first step.
  public private(set) var squareAverages: [Matrix] = []

  /// An RMSProp optimizer.
  ///
  /// - Parameters:
  ///   - learningRate: η (PyTorch default 1e-2).
  ///   - alpha: α ∈ [0, 1).
  ///   - epsilon: ε.
  public init(learningRate: Double = 1e-2, alpha: Double = 0.99, epsilon: Double = 1e-8) {
    require(alpha >= 0 && alpha < 1, "RMSProp: alpha must lie in [0, 1), got \(alpha)")
    require(epsilon >= 0, "RMSProp: epsilon must be non-negative, got \(epsilon)")
    self.learningRate = learningRate
    self.alpha = alpha
    self.epsilon = epsilon
  }

  public var name: String { "RMSProp" }

  public mutating func step(_ weights: inout [Matrix], gradients: [Matrix]) {
    requireMatchingShapes(weights, gradients, name)
    if squareAverages.isEmpty {
      squareAverages = weights.map { Matrix(rows: $0.rows, columns: $0.columns) }
    }
    requireMatchingShapes(weights, squareAverages, name, what: "state matrix")
    let (eta, a, eps) = (learningRate, alpha, epsilon)
    for i in weights.indices {
      // One in-place pass over W, v and G (no temporaries, no closure per entry).
      weights[i].scalars.withUnsafeMutableBufferPointer { w in
        squareAverages[i].scalars.withUnsafeMutableBufferPointer { v in
          gradients[i].scalars.withUnsafeBufferPointer { g in
            for k in 0..<w.count {
              v[k] = a * v[k] + (1 - a) * g[k] * g[k]
              w[k] += -eta * (g[k] / (unguardedSquareRoot(v[k]) + eps))
            }
          }
        }
      }
    }
  }

  public mutating func reset() { squareAverages = [] }

  /// v is an average of squared gradients: it maps by `StateTransport.squares`.
  public mutating func transport(through elements: [GroupElement], after: [Matrix]) {
    guard !squareAverages.isEmpty else { return }
    let map = StateTransport(elements: elements, weights: after)
    squareAverages = squareAverages.indices.map { map.squares(squareAverages[$0], layer: $0) }
  }
}
