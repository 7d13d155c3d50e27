// A batch of inputs with its targets, and the loss that fits them. Introduced in chapter 01.

import Support
import Linear
import Autodiff

/// What a batch is compared against: class labels or regression targets.
public enum Targets: Sendable {
  /// One class index per column (mean cross-entropy).
  case labels([Int])
  /// A target matrix of the output's shape (½‖Y − Ŷ‖²_F).
  case values(Matrix)
}

/// Inputs, one sample per column, with their targets.
public struct Batch: Sendable {
  /// X, [inputSize, batchSize].
  public let input: Matrix
  /// Labels or target values.
  public let targets: Targets

  /// A batch; the targets must have one entry (or column) per input column.
  public init(input: Matrix, targets: Targets) {
    switch targets {
    case .labels(let labels):
      require(
        labels.count == input.columns,
        "Batch: \(labels.count) labels for \(input.columns) samples (one sample per column)")
    case .values(let y):
      require(
        y.columns == input.columns,
        "Batch: targets \(y.shapeText) for inputs \(input.shapeText); need one column per sample")
    }
    self.input = input
    self.targets = targets
  }

  /// A classification batch.
  public init(input: Matrix, labels: [Int]) { self.init(input: input, targets: .labels(labels)) }

  /// A regression batch.
  public init(input: Matrix, target: Matrix) { self.init(input: input, targets: .values(target)) }

  /// Number of samples.
  public var size: Int { input.columns }

  /// The loss of network outputs on this batch: mean cross-entropy for labels,
  /// ½‖Y − Ŷ‖²_F for values.
  public func loss(_ output: Variable) -> Variable {
    switch targets {
    case .labels(let labels): return crossEntropy(logits: output, labels: labels)
    case .values(let y): return halfSquaredError(prediction: output, target: Variable(constant: y))
    }
  }

  /// The same loss on plain matrices.
  public func loss(_ output: Matrix) -> Double {
    switch targets {
    case .labels(let labels): return crossEntropy(logits: output, labels: labels)
    case .values(let y): return halfSquaredError(prediction: output, target: y)
    }
  }
}

extension MLP {
  /// The loss of the network on a batch.
  public func loss(on batch: Batch) -> Double { batch.loss(self(batch.input)) }

  /// The loss of the network on a batch with weights given as variables.
  public static func loss(
    weights: [Variable], on batch: Batch,
    negativeSlope: Double = defaultNegativeSlope
  ) -> Variable {
    batch.loss(
      forward(Variable(constant: batch.input), weights: weights, negativeSlope: negativeSlope))
  }

  /// The loss and ∂ℒ/∂Wᵢ for every i on a batch.
  public func lossAndGradient(on batch: Batch) -> (loss: Double, gradients: [Matrix]) {
    let slope = negativeSlope
    let (loss, gradients) = valueWithGradient(at: weights) { w in
      MLP.loss(weights: w, on: batch, negativeSlope: slope)
    }
    return (loss, gradients)
  }
}
