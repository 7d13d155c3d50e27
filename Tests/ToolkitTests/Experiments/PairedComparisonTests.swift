// Tests for the paired-runs protocol on constructed inputs whose verdict is known.

import XCTest
import Toolkit
@testable import Experiments

final class PairedComparisonTests: XCTestCase {

  private let baselineValues: [Double] = (0..<20).map { 1 + 0.01 * Double($0) }

  // MARK: - Blow-ups

  func testBlowUpRuleClassifiesNaNInfinityBoundAndEarlierDivergence() {
    let rule = BlowUpRule(bound: 10)
    XCTAssertFalse(rule.outcome(9.5).blewUp)
    XCTAssertTrue(rule.outcome(10.5).blewUp)
    XCTAssertFalse(rule.outcome(10).blewUp, "the bound itself is inside")
    XCTAssertTrue(rule.outcome(.nan).blewUp)
    XCTAssertTrue(rule.outcome(.infinity).blewUp)
    XCTAssertTrue(rule.outcome(0.3, divergedEarlier: true).blewUp)
    XCTAssertTrue(BlowUpRule(bound: 0.5).outcome(0.4, lowerIsBetter: false).blewUp)
    XCTAssertFalse(BlowUpRule(bound: 0.5).outcome(0.6, lowerIsBetter: false).blewUp)
    XCTAssertEqual(rule.text(), "NaN or > 10.00")
  }

  func testArmSummaryCountsBlowUpsAsWorst() {
    // Values 1…5 with the run holding 1 blown up: the median is over 2, 3, 4, 5, +∞.
    let summary = ArmSummary(arm("a", [1, 2, 3, 4, 5], blownUp: [0]))
    XCTAssertEqual(summary.median, 4)
    XCTAssertEqual(summary.lowerQuartile, 3)
    XCTAssertEqual(summary.upperQuartile, 5)
    XCTAssertEqual(summary.blowUps, 1)
    XCTAssertEqual(summary.runCount, 5)
    // Higher is better: a blow-up is −∞.
    let accuracy = ArmSummary(arm("b", [1, 2, 3, 4, 5], blownUp: [4]), lowerIsBetter: false)
    XCTAssertEqual(accuracy.median, 2)
    XCTAssertEqual(accuracy.lowerQuartile, 1)
  }

  // MARK: - Verdicts

  func testTreatmentLowerInEveryPairIsBetter() throws {
    let d = try PairedDifference(
      treatment: arm("t", baselineValues.map { $0 - 0.1 }),
      baseline: arm("b", baselineValues), bootstrapSeed: 1)
    XCTAssertEqual(d.verdict, .better)
    XCTAssertEqual(d.betterCount, 20)
    XCTAssertEqual(d.worseCount, 0)
    XCTAssertEqual(d.tiedCount, 0)
    assertClose(d.medianDifference, -0.1, 1e-12, "median difference")
    assertClose(d.interval.lower, -0.1, 1e-12, "all differences equal: a point interval")
    assertClose(d.interval.upper, -0.1, 1e-12, "all differences equal: a point interval")
    assertClose(d.signTestP, 2 * pow(0.5, 20), 1e-15, "sign test")
  }

  func testTreatmentHigherInEveryPairIsWorseAndHigherIsBetterFlips() throws {
    let worse = try PairedDifference(
      treatment: arm("t", baselineValues.map { $0 + 0.1 }),
      baseline: arm("b", baselineValues), bootstrapSeed: 1)
    XCTAssertEqual(worse.verdict, .worse)
    XCTAssertEqual(worse.worseCount, 20)
    let accuracy = try PairedDifference(
      treatment: arm("t", baselineValues.map { $0 + 0.1 }),
      baseline: arm("b", baselineValues), lowerIsBetter: false,
      bootstrapSeed: 1)
    XCTAssertEqual(accuracy.verdict, .better)
    XCTAssertEqual(accuracy.betterCount, 20)
  }

  func testIdenticalArmsAreAllTiesAndNoDifference() throws {
    let d = try PairedDifference(
      treatment: arm("t", baselineValues), baseline: arm("b", baselineValues),
      bootstrapSeed: 3)
    XCTAssertEqual(d.verdict, .noDifferenceDetected)
    XCTAssertEqual(d.tiedCount, 20)
    XCTAssertEqual(d.signTestP, 1)
    XCTAssertEqual(d.interval.lower, 0)
    XCTAssertEqual(d.interval.upper, 0)
  }

  func testOnePairNeverGivesAVerdict() throws {
    let d = try PairedDifference(
      treatment: arm("t", [0.1]), baseline: arm("b", [100]), bootstrapSeed: 1)
    XCTAssertEqual(d.verdict, .noDifferenceDetected)
    XCTAssertEqual(d.betterCount, 1)
    XCTAssertEqual(d.pairCount, 1)
    XCTAssertEqual(d.signTestP, 1)
    XCTAssertEqual(d.interval.lower, -99.9)
    XCTAssertEqual(d.interval.upper, -99.9)
  }

  func testFivePairsAllBetterAreNotEnoughSixAre() throws {
    // The sign test reaches p < 0.05 only from six untied pairs: 2/2⁵ = 0.0625, 2/2⁶ = 0.03125.
    let five = try PairedDifference(
      treatment: arm("t", [0, 0, 0, 0, 0]), baseline: arm("b", [1, 1, 1, 1, 1]),
      bootstrapSeed: 1)
    assertClose(five.signTestP, 0.0625, 1e-14, "2/2⁵")
    XCTAssertEqual(five.verdict, .noDifferenceDetected)
    let six = try PairedDifference(
      treatment: arm("t", [0, 0, 0, 0, 0, 0]),
      baseline: arm("b", [1, 1, 1, 1, 1, 1]), bootstrapSeed: 1)
    assertClose(six.signTestP, 0.03125, 1e-14, "2/2⁶")
    XCTAssertEqual(six.verdict, .better)
  }

  func testMixedSignsWithAnIntervalAcrossZeroAreNoDifference() throws {
    // Ten pairs better by 1, ten worse by 1: median 0, interval across zero, p = 1.
    let treatment = baselineValues.enumerated().map { $0 < 10 ? $1 - 1 : $1 + 1 }
    let d = try PairedDifference(
      treatment: arm("t", treatment), baseline: arm("b", baselineValues),
      bootstrapSeed: 5)
    XCTAssertEqual(d.verdict, .noDifferenceDetected)
    XCTAssertEqual(d.betterCount, 10)
    XCTAssertEqual(d.worseCount, 10)
    XCTAssertEqual(d.interval.lower, -1)
    XCTAssertEqual(d.interval.upper, 1)
    XCTAssertEqual(d.signTestP, 1)
  }

  func testAllBlowUpArmsAreTiesNotNaN() throws {
    let everything = Set(0..<20)
    let t = arm("t", baselineValues, blownUp: everything)
    let b = arm("b", baselineValues, blownUp: everything)
    let d = try PairedDifference(treatment: t, baseline: b, bootstrapSeed: 2)
    XCTAssertEqual(d.tiedCount, 20)
    XCTAssertEqual(d.medianDifference, 0)
    XCTAssertEqual(d.verdict, .noDifferenceDetected)
    let summary = ArmSummary(t)
    XCTAssertEqual(summary.median, .infinity)
    XCTAssertEqual(summary.blowUps, 20)
  }

  func testBlowUpsCountAsWorstInThePairs() throws {
    // The treatment blows up in 15 of 20 pairs and equals the baseline elsewhere: worse.
    let d = try PairedDifference(
      treatment: arm("t", baselineValues, blownUp: Set(0..<15)),
      baseline: arm("b", baselineValues), bootstrapSeed: 4)
    XCTAssertEqual(d.worseCount, 15)
    XCTAssertEqual(d.tiedCount, 5)
    XCTAssertEqual(d.medianDifference, .infinity)
    XCTAssertEqual(d.verdict, .worse)
    // The baseline blows up instead: better.
    let e = try PairedDifference(
      treatment: arm("t", baselineValues),
      baseline: arm("b", baselineValues, blownUp: Set(0..<15)), bootstrapSeed: 4)
    XCTAssertEqual(e.betterCount, 15)
    XCTAssertEqual(e.verdict, .better)
  }

  func testArmsOfDifferentSizesCannotBePaired() {
    XCTAssertThrowsError(
      try PairedDifference(
        treatment: arm("t", [1, 2]), baseline: arm("b", [1]),
        bootstrapSeed: 1)
    ) { error in
      XCTAssertTrue("\(error)".contains("'t' (2 runs) with 'b' (1 runs)"), "\(error)")
    }
    XCTAssertThrowsError(
      try PairedDifference(treatment: arm("t", []), baseline: arm("b", []), bootstrapSeed: 1))
  }

  // MARK: - Sign test and bootstrap

  func testSignTestByHand() {
    XCTAssertEqual(twoSidedSignTest(0, 0), 1)
    XCTAssertEqual(twoSidedSignTest(3, 3), 1)
    assertClose(twoSidedSignTest(1, 9), 2 * 11 / 1024, 1e-15, "1 of 10: 2·(1 + 10)/2¹⁰")
    assertClose(twoSidedSignTest(9, 1), 2 * 11 / 1024, 1e-15, "symmetric")
    assertClose(twoSidedSignTest(14, 6), 0.1153183, 1e-7, "scipy.stats.binomtest(14, 20).pvalue")
  }

  func testBootstrapIntervalOfThreeValuesIsTheirRange() {
    // A resample of {1, 2, 3} has median 1 with probability 7/27 and 3 with 7/27, both far above
    // 2.5 %, so the interval is [1, 3] for any seed.
    for seed: UInt64 in [1, 2, 99] {
      let interval = bootstrapMedianInterval([2, 3, 1], seed: seed, resampleCount: 10_000)
      XCTAssertEqual(interval.lower, 1, "seed \(seed)")
      XCTAssertEqual(interval.upper, 3, "seed \(seed)")
    }
  }

  func testBootstrapIntervalPicksTheStatedOrderStatistics() {
    // With B = 40 the interval is the 1st and 38th sorted resampled medians (0-based). Recompute
    // the resamples of {0, 1, 4, …, 81} with the same generator and a plain median, and compare.
    let values = (0..<10).map { Double($0 * $0) }
    var discriminating = 0
    for seed: UInt64 in 1...10 {
      var rng = SplitMix64(seed: seed)
      var medians: [Double] = []
      for _ in 0..<40 {
        let resample = (0..<10).map { _ in values[Int(rng.next() % 10)] }.sorted()
        medians.append((resample[4] + resample[5]) / 2)
      }
      medians.sort()
      let interval = bootstrapMedianInterval(values, seed: seed, resampleCount: 40)
      XCTAssertEqual(interval.lower, medians[1], "seed \(seed)")
      XCTAssertEqual(interval.upper, medians[38], "seed \(seed)")
      if medians[0] != medians[1] && medians[2] != medians[1] && medians[37] != medians[38]
        && medians[39] != medians[38]
      {
        discriminating += 1
      }
      // Reproducible for a fixed seed.
      let again = bootstrapMedianInterval(values, seed: seed, resampleCount: 40)
      XCTAssertEqual(again.lower, interval.lower)
      XCTAssertEqual(again.upper, interval.upper)
    }
    XCTAssertGreaterThan(
      discriminating, 0, "some seed must tell neighbouring order statistics apart")
  }
}
