// One action applied to every layer pair of a deep MLP, in the paper's order. Introduced in chapter 01.

import Support
import Linear
import Autodiff
import Nets

/// A layer-pair action lifted to a whole bias-free MLP.
///
/// Hidden layer m (0-based) has its own element g_m ∈ GL_{k_m}. Pairs are
/// transformed in order m = 0, 1, …: pair m is (U, V) = (W_{m+2}, W_{m+1}) in
/// the paper's 1-based names, so W_{m+2} is first the U of pair m and then the
/// V of pair m + 1. The input X of pair m is h_m computed from the weights
/// *already transformed* by pairs 0 … m − 1 (as the paper's meta-learning code
/// does; its predecessor used the untransformed ones, `paper.md` §6 item 6).
/// The paper's ICLR `teleport()` instead passes inputs it keeps on the side
/// (stale activations, `TeleportConvention.paperCode`); `transform` and `apply`
/// take such inputs through `pairInputs`.
public struct NetworkSymmetry: Sendable {
  /// The action on each layer pair.
  public let action: any LayerPairAction
  /// The network's LeakyReLU slope.
  public let negativeSlope: Double

  /// The symmetry of `action` on a network with the given LeakyReLU slope.
  public init(_ action: any LayerPairAction, negativeSlope: Double = defaultNegativeSlope) {
    self.action = action
    self.negativeSlope = negativeSlope
  }

  /// The hidden widths k_m of a network with these weights (one element per hidden layer).
  public static func hiddenSizes(of weights: [Matrix]) -> [Int] {
    weights.dropLast().map(\.rows)
  }

  /// The transformed weights, as variables, for elements given as variables.
  ///
  /// - Parameters:
  ///   - weights: W₁ … W_L.
  ///   - x: the batch the action is built on (the data dependence of (B) and (C)).
  ///   - elements: (g_m, g_m⁻¹) for each hidden layer m.
  ///   - pairInputs: when given, pair m's input is `pairInputs[m]` (the paper-code
  ///     convention's stale activations, `pairInputs[0]` being X) instead of h_m
  ///     recomputed from the transformed weights; nil recomputes (the exact convention).
  /// - Returns: W′₁ … W′_L, differentiable with respect to everything that went in.
  public func transform(
    weights: [Variable], input x: Variable,
    elements: [(g: Variable, gInverse: Variable)],
    pairInputs: [Variable]? = nil
  ) throws -> [Variable] {
    require(
      elements.count == weights.count - 1,
      "NetworkSymmetry: \(elements.count) group elements for \(weights.count - 1) hidden layers")
    require(
      pairInputs.map { $0.count == weights.count - 1 } ?? true,
      "NetworkSymmetry: \(pairInputs?.count ?? 0) pair inputs for \(weights.count - 1) layer pairs")
    var w = weights
    var h = x  // [inputSize, batch], then each hidden layer's activations
    for m in 0..<(w.count - 1) {
      require(
        elements[m].g.rows == w[m].rows,
        "NetworkSymmetry: g_\(m) is \(elements[m].g.shapeText), hidden layer \(m) has width \(w[m].rows)"
      )
      if let pairInputs { h = pairInputs[m] }
      let (u, v) = try action.transform(
        u: w[m + 1], v: w[m], input: h, g: elements[m].g,
        gInverse: elements[m].gInverse, negativeSlope: negativeSlope)
      w[m] = v
      w[m + 1] = u
      h = leakyReLU(matmul(w[m], h), negativeSlope: negativeSlope)  // [k_m, batch]
    }
    return w
  }

  /// The activations h₀ = X, h₁ = σ(W₁h₀), …, h_{L−1}: the input of each layer pair
  /// computed from `weights` as they are (the paper code's `h_list`).
  ///
  /// - Returns: L − 1 matrices, `[inputSize, batch]` and then `[k_m, batch]`.
  public func pairInputs(weights: [Matrix], input x: Matrix) -> [Matrix] {
    var inputs = [x]
    for m in 0..<max(0, weights.count - 2) {
      inputs.append(leakyReLU(weights[m] * inputs[m], negativeSlope: negativeSlope))  // [k_m, b]
    }
    return inputs
  }

  /// The weights moved by finite group elements, g·w.
  ///
  /// - Parameters:
  ///   - elements: one element per hidden layer.
  ///   - weights: W₁ … W_L.
  ///   - x: the batch the action is built on.
  ///   - pairInputs: stale pair inputs (the paper-code convention), or nil to recompute them.
  public func apply(
    _ elements: [GroupElement], to weights: [Matrix], input x: Matrix,
    pairInputs: [Matrix]? = nil
  ) throws -> [Matrix] {
    let moved = try transform(
      weights: weights.map { Variable(constant: $0) }, input: Variable(constant: x),
      elements: elements.map { (Variable(constant: $0.matrix), Variable(constant: $0.inverse)) },
      pairInputs: pairInputs?.map { Variable(constant: $0) })
    return moved.map(\.value)
  }

  /// Whether the action is exact on each layer pair for a batch of `batchSize` samples.
  public func exactness(weights: [Matrix], batchSize: Int) -> [Exactness] {
    (0..<(weights.count - 1)).map { m in
      action.exactness(
        inputSize: weights[m].columns, hiddenSize: weights[m].rows, batchSize: batchSize)
    }
  }
}
