// The one printed verdict table every chapter uses. Introduced in chapter 02.

import Foundation
import Support

/// A comparison of arms over paired seeds, printed the same way in every chapter.
///
/// Each arm gets its median, interquartile range and blow-up count; each
/// comparison (treatment against baseline) gets the median paired difference
/// with its 95 % bootstrap interval, the counts of better, worse and tied
/// pairs, the sign-test p-value and the verdict (`PairedDifference` states
/// the rule). For example:
///
///     verdict table: final training loss, lower is better; 20 paired seeds; blow-up = NaN or > 10
///       arm              median    IQR                blow-ups
///       SGD              0.3201    [0.315, 0.326]     0 of 20
///       SGD + teleport   0.3210    [0.317, 0.330]     1 of 20
///       SGD + teleport vs SGD: median difference +0.0012, 95% interval [-0.0010, +0.0040]
///         verdict: no difference detected (better in 8 of 20 pairs, worse in 11, tied 1; sign test p = 0.6476)
public struct VerdictTable: Sendable {
  /// What is measured ("final training loss").
  public let outcomeName: String
  /// True for losses.
  public let lowerIsBetter: Bool
  /// What counts as a blow-up.
  public let blowUpRule: BlowUpRule
  /// One summary per arm, in the order given.
  public let arms: [ArmSummary]
  /// One paired difference per comparison, in the order given.
  public let differences: [PairedDifference]

  /// A table over `arms`, comparing each pair in `comparisons`.
  ///
  /// - Parameters:
  ///   - outcomeName: what the outcome is, for the header.
  ///   - lowerIsBetter: true for losses.
  ///   - blowUpRule: the rule the outcomes were classified with, for the header.
  ///   - arms: the arms, all with the same number of paired runs.
  ///   - comparisons: (treatment, baseline) arm names; by default every arm after the
  ///     first against the first.
  ///   - bootstrapSeed: seeds every comparison's bootstrap (comparison j uses the
  ///     stream `SplitMix64.stream(seed: bootstrapSeed, index: j)`).
  ///   - resampleCount: bootstrap resamples.
  /// - Throws: `ExperimentError` when a comparison names an unknown arm or arms differ in size.
  public init(
    outcomeName: String, lowerIsBetter: Bool = true, blowUpRule: BlowUpRule,
    arms: [Arm], comparisons: [(treatment: String, baseline: String)]? = nil,
    bootstrapSeed: UInt64, resampleCount: Int = 10_000
  ) throws {
    guard let first = arms.first else { throw ExperimentError("VerdictTable: no arms") }
    self.outcomeName = outcomeName
    self.lowerIsBetter = lowerIsBetter
    self.blowUpRule = blowUpRule
    self.arms = arms.map { ArmSummary($0, lowerIsBetter: lowerIsBetter) }
    let pairs = comparisons ?? arms.dropFirst().map { ($0.name, first.name) }
    func arm(_ name: String) throws -> Arm {
      guard let found = arms.first(where: { $0.name == name }) else {
        throw ExperimentError(
          "VerdictTable: no arm named '\(name)'; the arms are "
            + arms.map { "'\($0.name)'" }.joined(separator: ", "))
      }
      return found
    }
    differences = try pairs.enumerated().map { j, pair in
      var stream = SplitMix64.stream(seed: bootstrapSeed, index: UInt64(j))
      return try PairedDifference(
        treatment: arm(pair.treatment), baseline: arm(pair.baseline),
        lowerIsBetter: lowerIsBetter, bootstrapSeed: stream.next(),
        resampleCount: resampleCount)
    }
  }

  /// The table, one printed line per element (numbers to 4 significant digits).
  public var lines: [String] {
    let runCounts = Set(arms.map(\.runCount))
    let seeds = runCounts.count == 1 ? "\(arms[0].runCount) paired seeds" : "paired seeds"
    var out = [
      "verdict table: \(outcomeName), \(lowerIsBetter ? "lower" : "higher") is better; "
        + "\(seeds); blow-up = \(blowUpRule.text(lowerIsBetter: lowerIsBetter))"
    ]
    let nameWidth = max(4, arms.map(\.name.count).max() ?? 0) + 2
    func padded(_ text: String, _ width: Int) -> String {
      text + String(repeating: " ", count: max(1, width - text.count))
    }
    out.append(
      "  " + padded("arm", nameWidth) + padded("median", 12) + padded("IQR", 22) + "blow-ups")
    for arm in arms {
      let iqr = "[\(formatSignificant(arm.lowerQuartile)), \(formatSignificant(arm.upperQuartile))]"
      out.append(
        "  " + padded(arm.name, nameWidth) + padded(formatSignificant(arm.median), 12)
          + padded(iqr, 22) + "\(arm.blowUps) of \(arm.runCount)")
    }
    for d in differences {
      // Digits below 1e-14 of the outcome's scale are rounding, and differ between BLAS kernels.
      let scale =
        arms.filter { $0.name == d.treatment || $0.name == d.baseline }
        .map { abs($0.median) }.filter(\.isFinite).max() ?? 0
      let resolution = 1e-14 * scale
      let median = signed(d.medianDifference, resolution: resolution)
      let lower = signed(d.interval.lower, resolution: resolution)
      let upper = signed(d.interval.upper, resolution: resolution)
      out.append(
        "  \(d.treatment) vs \(d.baseline): median difference \(median), "
          + "95% interval [\(lower), \(upper)]")
      out.append(
        "    verdict: \(d.verdict.rawValue) (better in \(d.betterCount) of \(d.pairCount) pairs, "
          + "worse in \(d.worseCount), tied \(d.tiedCount); sign test p = \(formatSignificant(d.signTestP)))"
      )
    }
    return out
  }
}

/// `value` to 4 significant digits with an explicit sign ("+0.0012", "-inf", "0"), and to
/// fewer when the digits would fall below `resolution` (a difference of 1.3e-11 between
/// losses near 2 prints "+1.33e-11" at resolution 2e-14: its fourth digit is rounding).
func signed(_ value: Double, resolution: Double = 0) -> String {
  var digits = 4
  if resolution > 0, value.isFinite, value != 0 {
    digits = max(1, min(4, Int((log10(abs(value) / resolution)).rounded(.down)) + 1))
  }
  let text = formatSignificant(value, digits)
  return value > 0 ? "+" + text : text
}
