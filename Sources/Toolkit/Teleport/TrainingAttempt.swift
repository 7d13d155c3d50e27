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
  /// True when training stopped early because a loss turned NaN or infinite, or on a
  /// numerical error (`failure`).
  public var diverged: Bool
  /// The error that stopped training when it was not a NaN loss (a teleport whose
  /// pseudo-inverse met a singular Gram matrix, …); nil otherwise.
  public var failure: String?

  /// An attempt with the given records.
  public init(
    epochs: [EpochRecord], teleports: [TeleportRecord], diverged: Bool, failure: String? = nil
  ) {
    self.epochs = epochs
    self.teleports = teleports
    self.diverged = diverged
    self.failure = failure
  }

  /// Trains as `train(_:on:test:configuration:observe:)` does, but records a
  /// divergence, or a numerical error that stops training (a singular teleport at
  /// weights an earlier step made degenerate), instead of throwing it: a sweep keeps
  /// such a run as a blow-up rather than losing the others.
  ///
  /// `beforeStep` is `train`'s: a caller's own change to the network before a step
  /// (chapter 04's φ and ψ teleports); an error it throws ends the run as a blow-up.
  ///
  /// - Note: the epochs of a run stopped by an error other than divergence are not
  ///   kept (the loop does not hand them back); the error's text is in `failure`.
  public init(
    training model: MLP, on trainSet: some LabelledSamples, test: some LabelledSamples,
    configuration: TrainingConfiguration, observe: ((StepContext) -> Void)? = nil,
    beforeStep: ((_ epoch: Int, _ stepInEpoch: Int, _ model: inout MLP) throws -> Void)? = nil
  ) {
    do {
      let run = try train(
        model, on: trainSet, test: test, configuration: configuration, observe: observe,
        beforeStep: beforeStep)
      self.init(epochs: run.history.epochs, teleports: run.history.teleports, diverged: false)
    } catch let error as TrainingDivergedError {
      self.init(epochs: error.history.epochs, teleports: error.history.teleports, diverged: true)
    } catch {
      self.init(epochs: [], teleports: [], diverged: true, failure: "\(error)")
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
  public func outcome(
    _ key: KeyPath<EpochRecord, Double>, atEpoch epoch: Int? = nil,
    rule: BlowUpRule
  ) -> RunOutcome {
    let wanted = epoch ?? (epochs.count - 1)
    let reached = epochs.count > wanted && (!diverged || epoch != nil)
    let leftBound = epochs.prefix(wanted + 1).contains {
      !$0.trainLoss.isFinite || $0.trainLoss > rule.bound
    }
    guard reached else { return .blownUp }
    return rule.outcome(epochs[wanted][keyPath: key], divergedEarlier: leftBound)
  }

  /// The run's `key` epoch by epoch, +∞ from the first epoch whose training loss is NaN,
  /// infinite or beyond the rule's bound: what a median band over runs should see, so that a
  /// run that blew up but stayed finite (a loss of 494 after a long teleport step) is never
  /// drawn as a value.
  ///
  /// - Parameters:
  ///   - key: the loss to return (`\.trainLoss` or `\.testLoss`).
  ///   - rule: what counts as a blow-up.
  /// - Returns: one value per recorded epoch (epoch 0 first).
  public func censored(_ key: KeyPath<EpochRecord, Double>, rule: BlowUpRule) -> [Double] {
    let first = epochs.firstIndex { !$0.trainLoss.isFinite || $0.trainLoss > rule.bound }
    return epochs.enumerated().map { e, record in
      first.map { e >= $0 } == true ? .infinity : record[keyPath: key]
    }
  }
}
