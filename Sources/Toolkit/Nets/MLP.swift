// The bias-free multilayer perceptron of every experiment. Introduced in chapter 01.

import Support
import Linear
import Autodiff

/// A bias-free MLP with LeakyReLU hidden layers (`paper.md` §1.2).
///
/// With dimensions [d₀, d₁, …, d_L], weight Wᵢ is dᵢ×dᵢ₋₁ and, one sample per
/// column, h₀ = X, hᵢ = σ(Wᵢ hᵢ₋₁) for the hidden layers, and the output
/// (the logits) is W_L h_{L−1}. The weights are plain matrices; the forward
/// pass exists twice, on matrices for evaluation and on variables for
/// differentiation, and the tests check that the two agree.
public struct MLP: Sendable {
  /// [d₀, d₁, …, d_L]: input width, hidden widths, output width.
  public let dimensions: [Int]
  /// W₁ … W_L, with Wᵢ of shape dᵢ×dᵢ₋₁.
  public var weights: [Matrix]
  /// The LeakyReLU slope σ uses for negative inputs.
  public let negativeSlope: Double

  /// A network initialised as PyTorch's `nn.Linear(bias=False)` layers.
  ///
  /// - Parameters:
  ///   - dimensions: [d₀, …, d_L], at least two entries.
  ///   - negativeSlope: LeakyReLU's slope (0.1 in the paper).
  ///   - rng: the seeded generator; layers are drawn in order W₁, W₂, ….
  public init(
    dimensions: [Int], negativeSlope: Double = defaultNegativeSlope,
    using rng: inout SplitMix64
  ) {
    require(
      dimensions.count >= 2 && dimensions.allSatisfy { $0 > 0 },
      "MLP: dimensions must list at least two positive widths, got \(dimensions)")
    var weights: [Matrix] = []
    for i in 1..<dimensions.count {
      weights.append(
        .pytorchLinear(
          outputSize: dimensions[i], inputSize: dimensions[i - 1],
          using: &rng))
    }
    self.init(weights: weights, negativeSlope: negativeSlope)
  }

  /// A network with the given weights (their shapes must chain).
  public init(weights: [Matrix], negativeSlope: Double = defaultNegativeSlope) {
    require(!weights.isEmpty, "MLP: needs at least one weight matrix")
    for i in 1..<weights.count {
      require(
        weights[i].columns == weights[i - 1].rows,
        "MLP: W\(i + 1) is \(weights[i].shapeText) but W\(i) is "
          + "\(weights[i - 1].shapeText); W\(i + 1) needs \(weights[i - 1].rows) columns")
    }
    self.dimensions = [weights[0].columns] + weights.map(\.rows)
    self.weights = weights
    self.negativeSlope = negativeSlope
  }

  // MARK: - Forward on matrices

  /// The outputs (logits) for a batch.
  ///
  /// - Parameter x: [d₀, batch], one sample per column.
  /// - Returns: [d_L, batch].
  public func callAsFunction(_ x: Matrix) -> Matrix { activations(x).last ?? x }

  /// Every layer's input and the output: [h₀ = X, h₁, …, h_{L−1}, W_L h_{L−1}].
  ///
  /// Group actions need these: hᵢ₋₁ is the "X" of the layer pair that
  /// starts at Wᵢ.
  public func activations(_ x: Matrix) -> [Matrix] {
    requireInput(x)
    var hs = [x]
    for (i, w) in weights.enumerated() {
      let z = matmul(w, hs[hs.count - 1])  // [dᵢ, batch]
      hs.append(i + 1 < weights.count ? leakyReLU(z, negativeSlope: negativeSlope) : z)
    }
    return hs
  }

  // MARK: - Forward on variables

  /// The outputs for a batch, with weights given as variables, so that the
  /// result can be differentiated with respect to them (or to anything they
  /// depend on, such as a group element).
  ///
  /// - Parameters:
  ///   - x: [d₀, batch]; usually a constant.
  ///   - weights: W₁ … W_L as variables.
  ///   - negativeSlope: LeakyReLU's slope.
  /// - Returns: [d_L, batch].
  public static func forward(
    _ x: Variable, weights: [Variable],
    negativeSlope: Double = defaultNegativeSlope
  ) -> Variable {
    var h = x
    for (i, w) in weights.enumerated() {
      let z = matmul(w, h)  // [dᵢ, batch]
      h = i + 1 < weights.count ? leakyReLU(z, negativeSlope: negativeSlope) : z
    }
    return h
  }

  // MARK: - Loss, gradient, step

  /// Mean cross-entropy of the network on a labelled batch.
  public func loss(input x: Matrix, labels: [Int]) -> Double {
    crossEntropy(logits: self(x), labels: labels)
  }

  /// Mean cross-entropy and its gradient with respect to every weight.
  ///
  /// - Parameters:
  ///   - x: [d₀, batch]; it enters the graph as a constant and is not copied.
  ///   - labels: one class index per column.
  /// - Returns: the loss and ∂ℒ/∂Wᵢ for every i.
  public func lossAndGradient(input x: Matrix, labels: [Int]) -> (loss: Double, gradients: [Matrix])
  {
    requireInput(x)
    let slope = negativeSlope
    let (loss, gradients) = valueWithGradient(at: weights) { w in
      crossEntropy(
        logits: MLP.forward(Variable(constant: x), weights: w, negativeSlope: slope),
        labels: labels)
    }
    return (loss, gradients)
  }

  /// One step of plain SGD, Wᵢ ← Wᵢ − η ∂ℒ/∂Wᵢ, on a labelled batch.
  ///
  /// The gradient comes from `lossAndGradientByBackpropagation`, the fast
  /// path; `lossAndGradient` gives the same numbers through the engine.
  ///
  /// - Parameters:
  ///   - x: [d₀, batch].
  ///   - labels: one class index per column.
  ///   - learningRate: η.
  /// - Returns: the loss before the step.
  @discardableResult
  public mutating func sgdStep(input x: Matrix, labels: [Int], learningRate: Double) -> Double {
    // The hand-derived path, tested against the engine; it keeps no
    // references to the weights, so the update happens in place.
    let (loss, gradients) = lossAndGradientByBackpropagation(input: x, labels: labels)
    for i in weights.indices { weights[i].add(gradients[i], scaledBy: -learningRate) }
    return loss
  }

  /// Stops with a message naming the expected and actual input shape.
  private func requireInput(_ x: Matrix) {
    require(
      x.rows == dimensions[0],
      "MLP: input is \(x.shapeText) but the network expects \(dimensions[0]) rows "
        + "(features × batch, one sample per column)")
  }
}
