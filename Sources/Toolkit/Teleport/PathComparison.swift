// One teleport done on both paths from the same weights and batch, and a training run replayed so. Introduced in chapter 05.

import Foundation
import Support
import Linear
import Nets

/// What the reference path and the fast path did with one teleport, from the same
/// weights and batch.
///
/// The two compute the same mathematics with different rounding, so on a
/// well-conditioned teleport their weights agree to about 10⁻¹⁰ (the tests). Where
/// an inner step's group element is ill-conditioned, rounding grows by up to its
/// κ₁ at each step, and the two can end far apart, or one can roll back where the
/// other does not: then neither result is determined by the algorithm alone.
public struct PathComparison: Codable, Sendable, Equatable {
  /// max |W_ref − W_fast| / max |W_ref| over every entry of the weights after the teleport.
  public let relativeDifference: Double
  /// Whether each path rolled the teleport back (a path that threw at the start counts as
  /// rolled back).
  public let referenceRolledBack: Bool, fastRolledBack: Bool
  /// Whether each path threw at the starting weights (a singular Gram matrix, say).
  public let referenceThrew: Bool, fastThrew: Bool
  /// J after the teleport on each path.
  public let referenceObjective: Double, fastObjective: Double
  /// The largest κ₁ of one inner step's element on each path (`TeleportOutcome.largestStepCondition`).
  public let referenceCondition: Double, fastCondition: Double

  /// True when one path kept the teleport and the other rolled it back.
  public var decisionsDiffer: Bool { referenceRolledBack != fastRolledBack }

  /// Compares two outcomes of the same teleport.
  public init(reference r: TeleportOutcome, fast f: TeleportOutcome) {
    relativeDifference = largestRelativeDifference(r.weights, f.weights)
    (referenceRolledBack, fastRolledBack) = (r.rolledBack, f.rolledBack)
    (referenceThrew, fastThrew) = (false, false)
    (referenceObjective, fastObjective) = (r.objective.after, f.objective.after)
    (referenceCondition, fastCondition) = (r.largestStepCondition, f.largestStepCondition)
  }

  /// The reference's outcome beside a fast path that threw at the starting weights.
  init(reference r: TeleportOutcome, fastThrew: Void) {
    relativeDifference = r.rolledBack ? 0 : .infinity
    (referenceRolledBack, fastRolledBack) = (r.rolledBack, true)
    (referenceThrew, self.fastThrew) = (false, true)
    (referenceObjective, fastObjective) = (r.objective.after, .nan)
    (referenceCondition, fastCondition) = (r.largestStepCondition, .nan)
  }

  /// A reference that threw at the starting weights, beside the fast path's outcome (nil:
  /// it threw too).
  init(fast f: TeleportOutcome?) {
    relativeDifference = f.map { $0.rolledBack ? 0 : .infinity } ?? 0
    (referenceRolledBack, fastRolledBack) = (true, f?.rolledBack ?? true)
    (referenceThrew, fastThrew) = (true, f == nil)
    (referenceObjective, fastObjective) = (.nan, f?.objective.after ?? .nan)
    (referenceCondition, fastCondition) = (.nan, f?.largestStepCondition ?? .nan)
  }
}

/// A `WeightTeleporter` that teleports on the reference path and repeats every
/// teleport on the fast path, keeping a `PathComparison` of each.
///
/// Training goes on from the reference's outcome, so a replayed run follows the
/// generic autodiff graph and each comparison starts from the weights the reference
/// reached.
public final class PathComparingTeleporter: WeightTeleporter, @unchecked Sendable {
  /// The same teleporter on each path.
  public let reference: Teleporter, fast: Teleporter
  private let lock = NSLock()
  private var kept: [PathComparison] = []

  /// Both paths of `teleporter`'s symmetry, objective and settings.
  public init(_ teleporter: Teleporter) {
    reference = Teleporter(
      symmetry: teleporter.symmetry, objective: teleporter.objective,
      settings: teleporter.settings, path: .reference)
    fast = Teleporter(
      symmetry: teleporter.symmetry, objective: teleporter.objective,
      settings: teleporter.settings, path: .automatic)
  }

  public var name: String { reference.name }
  public var providesGroupElements: Bool { true }

  /// The comparisons so far, in teleport order.
  public var comparisons: [PathComparison] { lock.withLock { kept } }

  /// The reference's teleport, compared with the fast path's of the same weights and batch.
  ///
  /// A path that throws at the starting weights (a singular Gram matrix, say) counts as
  /// rolled back, at infinite distance from a path that did not throw and at none from
  /// one that threw too. When the reference throws, its error is rethrown after the
  /// comparison is kept, as the reference alone would have thrown it.
  public func teleport(_ weights: [Matrix], on batch: Batch) throws -> TeleportOutcome {
    let r = Result { try reference.teleport(weights, on: batch) }
    let f = Result { try fast.teleport(weights, on: batch) }
    let comparison: PathComparison
    switch (r, f) {
    case (.success(let a), .success(let b)): comparison = PathComparison(reference: a, fast: b)
    case (.success(let a), .failure): comparison = PathComparison(reference: a, fastThrew: ())
    case (.failure, .success(let b)): comparison = PathComparison(fast: b)
    case (.failure, .failure): comparison = PathComparison(fast: nil)
    }
    lock.withLock { kept.append(comparison) }
    return try r.get()
  }
}

/// Replays a training run up to the end of its last teleport epoch with every teleport
/// done on both paths (`PathComparingTeleporter`), training on from the reference's.
///
/// - Parameters:
///   - model: the initial network.
///   - train: the training set.
///   - test: the test set (the loop measures it each epoch).
///   - configuration: the run's configuration; its schedule's teleporter must be a
///     `Teleporter` and its teleports must come in scheduled epochs, not at given steps.
/// - Returns: one comparison per teleport, in order; fewer when the run stopped first, on a
///   divergence or on a teleport the reference could not start (the last comparison; the
///   run it replays stopped there too, `TrainingAttempt`).
public func comparePaths(
  _ model: MLP, on trainSet: some LabelledSamples, test: some LabelledSamples,
  configuration: TrainingConfiguration
) throws -> [PathComparison] {
  guard var schedule = configuration.schedule, let teleporter = schedule.teleporter as? Teleporter
  else {
    requirementFailure("comparePaths: the configuration must teleport with a Teleporter")
  }
  require(
    schedule.steps.isEmpty && !schedule.epochs.isEmpty,
    "comparePaths: replays teleports scheduled by epoch only, got steps \(schedule.steps.sorted())")
  let comparing = PathComparingTeleporter(teleporter)
  schedule.teleporter = comparing
  var replay = configuration
  replay.schedule = schedule
  replay.epochCount = min(configuration.epochCount, schedule.epochs.max()! + 1)
  do {
    _ = try train(model, on: trainSet, test: test, configuration: replay)
  } catch is TrainingDivergedError {
  } catch {
    // Only the teleporter throws here besides a divergence: the reference's failure,
    // which the comparing teleporter kept before rethrowing it.
    require(
      comparing.comparisons.last?.referenceThrew == true,
      "comparePaths: training stopped on an error no teleport raised: \(error)")
  }
  return comparing.comparisons
}

/// How often the two paths parted over the teleports of many replayed runs, and how that
/// goes with the conditioning of the steps (chapter 05's table).
public struct PathAgreement: Sendable {
  /// Runs, and teleports over all of them.
  public let runs: Int, teleports: Int
  /// Teleports whose weights parted by more than `partedAbove` (relative), and the runs with one.
  public let teleportsParted: Int, runsParted: Int
  /// Teleports one path rolled back and the other kept, and the runs with one.
  public let decisionsDiffering: Int, runsWithDecisionsDiffering: Int
  /// The largest relative difference over every teleport.
  public let largestDifference: Double
  /// Teleports whose reference took a step with κ₁ ≥ `conditionAbove` (or could not start),
  /// and how many of those parted.
  public let illConditioned: Int, illConditionedParted: Int
  /// The thresholds.
  public let partedAbove: Double, conditionAbove: Double

  /// Sums the comparisons of each run.
  ///
  /// - Parameters:
  ///   - runs: each replayed run's comparisons (`comparePaths`).
  ///   - partedAbove: a teleport "parts" when its relative difference exceeds this (or is NaN).
  ///   - conditionAbove: a teleport is ill-conditioned when its reference's largest κ₁ reaches this.
  public init(_ runs: [[PathComparison]], partedAbove: Double = 1e-6, conditionAbove: Double = 100)
  {
    func parted(_ c: PathComparison) -> Bool { Self.parted(c, above: partedAbove) }
    func ill(_ c: PathComparison) -> Bool { !(c.referenceCondition < conditionAbove) }
    let all = runs.flatMap { $0 }
    self.runs = runs.count
    teleports = all.count
    teleportsParted = all.filter(parted).count
    runsParted = runs.filter { $0.contains(where: parted) }.count
    decisionsDiffering = all.filter(\.decisionsDiffer).count
    runsWithDecisionsDiffering = runs.filter { $0.contains(where: \.decisionsDiffer) }.count
    largestDifference = all.map(\.relativeDifference).max() ?? 0
    illConditioned = all.filter(ill).count
    illConditionedParted = all.filter { ill($0) && parted($0) }.count
    self.partedAbove = partedAbove
    self.conditionAbove = conditionAbove
  }

  /// Whether a teleport's paths parted: relative difference above `above` (or NaN).
  public static func parted(_ c: PathComparison, above: Double = 1e-6) -> Bool {
    !(c.relativeDifference <= above)
  }

  /// The indices of the runs in which every teleport agreed: no parting above
  /// `partedAbove` and no differing rollback decision.
  public static func runsInAgreement(
    _ runs: [[PathComparison]], partedAbove: Double = 1e-6
  ) -> [Int] {
    runs.indices.filter { i in
      !runs[i].contains { parted($0, above: partedAbove) || $0.decisionsDiffer }
    }
  }
}
