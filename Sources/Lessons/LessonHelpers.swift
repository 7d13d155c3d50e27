// Small pieces several lessons share: grids for contour plots, bands over runs. Introduced in chapter 01.

import Foundation
import Toolkit

/// Writes ℒ of a two-variable test function on a square grid, as gnuplot scans for contours.
func writeSurface(
  of f: any SumOfSquaresFunction, center: (x: Double, y: Double), halfWidth: Double,
  gridSize: Int, named name: String, lesson: String, context: LessonContext,
  folder: URL
) throws {
  var rows: [[Double]] = []
  for i in 0...gridSize {
    let x = center.x - halfWidth + 2 * halfWidth * Double(i) / Double(gridSize)
    for j in 0...gridSize {
      let y = center.y - halfWidth + 2 * halfWidth * Double(j) / Double(gridSize)
      rows.append([x, y, f.loss((x, y))])
    }
  }
  try context.write(
    DataFile(
      lesson: lesson, preset: context.preset, seed: nil,
      columns: ["x", "y", "loss"],
      comments: ["\(f.name) on a grid, one scan per x (for gnuplot's contours)"],
      blocks: [.init(rows: rows, scanLength: gridSize + 1)]),
    named: name, in: folder)
}

/// Mean and standard deviation, step by step, of runs of equal length, as data-file columns.
func bandColumns(_ runs: [[Double]]) throws -> (mean: [Double], std: [Double]) {
  let band = try Band(runs: runs)
  return (band.mean, band.standardDeviation)
}

/// "0.123 ± 0.004" from values over runs.
func meanPlusMinus(_ values: [Double], _ digits: Int = 3) -> String {
  values.count > 1
    ? "\(fmt(mean(values), digits)) ± \(fmt(sampleStandardDeviation(values), 2))"
    : fmt(values.first ?? .nan, digits)
}

// MARK: - Paired sweeps and verdict tables (chapters 02 and 05)

/// Runs this process's part of a paired sweep kept in `…/sweeps/NN-preset-tag` beside the
/// data folder, and returns every result by arm and pair; nil when only a shard ran.
///
/// With `--shard K/N` only that slice runs; with `--merge` nothing runs and the shards'
/// results are joined; `--fresh` discards saved runs. An interrupted sweep resumes from its
/// completed runs; a folder saved with another key (settings, data, code version) is refused.
func pairedSweep<Result: Codable>(
  _ context: LessonContext, number: String, tag: String, arms: [String], pairCount: Int,
  settings: [String: String], code: String, data: [DataFingerprint],
  _ job: (_ arm: Int, _ pair: Int, _ rng: inout SplitMix64) throws -> Result
) throws -> [[Result]]? {
  let folder = context.dataRoot.deletingLastPathComponent()
    .appendingPathComponent("sweeps/\(number)-\(context.preset.rawValue)-\(tag)", isDirectory: true)
  let sweep: PairedSweep<Result>
  do {
    sweep = try PairedSweep<Result>(
      arms: arms, pairCount: pairCount, seed: context.seed, folder: folder,
      key: context.resultKey(settings, code: code, data: data),
      fresh: context.fresh && !context.merge && context.shard == nil,
      createdBy: "git commit \(context.record.gitCommit)")
  } catch let error as ExperimentError {
    throw LessonError.staleResult("chapter \(number), \(tag): \(error)")
  }
  if !context.merge {
    let ran = try sweep.run(shard: context.shard ?? .all, job)
    if let shard = context.shard {
      context.transcript(
        "\(tag): shard \(shard) ran \(ran.count) runs (the others were done or belong to "
          + "other shards); results in \(folder.path)")
      return nil
    }
    if ran.count < arms.count * pairCount {
      context.transcript.time(
        "\(tag): resumed a sweep, \(arms.count * pairCount - ran.count) runs were "
          + "already done in \(folder.path)")
    }
  }
  return try sweep.merge(shardCount: context.shard?.count ?? 1)
}

extension Transcript {
  /// Prints a verdict table line by line.
  func verdict(_ table: VerdictTable) {
    for line in table.lines { self(line) }
  }
}

/// The figure data of paired training runs: one block per arm, epoch by epoch, the median and
/// interquartile range over runs of the training and test loss (a blown-up run counts as +∞
/// from where it stopped, written Inf), the arm's blow-up count, and the median wall time (last, so
/// that a comparison of two runs can drop the one column that depends on the clock).
///
/// With `censorBlowUps` a run is +∞ from the first epoch its training loss leaves the rule's
/// bound (`TrainingAttempt.censored`), not only from where it stopped (chapter 04, whose
/// curvature teleports leave runs finite at a loss of hundreds).
func medianCurves(
  _ attempts: [[TrainingAttempt]], arms: [String], epochCount: Int, rule: BlowUpRule,
  lesson: String, context: LessonContext, comment: String, censorBlowUps: Bool = false
) -> DataFile {
  var blocks: [DataFile.Block] = []
  func series(_ run: TrainingAttempt, _ key: KeyPath<EpochRecord, Double>) -> [Double] {
    censorBlowUps ? run.censored(key, rule: rule) : run.epochs.map { $0[keyPath: key] }
  }
  for (label, runs) in zip(arms, attempts) {
    let train = QuantileBand(runs: runs.map { series($0, \.trainLoss) }, length: epochCount + 1)
    let test = QuantileBand(runs: runs.map { series($0, \.testLoss) }, length: epochCount + 1)
    let seconds = QuantileBand(
      runs: runs.map { $0.epochs.map(\.wallSeconds) }, length: epochCount + 1)
    let blowUps = Double(runs.filter { $0.outcome(\.trainLoss, rule: rule).blewUp }.count)
    let rows = (0...epochCount).map { e -> [Double] in
      [
        Double(e), train.median[e], train.lower[e], train.upper[e], test.median[e], test.lower[e],
        test.upper[e], blowUps, seconds.median[e],
      ]
    }
    blocks.append(.init(title: label, rows: rows))
  }
  return DataFile(
    lesson: lesson, preset: context.preset, seed: context.seed,
    columns: [
      "epoch", "train_median", "train_q1", "train_q3", "test_median", "test_q1",
      "test_q3", "blowups", "seconds_median",
    ],
    comments: [
      comment,
      "median and quartiles over paired runs; a run that blew up "
        + "(\(rule)) counts as Inf from where "
        + (censorBlowUps ? "it first blew up" : "it stopped")
        + "; blowups: runs of the arm that blew up",
    ],
    blocks: blocks)
}

/// The figure data of paired differences from a baseline arm: one block per other arm, epoch by
/// epoch, the median and interquartile range over pairs of (arm − baseline) in the test loss (a
/// run counts as +∞ from the first epoch its training loss leaves the rule's bound, written Inf),
/// and the arm's blow-up count.
/// Differences of 0.01 that a plot of both losses on one axis would hide show here.
func medianDifferenceCurves(
  _ attempts: [[TrainingAttempt]], arms: [String], baseline: Int, epochCount: Int,
  rule: BlowUpRule, lesson: String, context: LessonContext, comment: String
) -> DataFile {
  let baselineLosses = attempts[baseline].map { $0.censored(\.testLoss, rule: rule) }
  let blocks = zip(arms, attempts).enumerated().filter { $0.offset != baseline }.map {
    _, armAndRuns -> DataFile.Block in
    let (label, runs) = armAndRuns
    let band = QuantileBand(
      differences: runs.map { $0.censored(\.testLoss, rule: rule) }, from: baselineLosses,
      length: epochCount + 1)
    let blowUps = Double(runs.filter { $0.outcome(\.trainLoss, rule: rule).blewUp }.count)
    return DataFile.Block(
      title: label,
      rows: (0...epochCount).map {
        [Double($0), band.median[$0], band.lower[$0], band.upper[$0], blowUps]
      })
  }
  return DataFile(
    lesson: lesson, preset: context.preset, seed: context.seed,
    columns: ["epoch", "difference_median", "difference_q1", "difference_q3", "blowups"],
    comments: [
      comment,
      "test loss of the arm minus that of \(arms[baseline]) on the same pair; median and quartiles "
        + "over pairs; a run counts as Inf from the first epoch its training loss blew up (\(rule))",
    ],
    blocks: blocks)
}

/// Per-run outcomes of paired training runs: one block per arm, one row per pair.
func runOutcomes(
  _ attempts: [[TrainingAttempt]], arms: [String], rule: BlowUpRule, lesson: String,
  context: LessonContext, comment: String
) -> DataFile {
  let blocks = zip(arms, attempts).map { label, runs in
    DataFile.Block(
      title: label,
      rows: runs.enumerated().map { pair, run -> [Double] in
        let last = run.epochs.last
        return [
          Double(pair), Double(run.epochs.count - 1), last?.trainLoss ?? .nan,
          last?.testLoss ?? .nan,
          run.outcome(\.trainLoss, rule: rule).blewUp ? 1 : 0, last?.wallSeconds ?? .nan,
        ]
      })
  }
  return DataFile(
    lesson: lesson, preset: context.preset, seed: context.seed,
    columns: [
      "pair", "epochs_completed", "final_train_loss", "final_test_loss", "blew_up",
      "wall_seconds",
    ],
    comments: [comment, "one block per arm; row i of every block is paired seed i"],
    blocks: blocks)
}
