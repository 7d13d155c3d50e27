// One training run of a paired sweep, kept whether or not it blew up. Introduced in chapter 02.

import Support
import Linear
import Nets
import Experiments

/// A training run as a paired sweep stores it: the epoch and teleport records, and
/// whether training stopped on a NaN or infinite loss. The step losses are left
/// out (a 40-epoch Fashion-MNIST run has 100,000 of them).
public struct TrainingAttempt: Codable, Sendable {
  /// Epoch 0 (initial weights) and one record per completed epoch.
  public var epochs: [EpochRecord]
  /// Every teleport, in order.
  public var teleports: [TeleportRecord]
  /// True when training stopped early because a loss turned NaN or infinite.
  public var diverged: Bool

  /// An attempt with the given records.
  public init(epochs: [EpochRecord], teleports: [TeleportRecord], diverged: Bool) {
    self.epochs = epochs
    self.teleports = teleports
    self.diverged = diverged
  }

  /// Trains as `train(_:on:test:configuration:observe:)` does, but records a
  /// divergence instead of throwing it.
  ///
  /// - Throws: any error other than `TrainingDivergedError` (a singular teleport, …).
  public init(training model: MLP, on trainSet: some LabelledSamples, test: some LabelledSamples,
              configuration: TrainingConfiguration, observe: ((StepContext) -> Void)? = nil) throws {
    do {
      let run = try train(model, on: trainSet, test: test, configuration: configuration, observe: observe)
      self.init(epochs: run.history.epochs, teleports: run.history.teleports, diverged: false)
    } catch let error as TrainingDivergedError {
      self.init(epochs: error.history.epochs, teleports: error.history.teleports, diverged: true)
    }
  }

  /// The outcome this run enters a comparison with: a loss at `epoch` (the last
  /// epoch when nil), blown up when training diverged or any training loss up to
  /// that epoch is NaN or beyond the rule's bound.
  ///
  /// - Parameters:
  ///   - key: the loss to judge by (`\.trainLoss` or `\.testLoss`).
  ///   - epoch: the epoch (1-based count of completed epochs); nil for the last.
  ///   - rule: what counts as a blow-up.
  public func outcome(_ key: KeyPath<EpochRecord, Double>, atEpoch epoch: Int? = nil,
                      rule: BlowUpRule) -> RunOutcome {
    let wanted = epoch ?? (epochs.count - 1)
    let reached = epochs.count > wanted && (!diverged || epoch != nil)
    let leftBound = epochs.prefix(wanted + 1).contains { !$0.trainLoss.isFinite || $0.trainLoss > rule.bound }
    guard reached else { return .blownUp }
    return rule.outcome(epochs[wanted][keyPath: key], divergedEarlier: leftBound)
  }
}
