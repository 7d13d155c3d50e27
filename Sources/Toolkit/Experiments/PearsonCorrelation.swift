// Pearson's r with its p-value and Fisher-z confidence interval. Introduced in chapter 04.

import Foundation
import Support

/// Pearson's correlation between two samples, with the two-sided p-value of
/// "no correlation" and a confidence interval for the population correlation.
///
/// Chapter 04 uses it to ask whether sharpness or curvature at a minimum
/// predicts generalization, as the paper's Table 1 does. The numbers match
/// `scipy.stats.pearsonr` (p-value from the t distribution with n − 2 degrees
/// of freedom, interval from the Fisher z transform).
///
/// [Fisher 1915]: https://doi.org/10.2307/2331838
public struct PearsonCorrelation: Equatable, Sendable {
  /// The sample correlation r, in [−1, 1]; NaN when either sample is constant.
  public let r: Double
  /// The two-sided p-value of r under the null hypothesis of zero correlation.
  public let pValue: Double
  /// The confidence interval for the population correlation; nil when r is NaN.
  public let confidenceInterval: ClosedRange<Double>?
  /// The confidence level of the interval, for example 0.95.
  public let confidenceLevel: Double
  /// The number of pairs.
  public let sampleCount: Int

  /// Pearson's r of paired samples `x` and `y`.
  ///
  /// - p-value: t = r √((n − 2)/(1 − r²)) has Student's t distribution with
  ///   n − 2 degrees of freedom when the samples are independent and normal.
  /// - Interval: z = artanh(r) is nearly normal with standard error 1/√(n − 3);
  ///   the interval is tanh(z ± z_{(1+level)/2} / √(n − 3)).
  ///
  /// - Parameters:
  ///   - x: first sample.
  ///   - y: second sample, the same length as `x`, at least 4 pairs (the interval needs n > 3).
  ///   - confidenceLevel: in (0, 1); 0.95 by default.
  /// - Throws: `ExperimentError` when the lengths differ, there are fewer than 4 pairs,
  ///   or a value is NaN or infinite (named by its index).
  public init(_ x: [Double], _ y: [Double], confidenceLevel: Double = 0.95) throws {
    guard x.count == y.count else {
      throw ExperimentError(
        "PearsonCorrelation: x has \(x.count) values but y has \(y.count); pass paired samples")
    }
    guard x.count >= 4 else {
      throw ExperimentError(
        "PearsonCorrelation: needs at least 4 pairs for a confidence interval, got \(x.count); run more seeds"
      )
    }
    for (name, sample) in [("x", x), ("y", y)] {
      if let bad = sample.firstIndex(where: { !$0.isFinite }) {
        throw ExperimentError(
          "PearsonCorrelation: \(name)[\(bad)] is \(sample[bad]) (\(sample.filter { !$0.isFinite }.count) of "
            + "\(sample.count) values are NaN or infinite); a run diverged or a saved result is corrupt: "
            + "find it, then rerun it (--fresh)")
      }
    }
    require(
      confidenceLevel > 0 && confidenceLevel < 1,
      "PearsonCorrelation: level \(confidenceLevel) not in (0, 1)")
    let n = x.count
    let (meanX, meanY) = (mean(x), mean(y))
    var (sxy, sxx, syy) = (0.0, 0.0, 0.0)
    for i in 0..<n {
      let (dx, dy) = (x[i] - meanX, y[i] - meanY)
      sxy += dx * dy
      sxx += dx * dx
      syy += dy * dy
    }
    sampleCount = n
    self.confidenceLevel = confidenceLevel
    guard sxx > 0 && syy > 0 else {
      r = .nan
      pValue = .nan
      confidenceInterval = nil
      return
    }
    // Rounding can push |r| a hair past 1 for perfectly correlated data.
    let rho = max(-1, min(1, sxy / (sxx * syy).squareRoot()))
    r = rho

    let degrees = Double(n - 2)
    if abs(rho) == 1 {
      pValue = 0
    } else {
      let t = rho * (degrees / ((1 - rho) * (1 + rho))).squareRoot()
      pValue = studentTTwoSidedPValue(t, degreesOfFreedom: degrees)
    }

    let z = atanh(rho)
    let halfWidth = standardNormalQuantile((1 + confidenceLevel) / 2) / Double(n - 3).squareRoot()
    confidenceInterval = tanh(z - halfWidth)...tanh(z + halfWidth)
  }
}
