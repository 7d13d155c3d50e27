// One training loop for every experiment: mini-batch optimisation with a teleport schedule. Introduced in chapter 02.

import Foundation
import Support
import Linear
import Autodiff
import Nets
import Optimizers

/// When and how to teleport during training (`paper.md` §3.5).
///
/// The paper teleports before each of the first k mini-batch steps of chosen
/// epochs (8 teleports of 10 ascent steps in epoch 0 or 2), each on a fresh
/// batch of 200 training samples; the predecessor teleports before given
/// global steps. Both are expressed here.
public struct TeleportSchedule: Sendable {
  /// 0-based epochs during which to teleport.
  public var epochs: Set<Int>
  /// In each such epoch, teleport before each of the first `teleportsPerEpoch` steps.
  public var teleportsPerEpoch: Int
  /// Global 0-based step indices before which to teleport (in addition).
  public var steps: Set<Int>
  /// Samples in each teleport batch, drawn afresh from the training set.
  public var teleportBatchSize: Int
  /// The teleporter: a symmetry `Teleporter` or a `LevelSetTeleporter`.
  public var teleporter: any WeightTeleporter
  /// What happens to the optimizer's state after a teleport.
  public var statePolicy: StatePolicy

  /// A schedule.
  public init(
    epochs: Set<Int> = [], teleportsPerEpoch: Int = 8, steps: Set<Int> = [],
    teleportBatchSize: Int = 200, teleporter: any WeightTeleporter,
    statePolicy: StatePolicy = .reset
  ) {
    require(
      statePolicy != .transport || teleporter.providesGroupElements,
      "TeleportSchedule: the \(teleporter.name) teleporter moves without a group, so the optimizer's "
        + "state cannot be transported; choose the reset or keep policy")
    self.epochs = epochs
    self.teleportsPerEpoch = teleportsPerEpoch
    self.steps = steps
    self.teleportBatchSize = teleportBatchSize
    self.teleporter = teleporter
    self.statePolicy = statePolicy
  }

  /// True when a teleport precedes global step `step` (the `stepInEpoch`-th of `epoch`).
  public func teleports(beforeStep step: Int, epoch: Int, stepInEpoch: Int) -> Bool {
    steps.contains(step) || (epochs.contains(epoch) && stepInEpoch < teleportsPerEpoch)
  }

  /// The next teleport batch: `teleportBatchSize` samples drawn with replacement,
  /// exactly as `train` draws them from a generator seeded with the configuration's seed.
  public func drawBatch(from train: some LabelledSamples, using rng: inout SplitMix64) -> Batch {
    let indices = rng.nextIndices(teleportBatchSize, below: train.count)
    let (x, labels) = train.batch(indices)
    return Batch(input: x, labels: labels)
  }
}

/// The knobs of one training run.
public struct TrainingConfiguration: Sendable {
  /// Passes over the training set.
  public var epochCount: Int
  /// Samples per mini-batch (20 in the paper).
  public var batchSize: Int
  /// The optimizer, with its learning rate.
  public var optimizer: any Optimizer
  /// Teleports, or nil for none.
  public var schedule: TeleportSchedule?
  /// Seeds the teleport batches (the mini-batches themselves come in fixed order, as in the paper).
  public var seed: UInt64
  /// Evaluate the loss on the test set after every epoch (off for sweeps that need only the end).
  public var evaluateEveryEpoch: Bool

  /// The seed of the teleport batches when a caller names none: an arbitrary fixed
  /// number, so that two runs of the same configuration draw the same batches.
  public static let defaultSeed: UInt64 = 54321

  /// A configuration.
  public init(
    epochCount: Int, batchSize: Int = 20, optimizer: any Optimizer,
    schedule: TeleportSchedule? = nil, seed: UInt64 = TrainingConfiguration.defaultSeed,
    evaluateEveryEpoch: Bool = true
  ) {
    self.epochCount = epochCount
    self.batchSize = batchSize
    self.optimizer = optimizer
    self.schedule = schedule
    self.seed = seed
    self.evaluateEveryEpoch = evaluateEveryEpoch
  }
}

/// The losses after one epoch.
public struct EpochRecord: Codable, Sendable, Equatable {
  /// 0 for the initial weights, then 1, 2, … after each epoch.
  public var epoch: Int
  /// The sample-weighted mean of the mini-batch losses seen during the epoch, each
  /// before its step (the paper's "training loss"); for epoch 0, the loss on the
  /// whole training set.
  public var trainLoss: Double
  /// Mean cross-entropy on the test set (the paper's "validation loss"); NaN when not evaluated.
  public var testLoss: Double
  /// Wall-clock seconds of training so far, teleports included, evaluation excluded.
  public var wallSeconds: Double
  /// Of those, the seconds spent teleporting.
  public var teleportSeconds: Double
}

/// What one teleport did during training.
public struct TeleportRecord: Codable, Sendable, Equatable {
  /// The global step it preceded.
  public var step: Int
  /// The epoch (0-based) it happened in.
  public var epoch: Int
  /// The objective before and after (‖∇ℒ‖² on the teleport batch for the paper's teleports).
  public var objectiveBefore: Double
  public var objectiveAfter: Double
  /// The loss on the teleport batch before and after.
  public var lossBefore: Double
  public var lossAfter: Double
  /// Wall-clock seconds.
  public var seconds: Double
  /// True when the acceptance test (or a non-finite step) rolled it back.
  public var rolledBack: Bool
}

/// Everything a training run recorded.
public struct TrainingHistory: Codable, Sendable {
  /// Epoch 0 (initial weights) and one record per epoch.
  public var epochs: [EpochRecord] = []
  /// Every teleport, in order.
  public var teleports: [TeleportRecord] = []
  /// The loss of every mini-batch before its step.
  public var stepLosses: [Double] = []

  /// An empty history.
  public init() {}
}

/// A training run's result.
public struct TrainingRun: Sendable {
  /// The trained network.
  public var model: MLP
  /// Its record.
  public var history: TrainingHistory
}

/// Training stopped because a loss or gradient became NaN or infinite.
public struct TrainingDivergedError: Error, CustomStringConvertible {
  public let epoch: Int
  public let step: Int
  public let learningRate: Double
  /// What the run recorded before it stopped (its completed epochs and teleports), so
  /// that a sweep can keep a blown-up run instead of losing it.
  public var history = TrainingHistory()

  public init(
    epoch: Int, step: Int, learningRate: Double, history: TrainingHistory = TrainingHistory()
  ) {
    self.epoch = epoch
    self.step = step
    self.learningRate = learningRate
    self.history = history
  }

  public var description: String {
    "training diverged to NaN or infinity at epoch \(epoch + 1), step \(step) (learning rate "
      + "\(learningRate)); lower the learning rate or the teleport learning rate, or change --seed"
  }
}

/// What the step observer sees before each step.
public struct StepContext {
  /// The global step index (0-based) and its epoch.
  public let step: Int
  public let epoch: Int
  /// The network before the step (after any teleport that preceded it).
  public let model: MLP
  /// The mini-batch loss and gradients at that network.
  public let loss: Double
  public let gradients: [Matrix]
}

/// Trains `model` on `train` with mini-batches in fixed order, teleporting on schedule.
///
/// The one mini-batch training loop of the package: chapters 2, 4 and 5 all train
/// through it. **Partial batches:** an epoch is `train.count / batchSize` full batches;
/// a final partial batch is dropped (the paper's loaders keep it, but with 50,000 or
/// 4,000 training samples and batches of 20 there is none).
///
/// This is the loop of `paper.md` §3.0: batches of `batchSize` consecutive
/// samples in the stored order (the paper's SequentialSampler), the reported
/// training loss is the mean of the mini-batch losses seen in the epoch, and the
/// test loss is evaluated after each epoch. A teleport draws a fresh batch of
/// `teleportBatchSize` samples, moves the weights, and applies the schedule's
/// state policy to the optimizer; its cost is counted in the wall time.
///
/// - Parameters:
///   - model: the initial network.
///   - train: the training set; a final partial batch is dropped.
///   - test: the test set.
///   - configuration: epochs, batch size, optimizer, schedule, seed.
///   - observe: called before every step (for chapter 02's gradient norms); its time is not counted.
///   - beforeStep: a caller's own change to the network before a step, after any scheduled
///     teleport (chapter 04's φ and ψ teleports), given the epoch and the step in the epoch;
///     its time is counted.
/// - Returns: the trained network and its history.
/// - Throws: `TrainingDivergedError` when the loss becomes NaN or infinite, or when a teleport
///   or `beforeStep` fails on weights a step has made non-finite or meets NaN or infinity
///   computing with them (`LinearAlgebraError.nonFinite`); other teleport errors, and
///   whatever `beforeStep` throws.
public func train(
  _ model: MLP, on train: some LabelledSamples, test: some LabelledSamples,
  configuration: TrainingConfiguration,
  observe: ((StepContext) -> Void)? = nil,
  beforeStep: ((_ epoch: Int, _ stepInEpoch: Int, _ model: inout MLP) throws -> Void)? = nil
)
  throws -> TrainingRun
{
  var net = model
  var optimizer = configuration.optimizer
  var history = TrainingHistory()
  var rng = SplitMix64(seed: configuration.seed)
  let batchesPerEpoch = train.count / configuration.batchSize
  require(
    batchesPerEpoch > 0,
    "train: \(train.count) samples cannot fill one batch of \(configuration.batchSize)")

  func testLoss() -> Double { net.loss(input: test.images, labels: test.labels) }
  history.epochs.append(
    EpochRecord(
      epoch: 0, trainLoss: net.loss(input: train.images, labels: train.labels),
      testLoss: testLoss(), wallSeconds: 0, teleportSeconds: 0))
  var wall = 0.0, teleportTime = 0.0
  var step = 0
  for epoch in 0..<configuration.epochCount {
    let clock = Stopwatch()
    var observing = 0.0
    var lossSum = 0.0
    for b in 0..<batchesPerEpoch {
      do {
        if let schedule = configuration.schedule,
          schedule.teleports(beforeStep: step, epoch: epoch, stepInEpoch: b)
        {
          let outcome = try schedule.teleporter.teleport(
            net.weights, on: schedule.drawBatch(from: train, using: &rng))
          net.weights = outcome.weights
          if !outcome.rolledBack {
            optimizer.teleported(
              schedule.statePolicy, elements: outcome.elements, after: net.weights)
          }
          teleportTime += outcome.cost.seconds
          history.teleports.append(
            TeleportRecord(
              step: step, epoch: epoch, objectiveBefore: outcome.objective.before,
              objectiveAfter: outcome.objective.after, lossBefore: outcome.batchLoss.before,
              lossAfter: outcome.batchLoss.after, seconds: outcome.cost.seconds,
              rolledBack: outcome.rolledBack))
        }
        try beforeStep?(epoch, b, &net)
      } catch {
        // A step that left the weights non-finite, or so large that a teleport met NaN or
        // infinity computing with them (its pseudo-inverse's Gram matrix overflows), is a
        // divergence, whatever noticed it first: the run keeps its history.
        var metNonFinite = false
        if case .nonFinite? = error as? LinearAlgebraError { metNonFinite = true }
        guard net.weights.allSatisfy(\.isFinite) && !metNonFinite else {
          throw TrainingDivergedError(
            epoch: epoch, step: step, learningRate: optimizer.learningRate, history: history)
        }
        throw error
      }
      let (x, labels) = train.batch(
        range: (b * configuration.batchSize)..<((b + 1) * configuration.batchSize))
      let (loss, gradients) = net.lossAndGradientByBackpropagation(input: x, labels: labels)
      guard loss.isFinite else {
        throw TrainingDivergedError(
          epoch: epoch, step: step, learningRate: optimizer.learningRate,
          history: history)
      }
      if let observe {
        let watch = Stopwatch()
        observe(StepContext(step: step, epoch: epoch, model: net, loss: loss, gradients: gradients))
        observing += watch.elapsedSeconds
      }
      optimizer.step(&net.weights, gradients: gradients)
      history.stepLosses.append(loss)
      lossSum += loss
      step += 1
    }
    wall += clock.elapsedSeconds - observing
    history.epochs.append(
      EpochRecord(
        epoch: epoch + 1, trainLoss: lossSum / Double(batchesPerEpoch),
        testLoss: configuration.evaluateEveryEpoch || epoch + 1 == configuration.epochCount
          ? testLoss() : .nan,
        wallSeconds: wall, teleportSeconds: teleportTime))
  }
  return TrainingRun(model: net, history: history)
}
