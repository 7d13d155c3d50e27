// The LSTM cell, written with the autodiff's operations. Introduced in chapter 06.

import Support
import Linear
import Autodiff

/// One long short-term memory cell (Hochreiter & Schmidhuber 1997, with the
/// forget gate of Gers et al. 2000), as PyTorch's `nn.LSTMCell`:
///
///     z          = W_x x + W_h h + b          (4H × batch, gates stacked)
///     inputGate  = σ(z[0H..<1H])
///     forgetGate = σ(z[1H..<2H])
///     candidate  = tanh(z[2H..<3H])
///     outputGate = σ(z[3H..<4H])
///     cell′      = forgetGate ⊙ cell + inputGate ⊙ candidate
///     hidden′    = outputGate ⊙ tanh(cell′)
///
/// The four gates' weights are stored fused, in PyTorch's order (i, f, g, o),
/// so that one matrix product computes all pre-activations; the names above
/// are the slices. PyTorch keeps two biases (b_ih + b_hh); their sum is all
/// that matters, so we keep one.
///
/// The cell is a pure function of its parameters (`step(input:state:parameters:)`
/// takes them as variables), so a meta-trainer can differentiate a loss
/// through many unrolled steps with respect to them.
///
/// [Hochreiter & Schmidhuber 1997]: https://doi.org/10.1162/neco.1997.9.8.1735
/// [PyTorch LSTMCell]: https://pytorch.org/docs/stable/generated/torch.nn.LSTMCell.html
public struct LSTMCell: Sendable {
  /// The recurrent state carried from step to step.
  public struct State: Sendable {
    /// c, the memory cell, [hiddenSize, batch].
    public var cell: Variable
    /// h, the output, [hiddenSize, batch].
    public var hidden: Variable

    /// A state from its two parts.
    ///
    /// - Parameters:
    ///   - cell: c, [hiddenSize, batch].
    ///   - hidden: h, [hiddenSize, batch].
    public init(cell: Variable, hidden: Variable) {
      self.cell = cell
      self.hidden = hidden
    }

    /// The zero state (PyTorch's default), as constants.
    ///
    /// - Parameters:
    ///   - hiddenSize: H.
    ///   - batchSize: the number of columns.
    public static func zeros(hiddenSize: Int, batchSize: Int = 1) -> State {
      State(
        cell: Variable(constant: .zeros(hiddenSize, batchSize)),
        hidden: Variable(constant: .zeros(hiddenSize, batchSize)))
    }

    /// The same values, cut from the graph (the truncation of truncated BPTT).
    public var detached: State { State(cell: cell.detached, hidden: hidden.detached) }
  }

  /// The width of the input x.
  public let inputSize: Int
  /// H, the width of the state.
  public let hiddenSize: Int
  /// W_x, [4H, inputSize], gates in the order (input, forget, candidate, output).
  public var inputWeights: Matrix
  /// W_h, [4H, H], same gate order.
  public var hiddenWeights: Matrix
  /// b, [4H, 1].
  public var bias: Matrix

  /// A cell initialised as PyTorch does: every entry U(−1/√H, 1/√H).
  ///
  /// - Parameters:
  ///   - inputSize: the width of the input.
  ///   - hiddenSize: H.
  ///   - rng: the generator.
  public init(inputSize: Int, hiddenSize: Int, using rng: inout SplitMix64) {
    require(
      inputSize > 0 && hiddenSize > 0,
      "LSTMCell: sizes must be positive, got input \(inputSize), hidden \(hiddenSize)")
    self.inputSize = inputSize
    self.hiddenSize = hiddenSize
    let bound = 1 / Double(hiddenSize).squareRoot()
    inputWeights = .uniform(4 * hiddenSize, inputSize, low: -bound, high: bound, using: &rng)
    hiddenWeights = .uniform(4 * hiddenSize, hiddenSize, low: -bound, high: bound, using: &rng)
    // PyTorch draws two biases from U(−1/√H, 1/√H) and adds them.
    bias =
      .uniform(4 * hiddenSize, 1, low: -bound, high: bound, using: &rng)
      + .uniform(4 * hiddenSize, 1, low: -bound, high: bound, using: &rng)
  }

  /// How many parameter matrices a cell has: W_x, W_h and b.
  public static let parameterCount = 3

  /// The parameters in a fixed order: W_x, W_h, b.
  public var parameters: [Matrix] {
    get { [inputWeights, hiddenWeights, bias] }
    set {
      require(newValue.count == 3, "LSTMCell: 3 parameter matrices expected, got \(newValue.count)")
      for (new, old) in zip(newValue, parameters) {
        new.requireSameShape(old, "LSTMCell.parameters")
      }
      (inputWeights, hiddenWeights, bias) = (newValue[0], newValue[1], newValue[2])
    }
  }

  /// One step of the cell, with the parameters given as variables.
  ///
  /// - Parameters:
  ///   - x: the input, [inputSize, batch].
  ///   - state: (c, h), each [H, batch].
  ///   - parameters: W_x, W_h, b as variables (leaves when training).
  /// - Returns: the new state (c′, h′).
  /// - Complexity: two matrix products, O(4H·(inputSize + H)·batch).
  public static func step(input x: Variable, state: State, parameters: ArraySlice<Variable>)
    -> State
  {
    let p = Array(parameters)
    require(
      p.count == parameterCount,
      "LSTMCell.step: \(parameterCount) parameters (W_x, W_h, b) expected, got \(p.count)")
    let (wx, wh, b) = (p[0], p[1], p[2])
    let hiddenSize = wh.columns
    require(
      wx.columns == x.rows,
      "LSTMCell.step: input has \(x.rows) rows, W_x is \(wx.shapeText)")
    require(
      state.hidden.rows == hiddenSize && state.cell.rows == hiddenSize,
      "LSTMCell.step: state has \(state.hidden.rows) rows, H is \(hiddenSize)")
    let batch = x.columns
    let z =
      matmul(wx, x) + matmul(wh, state.hidden)  // [4H, batch]
      + b.broadcast(rows: 4 * hiddenSize, columns: batch)
    let slice = { (k: Int) in z.rows((k * hiddenSize)..<((k + 1) * hiddenSize)) }  // [H, batch]
    let inputGate = slice(0).sigmoid()
    let forgetGate = slice(1).sigmoid()
    let candidate = slice(2).tanh()
    let outputGate = slice(3).sigmoid()
    let cell = forgetGate .* state.cell + inputGate .* candidate  // [H, batch]
    let hidden = outputGate .* cell.tanh()  // [H, batch]
    return State(cell: cell, hidden: hidden)
  }

  /// One step with this cell's own parameters as constants (inference, no graph).
  ///
  /// - Parameters:
  ///   - x: the input, [inputSize, batch].
  ///   - state: (c, h).
  /// - Returns: the new state.
  public func callAsFunction(_ x: Matrix, state: State) -> State {
    Self.step(
      input: Variable(constant: x), state: state,
      parameters: parameters.map { Variable(constant: $0) }[...])
  }
}
