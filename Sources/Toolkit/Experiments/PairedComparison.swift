// The paired-runs protocol behind every verdict: outcomes, blow-ups, paired differences. Introduced in chapter 02.

import Foundation
import Support

/// What one run produced: a measured value, or a blow-up.
///
/// A run *blows up* when the quantity it is judged by turns NaN or infinite, or
/// leaves the bound stated for the comparison (`BlowUpRule`). A blown-up run is
/// kept, never dropped: it counts as the worst possible outcome of its arm.
public struct RunOutcome: Codable, Sendable, Equatable {
  /// The measured value (for example the final training loss); NaN when the run blew up
  /// before it could be measured.
  public var value: Double
  /// True when the run blew up.
  public var blewUp: Bool

  /// An outcome.
  public init(value: Double, blewUp: Bool) {
    self.value = value
    self.blewUp = blewUp
  }

  /// A run that blew up before its outcome could be measured.
  public static let blownUp = RunOutcome(value: .nan, blewUp: true)
}

/// When a run counts as blown up: its outcome turned NaN or infinite, or passed a bound.
public struct BlowUpRule: Sendable, Equatable, CustomStringConvertible {
  /// Values beyond this bound (above it when lower is better, below it otherwise) are blow-ups.
  public var bound: Double

  /// A rule with the given bound.
  public init(bound: Double) { self.bound = bound }

  /// The outcome of a run whose measured value is `value`.
  ///
  /// - Parameters:
  ///   - value: the measured value.
  ///   - lowerIsBetter: which side of the bound is a blow-up.
  ///   - divergedEarlier: true when the run already blew up on the way (a loss
  ///     left the bound before the end, or training stopped on NaN).
  public func outcome(_ value: Double, lowerIsBetter: Bool = true, divergedEarlier: Bool = false)
    -> RunOutcome
  {
    let beyond = lowerIsBetter ? value > bound : value < bound
    return RunOutcome(value: value, blewUp: divergedEarlier || !value.isFinite || beyond)
  }

  /// "NaN or > 10", for the table's header.
  public func text(lowerIsBetter: Bool = true) -> String {
    "NaN or " + (lowerIsBetter ? "> " : "< ") + formatSignificant(bound)
  }

  public var description: String { text() }
}

/// One arm of a comparison: a name and one outcome per paired seed (index i of
/// every arm comes from the same seed: same initialisation, same data order,
/// same teleport batches where both arms teleport).
public struct Arm: Sendable, Equatable {
  /// The arm's name in the table ("SGD + teleport").
  public var name: String
  /// Outcome of seed 0, 1, …
  public var outcomes: [RunOutcome]

  /// An arm.
  public init(name: String, outcomes: [RunOutcome]) {
    self.name = name
    self.outcomes = outcomes
  }
}

/// What the protocol concluded about a treatment against its baseline.
public enum Verdict: String, Sendable, Equatable {
  case better
  case worse
  case noDifferenceDetected = "no difference detected"
}

/// Median, interquartile range and blow-up count of one arm.
///
/// Blow-ups enter as the worst value (+∞ when lower is better, −∞ otherwise),
/// so the median and quartiles are over all runs; they stay finite while
/// fewer than half (a quarter, for the far quartile) of the runs blew up.
public struct ArmSummary: Sendable, Equatable {
  public let name: String
  public let runCount: Int
  public let median: Double
  public let lowerQuartile: Double
  public let upperQuartile: Double
  public let blowUps: Int

  /// The summary of `arm`.
  public init(_ arm: Arm, lowerIsBetter: Bool = true) {
    require(!arm.outcomes.isEmpty, "ArmSummary: arm '\(arm.name)' has no runs")
    let values = arm.outcomes.map { worstIfBlownUp($0, lowerIsBetter: lowerIsBetter) }
    name = arm.name
    runCount = values.count
    median = quantile(values, 0.5)
    (lowerQuartile, upperQuartile) = interquartileRange(values)
    blowUps = arm.outcomes.filter(\.blewUp).count
  }
}

/// The paired difference treatment − baseline over seeds, its bootstrap
/// interval, the counts, and the verdict.
///
/// The statistic is the **median of the paired differences** dᵢ = tᵢ − bᵢ
/// (seed i in both arms). Its 95 % interval is the percentile bootstrap:
/// `resampleCount` resamples of the n pairs with replacement, drawn from a
/// `SplitMix64` with the given seed, each giving the median of its
/// differences; the interval runs from the ⌊0.025·B⌋-th to the (⌈0.975·B⌉−1)-th
/// of those medians in sorted order (0-based).
///
/// Blow-ups: a blown-up run is the worst outcome, so a pair where only the
/// treatment blew up has d = +∞ when lower is better (worse), one where only
/// the baseline blew up d = −∞ (better), and one where both blew up is a tie
/// (d = 0).
///
/// The verdict rule: *better* (or *worse*) when the whole 95 % interval lies
/// on the better (worse) side of zero **and** the two-sided exact sign test on
/// the untied pairs gives p < 0.05; otherwise *no difference detected*. The
/// sign test guards the bootstrap where it is weakest, with few pairs: it
/// cannot reach 0.05 with fewer than six untied pairs, so one, two or five
/// pairs never give a verdict however large the difference.
public struct PairedDifference: Sendable, Equatable {
  public let treatment: String
  public let baseline: String
  /// The number of pairs.
  public let pairCount: Int
  /// The median of dᵢ = treatmentᵢ − baselineᵢ.
  public let medianDifference: Double
  /// The 95 % percentile-bootstrap interval of that median.
  public let interval: (lower: Double, upper: Double)
  /// Pairs where the treatment was better, worse, or tied with the baseline.
  public let betterCount: Int
  public let worseCount: Int
  public let tiedCount: Int
  /// The two-sided exact sign test p-value on the untied pairs (1 when all are tied).
  public let signTestP: Double
  /// What the rule concluded.
  public let verdict: Verdict

  public static func == (a: PairedDifference, b: PairedDifference) -> Bool {
    a.treatment == b.treatment && a.baseline == b.baseline && a.pairCount == b.pairCount
      && a.medianDifference == b.medianDifference && a.interval == b.interval
      && a.betterCount == b.betterCount && a.worseCount == b.worseCount
      && a.tiedCount == b.tiedCount && a.signTestP == b.signTestP && a.verdict == b.verdict
  }

  /// Compares `treatment` with `baseline`, pair by pair.
  ///
  /// - Parameters:
  ///   - treatment: the arm under test.
  ///   - baseline: the arm it is compared with; the same number of outcomes.
  ///   - lowerIsBetter: true for losses.
  ///   - bootstrapSeed: seeds the resampling, so the interval is reproducible.
  ///   - resampleCount: bootstrap resamples (10,000 by default).
  /// - Throws: `ExperimentError` when the arms have different numbers of runs or none.
  public init(
    treatment: Arm, baseline: Arm, lowerIsBetter: Bool = true,
    bootstrapSeed: UInt64, resampleCount: Int = 10_000
  ) throws {
    guard treatment.outcomes.count == baseline.outcomes.count, !baseline.outcomes.isEmpty else {
      throw ExperimentError(
        "cannot pair '\(treatment.name)' (\(treatment.outcomes.count) runs) with '\(baseline.name)' "
          + "(\(baseline.outcomes.count) runs); paired arms need the same seeds, at least one")
    }
    require(
      resampleCount >= 40,
      "PairedDifference: \(resampleCount) resamples cannot give a 95 % interval")
    let differences = zip(treatment.outcomes, baseline.outcomes).map {
      pairedDifference(treatment: $0, baseline: $1, lowerIsBetter: lowerIsBetter)
    }
    self.treatment = treatment.name
    self.baseline = baseline.name
    pairCount = differences.count
    medianDifference = median(differences)
    interval = bootstrapMedianInterval(
      differences, seed: bootstrapSeed, resampleCount: resampleCount)
    // The sign of a difference that favours the treatment.
    let sign: Double = lowerIsBetter ? -1 : 1
    betterCount = differences.filter { $0 * sign > 0 }.count
    worseCount = differences.filter { $0 * sign < 0 }.count
    tiedCount = differences.count - betterCount - worseCount
    signTestP = twoSidedSignTest(betterCount, worseCount)
    let significant = signTestP < 0.05
    if significant && interval.lower * sign > 0 && interval.upper * sign > 0
      && betterCount > worseCount
    {
      verdict = .better
    } else if significant && interval.lower * sign < 0 && interval.upper * sign < 0
      && worseCount > betterCount
    {
      verdict = .worse
    } else {
      verdict = .noDifferenceDetected
    }
  }
}

/// The value an outcome enters a comparison with: itself, or the worst value when it blew up.
func worstIfBlownUp(_ outcome: RunOutcome, lowerIsBetter: Bool) -> Double {
  outcome.blewUp ? (lowerIsBetter ? .infinity : -.infinity) : outcome.value
}

/// treatment − baseline, with blow-ups as the worst value and two blow-ups a tie.
func pairedDifference(treatment: RunOutcome, baseline: RunOutcome, lowerIsBetter: Bool) -> Double {
  if treatment.blewUp && baseline.blewUp { return 0 }
  return worstIfBlownUp(treatment, lowerIsBetter: lowerIsBetter)
    - worstIfBlownUp(baseline, lowerIsBetter: lowerIsBetter)
}

/// The 95 % percentile-bootstrap interval of the median of `differences`.
///
/// - Parameters:
///   - differences: the paired differences (±∞ allowed, no NaN).
///   - seed: seeds the resampling.
///   - resampleCount: B, the number of resamples.
/// - Returns: the ⌊0.025·B⌋-th and (⌈0.975·B⌉−1)-th resampled medians in sorted order.
/// - Complexity: O(B · n log n).
public func bootstrapMedianInterval(_ differences: [Double], seed: UInt64, resampleCount: Int)
  -> (lower: Double, upper: Double)
{
  let n = differences.count
  var rng = SplitMix64(seed: seed)
  var medians: [Double] = []
  medians.reserveCapacity(resampleCount)
  var resample = [Double](repeating: 0, count: n)
  for _ in 0..<resampleCount {
    for i in 0..<n { resample[i] = differences[Int(rng.next() % UInt64(n))] }
    medians.append(median(resample))
  }
  medians.sort()
  let low = Int((0.025 * Double(resampleCount)).rounded(.down))
  let high = Int((0.975 * Double(resampleCount)).rounded(.up)) - 1
  return (medians[low], medians[high])
}

/// The two-sided exact sign test: the probability, with no difference between
/// the arms, of a split of the untied pairs at least as lopsided as `a` to `b`.
///
/// - Returns: min(1, 2 · P(X ≤ min(a, b))) for X ~ Binomial(a + b, ½); 1 when a + b = 0.
public func twoSidedSignTest(_ a: Int, _ b: Int) -> Double {
  let n = a + b
  guard n > 0 else { return 1 }
  let k = min(a, b)
  // Σ_{i ≤ k} C(n, i) / 2ⁿ, each term in logarithms so that large n cannot underflow.
  var tail = 0.0
  for i in 0...k {
    tail += exp(
      lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1))
        - Double(n) * log(2))
  }
  return min(1, 2 * tail)
}
