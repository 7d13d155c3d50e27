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
