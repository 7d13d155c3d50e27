// A sweep of paired arms: every arm runs on the same seeds, shards, resumes and merges. Introduced in chapter 02.

import Foundation
import Support

/// A `Sweep` of `arms.count × pairCount` runs in which run `pair · armCount + arm`
/// is arm `arm` on pair (seed) `pair`, so that results are paired by construction.
///
/// Every arm of pair i receives the **same** generator,
/// `SplitMix64.stream(seed: seed, index: i)`: draw the initialisation and the
/// teleport-batch seed from it and the arms share them (data order is fixed
/// by the training loop). Results are saved one file per run as soon as each
/// finishes, so the sweep shards (`--shard K/N`), resumes after an
/// interruption, and merges, as chapter 04's does.
///
///     let sweep = try PairedSweep<TrainingAttempt>(arms: ["SGD", "SGD + teleport"], pairCount: 20,
///                                                  seed: 7, folder: runs, key: ["preset": "paper"])
///     try sweep.run(shard: shard) { arm, pair, rng in … }
///     let byArm = try sweep.merge()   // byArm[arm][pair]
public struct PairedSweep<Result: Codable> {
  /// The arms' names, in order.
  public let arms: [String]
  /// Paired seeds per arm.
  public let pairCount: Int
  /// The underlying sweep (one file per run).
  public let sweep: Sweep<Result>

  /// A paired sweep stored in `folder`.
  ///
  /// - Parameters:
  ///   - arms: the arms' names (part of the recorded configuration).
  ///   - pairCount: paired seeds per arm.
  ///   - seed: the sweep's seed; pair i's generator derives from it and i.
  ///   - folder: where results go.
  ///   - key: every other setting that changes the numbers (settings, data fingerprint,
  ///     code version), checked on resume; the arms' names are added to it.
  ///   - fresh: discard saved results and start over.
  ///   - createdBy: what made the sweep (a git commit), recorded, never compared.
  /// - Throws: `ExperimentError` when the folder holds a different sweep.
  public init(
    arms: [String], pairCount: Int, seed: UInt64, folder: URL, key: [String: String] = [:],
    fresh: Bool = false, createdBy: String? = nil
  ) throws {
    require(!arms.isEmpty, "PairedSweep: no arms")
    self.arms = arms
    self.pairCount = pairCount
    var key = key
    key["arms"] = arms.joined(separator: " | ")
    sweep = try Sweep(
      runCount: arms.count * pairCount, seed: seed, key: key, folder: folder, fresh: fresh,
      createdBy: createdBy)
  }

  /// Runs this shard's runs that have no result yet, in parallel.
  ///
  /// - Parameters:
  ///   - shard: the slice to run (runs interleave over shards, so every shard gets every arm).
  ///   - maxConcurrency: threads to use.
  ///   - job: arm `arm` on pair `pair`, with pair `pair`'s generator (the same for every arm).
  /// - Returns: the run indices executed now.
  @discardableResult
  public func run(
    shard: Shard = .all, maxConcurrency: Int? = nil, progress: ProgressBar? = nil,
    _ job: (_ arm: Int, _ pair: Int, _ rng: inout SplitMix64) throws -> Result
  ) throws -> [Int] {
    let armCount = arms.count
    let seed = sweep.seed
    return try sweep.run(shard: shard, maxConcurrency: maxConcurrency, progress: progress) {
      run, _ in
      let pair = run / armCount
      var rng = pairGenerator(seed: seed, pair: pair)
      return try job(run % armCount, pair, &rng)
    }
  }

  /// Every result, by arm then pair: `merge()[arm][pair]`.
  ///
  /// - Throws: `ExperimentError` listing missing runs and the shards that own them.
  public func merge(shardCount: Int = 1) throws -> [[Result]] {
    let all = try sweep.merge(shardCount: shardCount)
    return arms.indices.map { arm in (0..<pairCount).map { all[$0 * arms.count + arm] } }
  }
}

/// Pair `pair`'s generator in a paired sweep of seed `seed`: every arm of the pair gets this
/// one, so a run can be replayed outside the sweep (chapter 05's path comparison).
public func pairGenerator(seed: UInt64, pair: Int) -> SplitMix64 {
  SplitMix64.stream(seed: seed, index: UInt64(pair))
}
