// Medians, quartiles and interquartile ranges that survive infinite values. Introduced in chapter 02.

import Support

/// The `p`-quantile of `values` by linear interpolation between order
/// statistics (Hyndman and Fan's type 7, NumPy's default `linear` method).
///
/// Infinite values are allowed, because a blown-up run enters a comparison as
/// the worst possible outcome (±∞): where the interpolation would mix an
/// infinite and a finite order statistic, the infinite one wins, and where both
/// neighbours are infinite with opposite signs (only possible for paired
/// differences) the lower one is returned, so the result is never NaN.
///
/// - Parameters:
///   - values: at least one number, none NaN, in any order.
///   - p: the probability, in [0, 1].
/// - Returns: the quantile; for p = 0.5 and an even count, the mean of the two middle values.
/// - Complexity: O(n log n) for the sort.
///
/// [Hyndman and Fan 1996]: https://doi.org/10.2307/2684934
public func quantile(_ values: [Double], _ p: Double) -> Double {
  require(!values.isEmpty, "quantile: no values")
  require((0...1).contains(p), "quantile: probability \(p) is outside [0, 1]")
  require(!values.contains(where: \.isNaN), "quantile: a value is NaN; record a blow-up as ±∞")
  let sorted = values.sorted()
  let position = p * Double(sorted.count - 1)
  let below = Int(position.rounded(.down))
  let fraction = position - Double(below)
  let low = sorted[below]
  if fraction == 0 || below + 1 == sorted.count { return low }
  let high = sorted[below + 1]
  if low == high { return low }
  if low == -.infinity && high == .infinity {
    return fraction < 0.5 ? low : fraction > 0.5 ? high : 0
  }
  if low.isInfinite { return low }
  if high.isInfinite { return high }
  return low + (high - low) * fraction
}

/// The median of `values` (the 0.5-quantile of `quantile(_:_:)`).
public func median(_ values: [Double]) -> Double { quantile(values, 0.5) }

/// The lower and upper quartiles of `values`, the ends of the interquartile range.
///
/// - Parameter values: at least one number, none NaN; ±∞ allowed.
/// - Returns: the 0.25- and 0.75-quantiles of `quantile(_:_:)`.
public func interquartileRange(_ values: [Double]) -> (lower: Double, upper: Double) {
  (quantile(values, 0.25), quantile(values, 0.75))
}

/// Median and interquartile band over runs, step by step, where a run that blew
/// up counts as the worst value (+∞) from its last recorded step on.
///
/// This is what the figures of chapters 02 and 05 draw instead of a mean ± std,
/// so that one run that blows up cannot drag a curve: the median moves only
/// when half the runs have blown up, and the band's top when a quarter have.
public struct QuantileBand: Equatable, Sendable {
  /// The median over runs at each step.
  public let median: [Double]
  /// The lower and upper quartiles at each step.
  public let lower: [Double]
  public let upper: [Double]

  /// The band of `runs` over `length` steps: `runs[r][s]` is run r at step s; a
  /// run shorter than `length`, or a NaN or infinite value, is +∞ there and after.
  ///
  /// - Parameters:
  ///   - runs: one or more series (lower is better).
  ///   - length: the number of steps; the longest run's length by default.
  public init(runs: [[Double]], length: Int? = nil) {
    require(!runs.isEmpty, "QuantileBand: no runs")
    let steps = length ?? runs.map(\.count).max() ?? 0
    let filled = runs.map { run -> [Double] in
      var out: [Double] = []
      var blownUp = false
      for s in 0..<steps {
        if s >= run.count || !run[s].isFinite { blownUp = true }
        out.append(blownUp ? .infinity : run[s])
      }
      return out
    }
    var median: [Double] = [], lower: [Double] = [], upper: [Double] = []
    for s in 0..<steps {
      let column = filled.map { $0[s] }
      median.append(quantile(column, 0.5))
      lower.append(quantile(column, 0.25))
      upper.append(quantile(column, 0.75))
    }
    self.median = median
    self.lower = lower
    self.upper = upper
  }
}

extension QuantileBand {
  /// The band of paired differences, treatment − baseline, step by step over pairs: where
  /// either run of a pair has stopped or is NaN or infinite, its difference is +∞ from there
  /// on (a blow-up of the treatment counts against it).
  ///
  /// Chapter 04 draws Figure 4 this way: a validation loss 0.01 below SGD's on the same seed
  /// is invisible on an axis from 0 to 2.5, and clear on an axis of differences.
  ///
  /// - Parameters:
  ///   - treatment: one series per pair.
  ///   - baseline: one series per pair, in the same order.
  ///   - length: the number of steps.
  public init(differences treatment: [[Double]], from baseline: [[Double]], length: Int) {
    require(
      treatment.count == baseline.count,
      "QuantileBand: \(treatment.count) treatment runs but \(baseline.count) baseline runs; "
        + "pass paired runs")
    let differences = zip(treatment, baseline).map { run, base in
      // ∞ − x, x − ∞ and NaN are not finite, and `init(runs:)` makes them +∞ from there on.
      zip(run, base).map { $0 - $1 }
    }
    self.init(runs: differences, length: length)
  }
}
