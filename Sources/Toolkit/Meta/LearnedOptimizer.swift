// The three LSTM meta-optimizers of the paper's §5 (paper.md §4.2–4.3). Introduced in chapter 06.

import Support
import Linear
import Autodiff
import Symmetry

/// Which learned optimizer: what the LSTMs output and how an inner step uses it.
public enum LearnedOptimizerKind: String, CaseIterable, Sendable {
  /// LSTM(lr, tele): a plain gradient step with a learned step size, then a
  /// learned teleport.
  case learningRateAndTeleport = "lstm-lr-tele"
  /// LSTM(update): the LSTM outputs the whole parameter update.
  case update = "lstm-update"
  /// LSTM(update, tele): a learned update, then a learned teleport.
  case updateAndTeleport = "lstm-update-tele"

  /// The paper's legend label, "LSTM(lr,tele)".
  public var label: String {
    switch self {
    case .learningRateAndTeleport: return "LSTM(lr,tele)"
    case .update: return "LSTM(update)"
    case .updateAndTeleport: return "LSTM(update,tele)"
    }
  }

  /// True when an LSTM outputs the parameter update.
  public var learnsUpdate: Bool { self != .learningRateAndTeleport }
  /// True when an LSTM outputs a group element that is applied.
  public var teleports: Bool { self != .update }
}

/// The sizes and constants of a learned optimizer; `paper(_:)` gives §4.2's.
public struct LearnedOptimizerConfiguration: Sendable {
  /// H of every cell of each teleport LSTM (paper: 20 for LSTM(lr, tele), 300 with learned updates).
  public var teleportHiddenSize: Int
  /// H of every cell of the update LSTM (paper: 300).
  public var updateHiddenSize: Int
  /// Cells stacked in each LSTM (paper: 2).
  public var cellsPerLSTM = 2
  /// ‖T‖_F after rescaling (paper: 0.01).
  public var generatorNorm: Double = 0.01
  /// The learned step size lies in (smallestStepSize, largestStepSize) (paper: clamped to
  /// [1e-7, 5e-3]; here a smooth map onto that range, `stepSize(headOutput:)`).
  public var smallestStepSize: Double = 1e-7
  /// See `smallestStepSize`.
  public var largestStepSize: Double = 5e-3
  /// η₀, the step size of the first step before the LSTM has spoken (paper: 1e-4).
  public var initialStepSize: Double = 1e-4
  /// The learned update is clamped to [−updateLimit, updateLimit] (paper: 1e7).
  public var updateLimit: Double = 1e7
  /// g⁻¹ in the teleport: I − T for the paper's (B′), or the exact inverse for (B).
  public var inverse: InverseRule = .firstOrder

  /// A configuration with the given LSTM widths and the paper's constants.
  ///
  /// - Parameters:
  ///   - teleportHiddenSize: H of the teleport LSTMs.
  ///   - updateHiddenSize: H of the update LSTM.
  public init(teleportHiddenSize: Int, updateHiddenSize: Int) {
    self.teleportHiddenSize = teleportHiddenSize
    self.updateHiddenSize = updateHiddenSize
  }

  /// The paper's sizes for a kind (`paper.md` §4.2).
  public static func paper(_ kind: LearnedOptimizerKind) -> LearnedOptimizerConfiguration {
    LearnedOptimizerConfiguration(
      teleportHiddenSize: kind == .learningRateAndTeleport ? 20 : 300, updateHiddenSize: 300)
  }
}

/// The recurrent state of a learned optimizer between inner steps.
public struct LearnedOptimizerState: Sendable {
  /// One stacked-LSTM state per teleport LSTM (one per hidden layer).
  public var teleport: [[LSTMCell.State]]
  /// The update LSTM's state (empty when the kind learns no update).
  public var update: [LSTMCell.State]
  /// η for the next plain gradient step (LSTM(lr, tele)), 1×1.
  public var stepSize: Variable

  /// The same values cut from the graph: the truncation of truncated BPTT.
  public var detached: LearnedOptimizerState {
    LearnedOptimizerState(
      teleport: teleport.map { $0.map(\.detached) },
      update: update.map(\.detached), stepSize: stepSize.detached)
  }
}

/// A learned optimizer: LSTMs that read the gradients of a regression network
/// and output a step size and a group element (teleport), or an update.
///
/// One teleport LSTM per hidden layer m reads concat(vec ∂ℒ/∂W_m, vec ∂ℒ/∂W_{m+1})
/// and its head outputs T_m (k_m × k_m), rescaled to ‖T_m‖_F = 0.01; the teleport
/// is the paper's first-order action (B′) U(I − T), σ⁻¹((I + T)σ(VX))X⁺ through
/// `NetworkSymmetry`, so meta-gradients flow through it. The update LSTM reads
/// all gradients and outputs vec(ΔW), clamped to ±1e7. The gradients are inputs
/// only: no derivative is taken through them (as in the paper's code).
///
/// All meta-parameters live in one flat list, `parameters`, whose order and
/// names (`parameterNames`) are fixed by the kind and the network's shape.
public struct LearnedOptimizer: Sendable {
  /// What the LSTMs output.
  public let kind: LearnedOptimizerKind
  /// Sizes and constants. Changing `generatorNorm` or `inverse` after training
  /// is allowed (for ablations); changing sizes is not, since the networks are built.
  public var configuration: LearnedOptimizerConfiguration
  /// The shapes of the regression network's weights W₁ … W_L.
  public let weightShapes: [(rows: Int, columns: Int)]
  /// The teleport LSTMs, one per hidden layer (empty for LSTM(update)).
  public private(set) var teleportLSTMs: [StackedLSTM]
  /// Their heads T = head(h): one per teleport LSTM.
  public private(set) var generatorHeads: [LinearLayer]
  /// Their step-size heads (LSTM(lr, tele) only); output z means η = `stepSize(headOutput: z)`.
  public private(set) var stepSizeHeads: [LinearLayer]
  /// The update LSTM (nil for LSTM(lr, tele)).
  public private(set) var updateLSTM: StackedLSTM?
  /// Its head, vec(ΔW) = head(h).
  public private(set) var updateHead: LinearLayer?

  /// A freshly initialised learned optimizer for networks with these weight shapes.
  ///
  /// - Parameters:
  ///   - kind: which of the three.
  ///   - weightShapes: W₁ … W_L's shapes (at least two matrices: one hidden layer).
  ///   - configuration: sizes and constants; `paper(kind)` by default.
  ///   - rng: the generator for PyTorch's initialisation.
  public init(
    kind: LearnedOptimizerKind, weightShapes: [(rows: Int, columns: Int)],
    configuration: LearnedOptimizerConfiguration? = nil, using rng: inout SplitMix64
  ) {
    require(
      weightShapes.count >= 2,
      "LearnedOptimizer: the network needs at least one hidden layer (two weight matrices)")
    let configuration = configuration ?? .paper(kind)
    require(
      configuration.smallestStepSize > 0
        && configuration.smallestStepSize < configuration.initialStepSize
        && configuration.initialStepSize < configuration.largestStepSize,
      "LearnedOptimizer: step sizes must satisfy 0 < smallest < initial < largest")
    self.kind = kind
    self.configuration = configuration
    self.weightShapes = weightShapes
    let sizes = weightShapes.map { $0.rows * $0.columns }
    teleportLSTMs = []
    generatorHeads = []
    stepSizeHeads = []
    // Paired initialisation: the teleport networks and the update network draw from two
    // streams of one seed, whatever the kind, so LSTM(update) and LSTM(update, tele) built
    // from the same generator start with the same update LSTM and head.
    let base = rng.next()
    var teleportRNG = SplitMix64.stream(seed: base, index: 0)
    var updateRNG = SplitMix64.stream(seed: base, index: 1)
    if kind.teleports {
      let h = configuration.teleportHiddenSize
      for m in 0..<(weightShapes.count - 1) {
        let k = weightShapes[m].rows
        teleportLSTMs.append(
          StackedLSTM(
            inputSize: sizes[m] + sizes[m + 1],
            hiddenSizes: Array(repeating: h, count: configuration.cellsPerLSTM),
            using: &teleportRNG))
        generatorHeads.append(LinearLayer(inputSize: h, outputSize: k * k, using: &teleportRNG))
        if kind == .learningRateAndTeleport {
          // PyTorch's weights, and the bias at the output that means η₀ (`StepSizeHead.swift`).
          var head = LinearLayer(inputSize: h, outputSize: 1, using: &teleportRNG)
          head.bias = .scalar(configuration.initialHeadOutput)
          stepSizeHeads.append(head)
        }
      }
    }
    if kind.learnsUpdate {
      let h = configuration.updateHiddenSize
      let total = sizes.reduce(0, +)
      updateLSTM = StackedLSTM(
        inputSize: total, hiddenSizes: Array(repeating: h, count: configuration.cellsPerLSTM),
        using: &updateRNG)
      updateHead = LinearLayer(inputSize: h, outputSize: total, using: &updateRNG)
    }
  }

  /// The same trained optimizer with its teleports switched off (‖T‖_F = 0, so g = I):
  /// an ablation that keeps the learned step sizes or updates.
  public var withoutTeleport: LearnedOptimizer {
    var copy = self
    copy.configuration.generatorNorm = 0
    return copy
  }

  // MARK: - Parameters

  /// Every meta-parameter, in a fixed order: per teleport LSTM its cells, its
  /// generator head and (LSTM(lr, tele)) its step-size head; then the update LSTM and head.
  public var parameters: [Matrix] {
    get {
      var out: [Matrix] = []
      for m in teleportLSTMs.indices {
        out += teleportLSTMs[m].parameters + generatorHeads[m].parameters
        if !stepSizeHeads.isEmpty { out += stepSizeHeads[m].parameters }
      }
      if let updateLSTM, let updateHead { out += updateLSTM.parameters + updateHead.parameters }
      return out
    }
    set {
      let old = parameters
      require(
        newValue.count == old.count,
        "LearnedOptimizer: \(old.count) parameter matrices expected, got \(newValue.count)")
      var cursor = 0
      func take(_ n: Int) -> [Matrix] {
        defer { cursor += n }
        return Array(newValue[cursor..<(cursor + n)])
      }
      let head = LinearLayer.parameterCount
      for m in teleportLSTMs.indices {
        teleportLSTMs[m].parameters = take(teleportLSTMs[m].parameterCount)
        generatorHeads[m].parameters = take(head)
        if !stepSizeHeads.isEmpty { stepSizeHeads[m].parameters = take(head) }
      }
      if let count = updateLSTM?.parameterCount {
        updateLSTM?.parameters = take(count)
        updateHead?.parameters = take(head)
      }
    }
  }

  /// Names of `parameters`, in order ("teleport0.layer1.hiddenWeights", "update.head.bias", …).
  public var parameterNames: [String] {
    var out: [String] = []
    for m in teleportLSTMs.indices {
      out += teleportLSTMs[m].parameterNames.map { "teleport\(m).\($0)" }
      out += ["teleport\(m).head.weight", "teleport\(m).head.bias"]
      if !stepSizeHeads.isEmpty {
        out += ["teleport\(m).stepSize.weight", "teleport\(m).stepSize.bias"]
      }
    }
    if let updateLSTM {
      out +=
        updateLSTM.parameterNames.map { "update.\($0)" } + [
          "update.head.weight", "update.head.bias",
        ]
    }
    return out
  }

  /// True for the parameters of the update LSTM; the paper trains the two
  /// groups with different Adam learning rates (1e-3 update, 1e-4 teleport).
  public var isUpdateParameter: [Bool] { parameterNames.map { $0.hasPrefix("update.") } }

  /// The number of scalars in all meta-parameters.
  public var scalarCount: Int { parameters.reduce(0) { $0 + $1.count } }

  // MARK: - One inner step

  /// The state before the first inner step: zero LSTM states and η₀.
  public func initialState() -> LearnedOptimizerState {
    LearnedOptimizerState(
      teleport: teleportLSTMs.map { $0.zeroState() },
      update: updateLSTM?.zeroState() ?? [],
      stepSize: Variable.constant(configuration.initialStepSize))
  }

  /// One inner step of the learned optimizer, differentiable with respect to
  /// `parameters` (pass leaves) and the incoming weights and state.
  ///
  /// LSTM(lr, tele): W ← W − η ∇ℒ with η from the previous step, then the
  /// LSTM reads ∇ℒ and outputs T and the next η, and W is teleported.
  /// LSTM(update): W ← W − ΔW. LSTM(update, tele): W ← W − ΔW, then teleport.
  ///
  /// - Parameters:
  ///   - weights: W₁ … W_L (variables; the current point).
  ///   - gradients: ∂ℒ/∂Wᵢ at that point, as plain matrices (inputs only).
  ///   - x: the task's input X, a constant (the teleport's data dependence).
  ///   - state: the recurrent state.
  ///   - parameters: the meta-parameters, as variables, in the order of `parameters`.
  /// - Returns: the new weights and state.
  /// - Throws: `AutodiffError` when a pseudo-inverse or exact inverse in the teleport fails.
  public func step(
    weights: [Variable], gradients: [Matrix], input x: Variable,
    state: LearnedOptimizerState, parameters p: [Variable]
  ) throws
    -> (weights: [Variable], state: LearnedOptimizerState)
  {
    require(
      weights.count == weightShapes.count && gradients.count == weightShapes.count,
      "LearnedOptimizer.step: \(weights.count) weights and \(gradients.count) gradients "
        + "for a network of \(weightShapes.count) layers")
    require(
      p.count == parameterCount,
      "LearnedOptimizer.step: \(p.count) parameters, expected \(parameterCount)")
    var w = weights
    var next = state
    var cursor = 0
    func take(_ n: Int) -> ArraySlice<Variable> {
      defer { cursor += n }
      return p[cursor..<(cursor + n)]
    }
    // The gradients enter as constants, flattened row-major as PyTorch's `flatten`.
    // [rows·cols, 1] each.
    let flat = gradients.map { Variable(constant: $0.reshaped($0.count, 1)) }

    // Teleport LSTMs read the gradients at the pre-update point; take their
    // outputs first so that the parameter order matches `parameters`.
    var elements: [(g: Variable, gInverse: Variable)] = []
    var stepSizes: [Variable] = []
    for m in teleportLSTMs.indices {
      let input = Variable.vstack([flat[m], flat[m + 1]])  // [|W_m| + |W_{m+1}|, 1]
      let states = StackedLSTM.step(
        input: input, states: state.teleport[m],
        parameters: take(teleportLSTMs[m].parameterCount))
      next.teleport[m] = states
      let h = states[states.count - 1].hidden  // [H, 1]
      let k = weightShapes[m].rows
      let generatorOutput = LinearLayer.apply(h, parameters: take(LinearLayer.parameterCount))
      let t = generatorOutput.reshaped(k, k)  // [k, k]
        .rescaled(toNorm: configuration.generatorNorm)
      let identity = Variable(constant: .identity(k))
      let g = identity + t
      let gInverse = configuration.inverse == .exact ? try g.inverse() : identity - t
      elements.append((g, gInverse))
      if !stepSizeHeads.isEmpty {
        let z = LinearLayer.apply(h, parameters: take(LinearLayer.parameterCount))  // [1, 1]
        stepSizes.append(configuration.stepSize(headOutput: z))  // η in (η_min, η_max)
      }
    }

    if kind == .learningRateAndTeleport {
      for i in w.indices {
        w[i] =
          w[i]
          - flat[i].reshaped(weightShapes[i].rows, weightShapes[i].columns)
          .scaled(by: state.stepSize)
      }
      next.stepSize = stepSizes.dropFirst().reduce(stepSizes[0], +)
        .scaled(by: 1 / Double(stepSizes.count))  // the mean over teleport LSTMs
    }
    if let updateLSTM {
      let input = Variable.vstack(flat)  // [Σ|W_i|, 1]
      let states = StackedLSTM.step(
        input: input, states: state.update,
        parameters: take(updateLSTM.parameterCount))
      next.update = states
      let limit = configuration.updateLimit
      let delta = LinearLayer.apply(
        states[states.count - 1].hidden, parameters: take(LinearLayer.parameterCount)
      )
      .clamped(to: -limit, limit)  // [Σ|W_i|, 1]
      var offset = 0
      for i in w.indices {
        let (r, c) = weightShapes[i]
        w[i] = w[i] - delta.rows(offset..<(offset + r * c)).reshaped(r, c)
        offset += r * c
      }
    }
    if kind.teleports {
      let symmetry = NetworkSymmetry(LeakyReLUAction(inverse: configuration.inverse))
      w = try symmetry.transform(weights: w, input: x, elements: elements)
    }
    return (w, next)
  }

  /// The number of meta-parameter matrices: each LSTM's cells, plus one `LinearLayer`
  /// per head (a generator head per teleport LSTM, a step-size head for LSTM(lr, tele),
  /// an update head), for stacks of any depth.
  public var parameterCount: Int {
    let head = LinearLayer.parameterCount
    let teleport =
      teleportLSTMs.reduce(0) { $0 + $1.parameterCount }
      + (generatorHeads.count + stepSizeHeads.count) * head
    return teleport + (updateLSTM.map { $0.parameterCount + head } ?? 0)
  }
}
