// The partial correlation of two samples given a third, with p-value and interval. Introduced in chapter 04.

import Foundation
import Support

/// The correlation of `x` and `y` once the linear effect of a third sample `z`
/// is taken out of both, with the two-sided p-value of "no partial correlation"
/// and a Fisher-z confidence interval.
///
/// Chapter 04 asks whether sharpness φ still predicts the validation loss among
/// runs that reached the same training loss: a sharper minimum may simply be a
/// less-trained one, and then φ would only be a proxy for the training loss.
///
/// r_{xy·z} = (r_xy − r_xz r_yz) / √((1 − r_xz²)(1 − r_yz²)), which equals Pearson's r
/// between the residuals of x and of y after a least-squares fit on z (with an
/// intercept). With one controlling variable the t statistic has n − 3 degrees of
/// freedom and artanh(r) has standard error 1/√(n − 4) (as `pingouin.partial_corr`).
///
///     let c = try PartialCorrelation(phi, validation, controllingFor: trainLoss)
///     c.r, c.pValue, c.confidenceInterval
public struct PartialCorrelation: Equatable, Sendable {
  /// The partial correlation, in [−1, 1]; NaN when a sample is constant or z explains
  /// x or y completely.
  public let r: Double
  /// The two-sided p-value under zero partial correlation (t with n − 3 degrees of freedom).
  public let pValue: Double
  /// The confidence interval for the population partial correlation; nil when r is NaN.
  public let confidenceInterval: ClosedRange<Double>?
  /// The level of the interval, for example 0.95.
  public let confidenceLevel: Double
  /// The number of triples.
  public let sampleCount: Int

  /// The partial correlation of `x` and `y` given `z`.
  ///
  /// - Parameters:
  ///   - x: first sample.
  ///   - y: second sample, as long as `x`.
  ///   - z: the controlling sample, as long as `x`.
  ///   - confidenceLevel: in (0, 1); 0.95 by default.
  /// - Throws: `ExperimentError` when the lengths differ, there are fewer than 5 triples
  ///   (the interval needs n > 4), or a value is NaN or infinite.
  public init(
    _ x: [Double], _ y: [Double], controllingFor z: [Double], confidenceLevel: Double = 0.95
  ) throws {
    guard x.count == y.count && x.count == z.count else {
      throw ExperimentError(
        "PartialCorrelation: x, y and z have \(x.count), \(y.count) and \(z.count) values; "
          + "pass samples of one length")
    }
    guard x.count >= 5 else {
      throw ExperimentError(
        "PartialCorrelation: needs at least 5 triples for a confidence interval, got \(x.count); "
          + "run more seeds")
    }
    for (name, sample) in [("x", x), ("y", y), ("z", z)] {
      if let bad = sample.firstIndex(where: { !$0.isFinite }) {
        throw ExperimentError(
          "PartialCorrelation: \(name)[\(bad)] is \(sample[bad]); a run diverged or a saved "
            + "result is corrupt: find it, then rerun it (--fresh)")
      }
    }
    let xy = try PearsonCorrelation(x, y).r
    let xz = try PearsonCorrelation(x, z).r
    let yz = try PearsonCorrelation(y, z).r
    require(
      confidenceLevel > 0 && confidenceLevel < 1,
      "PartialCorrelation: level \(confidenceLevel) not in (0, 1)")
    let n = x.count
    sampleCount = n
    self.confidenceLevel = confidenceLevel
    let denominator = ((1 - xz * xz) * (1 - yz * yz)).squareRoot()
    guard xy.isFinite, xz.isFinite, yz.isFinite, denominator > 0 else {
      r = .nan
      pValue = .nan
      confidenceInterval = nil
      return
    }
    let rho = max(-1, min(1, (xy - xz * yz) / denominator))
    r = rho
    let degrees = Double(n - 3)
    if abs(rho) == 1 {
      pValue = 0
    } else {
      pValue = studentTTwoSidedPValue(
        rho * (degrees / ((1 - rho) * (1 + rho))).squareRoot(), degreesOfFreedom: degrees)
    }
    let halfWidth = standardNormalQuantile((1 + confidenceLevel) / 2) / Double(n - 4).squareRoot()
    confidenceInterval = tanh(atanh(rho) - halfWidth)...tanh(atanh(rho) + halfWidth)
  }
}
