// AdaGrad: per-entry steps scaled by the root of the summed squared gradients. Introduced in chapter 05.

import Support
import Linear
import Autodiff

/// AdaGrad as `torch.optim.Adagrad` with its defaults (no learning-rate decay,
/// no weight decay, initial accumulator 0, ε = 1e-10):
///
///     s ← s + G ⊙ G
///     W ← W − η G ⊘ (√s + ε)
///
/// [Duchi et al. 2011]: https://jmlr.org/papers/v12/duchi11a.html
/// [PyTorch Adagrad]: https://pytorch.org/docs/stable/generated/torch.optim.Adagrad.html
public struct AdaGrad: Optimizer {
  public var learningRate: Double
  /// ε, added to √s (PyTorch default 1e-10).
  public let epsilon: Double
  /// The value every accumulator entry starts from (PyTorch default 0).
  public let initialAccumulator: Double
  /// The accumulator s of each weight matrix; empty before the first step.
  public private(set) var squareSums: [Matrix] = []

  /// An AdaGrad optimizer.
  ///
  /// - Parameters:
  ///   - learningRate: η (PyTorch default 1e-2).
  ///   - epsilon: ε.
  ///   - initialAccumulator: s at the first step, before G ⊙ G is added.
  public init(learningRate: Double = 1e-2, epsilon: Double = 1e-10, initialAccumulator: Double = 0)
  {
    require(epsilon >= 0, "AdaGrad: epsilon must be non-negative, got \(epsilon)")
    require(
      initialAccumulator >= 0,
      "AdaGrad: the initial accumulator must be non-negative, got \(initialAccumulator)")
    self.learningRate = learningRate
    self.epsilon = epsilon
    self.initialAccumulator = initialAccumulator
  }

  public var name: String { "AdaGrad" }

  public mutating func step(_ weights: inout [Matrix], gradients: [Matrix]) {
    requireMatchingShapes(weights, gradients, name)
    if squareSums.isEmpty {
      squareSums = weights.map {
        Matrix(rows: $0.rows, columns: $0.columns, repeating: initialAccumulator)
      }
    }
    requireMatchingShapes(weights, squareSums, name, what: "state matrix")
    let (eta, eps) = (learningRate, epsilon)
    for i in weights.indices {
      // One in-place pass over W, s and G (no temporaries, no closure per entry).
      weights[i].scalars.withUnsafeMutableBufferPointer { w in
        squareSums[i].scalars.withUnsafeMutableBufferPointer { s in
          gradients[i].scalars.withUnsafeBufferPointer { g in
            for k in 0..<w.count {
              s[k] = s[k] + g[k] * g[k]
              w[k] += -eta * (g[k] / (unguardedSquareRoot(s[k]) + eps))
            }
          }
        }
      }
    }
  }

  public mutating func reset() { squareSums = [] }

  /// s is a sum of squared gradients: it maps by `StateTransport.squares`
  /// (exact for permutations and rescalings, the diagonal approximation otherwise).
  public mutating func transport(through elements: [GroupElement], after: [Matrix]) {
    guard !squareSums.isEmpty else { return }
    let map = StateTransport(elements: elements, weights: after)
    squareSums = squareSums.indices.map { map.squares(squareSums[$0], layer: $0) }
  }
}
