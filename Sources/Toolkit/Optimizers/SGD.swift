// Stochastic gradient descent, with optional (Nesterov) momentum. Introduced in chapter 05.

import Support
import Linear
import Autodiff

/// SGD as `torch.optim.SGD`: plain, or with a momentum buffer.
///
/// With momentum μ and dampening τ (PyTorch's defaults: μ = 0, τ = 0, no Nesterov):
///
///     b ← G                      on the first step (PyTorch copies the gradient)
///     b ← μ b + (1 − τ) G        afterwards
///     d = G + μ b  (Nesterov)    or  d = b
///     W ← W − η d
///
/// With μ = 0 there is no state and the step is W ← W − η G.
/// Weight decay is not offered (the paper uses none).
///
/// [PyTorch SGD]: https://pytorch.org/docs/stable/generated/torch.optim.SGD.html
public struct SGD: Optimizer {
  public var learningRate: Double
  /// μ; 0 means plain SGD.
  public let momentum: Double
  /// τ, which scales the new gradient in the buffer by 1 − τ (PyTorch default 0).
  public let dampening: Double
  /// Whether the step looks ahead along the buffer (PyTorch default false).
  public let nesterov: Bool
  /// The momentum buffer b of each weight matrix; empty before the first step or with μ = 0.
  public private(set) var buffers: [Matrix] = []

  /// An SGD optimizer with PyTorch's defaults for everything but the learning rate.
  ///
  /// - Parameters:
  ///   - learningRate: η.
  ///   - momentum: μ ∈ [0, 1); 0 for plain SGD.
  ///   - dampening: τ ∈ [0, 1].
  ///   - nesterov: Nesterov momentum (needs μ > 0 and τ = 0, as in PyTorch).
  public init(
    learningRate: Double, momentum: Double = 0, dampening: Double = 0,
    nesterov: Bool = false
  ) {
    require(momentum >= 0 && momentum < 1, "SGD: momentum must lie in [0, 1), got \(momentum)")
    require(dampening >= 0 && dampening <= 1, "SGD: dampening must lie in [0, 1], got \(dampening)")
    require(
      !nesterov || (momentum > 0 && dampening == 0),
      "SGD: Nesterov momentum needs momentum > 0 and dampening 0, as in PyTorch")
    self.learningRate = learningRate
    self.momentum = momentum
    self.dampening = dampening
    self.nesterov = nesterov
  }

  public var name: String {
    momentum == 0 ? "SGD" : (nesterov ? "Nesterov" : "momentum")
  }

  public mutating func step(_ weights: inout [Matrix], gradients: [Matrix]) {
    requireMatchingShapes(weights, gradients, name)
    guard momentum > 0 else {
      for i in weights.indices { weights[i].add(gradients[i], scaledBy: -learningRate) }
      return
    }
    if buffers.isEmpty {
      buffers = gradients
    } else {
      for i in buffers.indices {
        buffers[i] *= momentum
        buffers[i].add(gradients[i], scaledBy: 1 - dampening)
      }
    }
    for i in weights.indices {
      if nesterov {
        weights[i].add(gradients[i], scaledBy: -learningRate)
        weights[i].add(buffers[i], scaledBy: -learningRate * momentum)
      } else {
        weights[i].add(buffers[i], scaledBy: -learningRate)
      }
    }
  }

  public mutating func reset() { buffers = [] }

  /// The buffer is a weighted sum of past gradients, so it maps like a gradient.
  public mutating func transport(through elements: [GroupElement], after: [Matrix]) {
    guard !buffers.isEmpty else { return }
    let map = StateTransport(elements: elements, weights: after)
    buffers = buffers.indices.map { map.gradient(buffers[$0], layer: $0) }
  }
}
