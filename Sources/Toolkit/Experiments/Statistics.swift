// Means, standard deviations and mean ± std bands over runs. Introduced in chapter 02.

import Support

/// The arithmetic mean of `values`.
///
/// - Parameter values: at least one number.
/// - Returns: their mean.
public func mean(_ values: [Double]) -> Double {
  require(!values.isEmpty, "mean: no values")
  return values.reduce(0, +) / Double(values.count)
}

/// The sample standard deviation of `values` (divisor n − 1, NumPy's `ddof=1`).
///
/// Computed in two passes (mean first, then squared deviations), which avoids
/// the catastrophic cancellation of the one-pass Σx² − n·x̄² formula when the
/// spread is small compared to the mean, as it is for late training losses.
///
/// - Parameter values: at least two numbers.
/// - Returns: the sample standard deviation.
public func sampleStandardDeviation(_ values: [Double]) -> Double {
  require(
    values.count >= 2, "sampleStandardDeviation: needs at least 2 values, got \(values.count)")
  let center = mean(values)
  let squares = values.reduce(0) { $0 + ($1 - center) * ($1 - center) }
  return (squares / Double(values.count - 1)).squareRoot()
}

/// A mean ± standard deviation band over several runs, step by step.
public struct Band: Equatable, Sendable {
  /// The mean over runs at each step.
  public let mean: [Double]
  /// The sample standard deviation over runs at each step (0 with a single run).
  public let standardDeviation: [Double]

  /// `mean - standardDeviation` at each step.
  public var lower: [Double] { zip(mean, standardDeviation).map { $0 - $1 } }
  /// `mean + standardDeviation` at each step.
  public var upper: [Double] { zip(mean, standardDeviation).map { $0 + $1 } }

  /// The mean ± std band of runs aligned by step: `runs[r][s]` is run `r` at step `s`.
  ///
  /// - Parameter runs: one or more series of the same length.
  /// - Throws: `ExperimentError` naming the first run whose length differs.
  public init(runs: [[Double]]) throws {
    guard let first = runs.first else { throw ExperimentError("Band: no runs to summarise") }
    if let bad = runs.firstIndex(where: { $0.count != first.count }) {
      throw ExperimentError(
        "Band: run \(bad) has \(runs[bad].count) steps but run 0 has \(first.count); "
          + "record every run at the same steps")
    }
    var means: [Double] = []
    var deviations: [Double] = []
    for step in 0..<first.count {
      let column = runs.map { $0[step] }
      means.append(Experiments.mean(column))
      deviations.append(column.count >= 2 ? sampleStandardDeviation(column) : 0)
    }
    mean = means
    standardDeviation = deviations
  }
}
