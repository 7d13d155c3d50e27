// Stacked LSTM cells and the linear head that reads them. Introduced in chapter 06.

import Support
import Linear
import Autodiff

/// LSTM cells stacked so that each reads the hidden output of the one below
/// (PyTorch's two `nn.LSTMCell`s one after the other in the paper's `lstm.py`).
public struct StackedLSTM: Sendable {
  /// The cells, bottom first.
  public var layers: [LSTMCell]

  /// Cells of the given widths, initialised as PyTorch does.
  ///
  /// - Parameters:
  ///   - inputSize: the width of the input of the bottom cell.
  ///   - hiddenSizes: H of each cell, bottom first (the paper: two cells).
  ///   - rng: the generator.
  public init(inputSize: Int, hiddenSizes: [Int], using rng: inout SplitMix64) {
    require(!hiddenSizes.isEmpty, "StackedLSTM: at least one hidden size is needed")
    var layers: [LSTMCell] = []
    var width = inputSize
    for h in hiddenSizes {
      layers.append(LSTMCell(inputSize: width, hiddenSize: h, using: &rng))
      width = h
    }
    self.layers = layers
  }

  /// H of the top cell: the width of what the stack outputs.
  public var outputSize: Int { layers[layers.count - 1].hiddenSize }

  /// How many parameter matrices the stack has: `LSTMCell.parameterCount` per cell.
  public var parameterCount: Int { LSTMCell.parameterCount * layers.count }

  /// All parameters, cell by cell (W_x, W_h, b each).
  public var parameters: [Matrix] {
    get { layers.flatMap(\.parameters) }
    set {
      require(
        newValue.count == parameterCount,
        "StackedLSTM: \(parameterCount) parameter matrices expected, got \(newValue.count)")
      let n = LSTMCell.parameterCount
      for k in layers.indices { layers[k].parameters = Array(newValue[(n * k)..<(n * k + n)]) }
    }
  }

  /// Names of `parameters`, in the same order ("layer0.inputWeights", …).
  public var parameterNames: [String] {
    layers.indices.flatMap { k in
      ["inputWeights", "hiddenWeights", "bias"].map { "layer\(k).\($0)" }
    }
  }

  /// The zero state of every cell (PyTorch's default).
  public func zeroState(batchSize: Int = 1) -> [LSTMCell.State] {
    layers.map { .zeros(hiddenSize: $0.hiddenSize, batchSize: batchSize) }
  }

  /// One step through every cell, with the parameters as variables.
  ///
  /// - Parameters:
  ///   - x: the input of the bottom cell, [inputSize, batch].
  ///   - states: one state per cell, bottom first.
  ///   - parameters: 3 per cell, in the order of `parameters`.
  /// - Returns: the new states; the output is the top state's `hidden`.
  public static func step(
    input x: Variable, states: [LSTMCell.State],
    parameters: ArraySlice<Variable>
  ) -> [LSTMCell.State] {
    require(
      parameters.count == 3 * states.count,
      "StackedLSTM.step: \(parameters.count) parameters for \(states.count) cells (3 each)")
    var next: [LSTMCell.State] = []
    var input = x
    let start = parameters.startIndex
    for (k, state) in states.enumerated() {
      let cell = LSTMCell.step(
        input: input, state: state,
        parameters: parameters[(start + 3 * k)..<(start + 3 * k + 3)])
      next.append(cell)
      input = cell.hidden  // [H_k, batch]
    }
    return next
  }
}

/// A fully connected layer y = W x + b, initialised as PyTorch's `nn.Linear`:
/// the heads that turn an LSTM's hidden state into a group element, a step
/// size or a parameter update.
public struct LinearLayer: Sendable {
  /// W, [outputSize, inputSize].
  public var weight: Matrix
  /// b, [outputSize, 1].
  public var bias: Matrix

  /// A layer with W and b drawn from U(−1/√inputSize, 1/√inputSize).
  ///
  /// - Parameters:
  ///   - inputSize: the width of x.
  ///   - outputSize: the width of y.
  ///   - rng: the generator.
  public init(inputSize: Int, outputSize: Int, using rng: inout SplitMix64) {
    weight = .pytorchLinear(outputSize: outputSize, inputSize: inputSize, using: &rng)
    let bound = 1 / Double(inputSize).squareRoot()
    bias = .uniform(outputSize, 1, low: -bound, high: bound, using: &rng)
  }

  /// How many parameter matrices a layer has: W and b.
  public static let parameterCount = 2

  /// W and b.
  public var parameters: [Matrix] {
    get { [weight, bias] }
    set {
      require(
        newValue.count == LinearLayer.parameterCount,
        "LinearLayer: \(LinearLayer.parameterCount) parameter matrices expected, got \(newValue.count)"
      )
      newValue[0].requireSameShape(weight, "LinearLayer.weight")
      newValue[1].requireSameShape(bias, "LinearLayer.bias")
      (weight, bias) = (newValue[0], newValue[1])
    }
  }

  /// y = W x + b with the parameters as variables.
  ///
  /// - Parameters:
  ///   - x: [inputSize, batch].
  ///   - parameters: W and b.
  /// - Returns: [outputSize, batch].
  public static func apply(_ x: Variable, parameters: ArraySlice<Variable>) -> Variable {
    require(
      parameters.count == parameterCount,
      "LinearLayer.apply: W and b expected, got \(parameters.count)")
    let w = parameters[parameters.startIndex], b = parameters[parameters.startIndex + 1]
    return matmul(w, x) + b.broadcast(rows: w.rows, columns: x.columns)  // [out, batch]
  }
}
