// A sweep of independent runs that shards, resumes and merges. Introduced in chapter 04.

import Foundation
import Support

/// A sweep of `runCount` independent runs whose results are saved one file per
/// run, so that it can be split into shards, interrupted, resumed and merged.
///
/// The folder holds `sweep.json` (run count, seed and key, checked on every
/// resume) and `run-0000.json`, `run-0001.json`, … each written atomically as
/// soon as its run finishes. Running again skips every run whose file exists;
/// shards started in separate processes or machines write to the same folder
/// (or to copies merged later), and `merge()` joins them.
///
///     let sweep = try Sweep<Point>(runCount: 40, seed: 7, folder: runs)
///     try sweep.run(shard: shard) { run, rng in measure(run, &rng) }
///     let all = try sweep.merge()   // [Point], in run order
public struct Sweep<Result: Codable> {
  /// The number of runs in the whole sweep (all shards together).
  public let runCount: Int
  /// The seed that run `i`'s generator derives from, with `i` as the stream index.
  public let seed: UInt64
  /// The folder holding `sweep.json` and one `run-NNNN.json` per completed run.
  public let folder: URL

  /// What the sweep's results were computed from, as text: preset, settings,
  /// data fingerprint, code version (design.md D17). Checked on every resume.
  public let key: [String: String]

  /// A sweep stored in `folder`.
  ///
  /// - Parameters:
  ///   - runCount: the number of runs in the whole sweep.
  ///   - seed: the sweep's seed.
  ///   - key: everything else that changes the results (settings, a fingerprint of
  ///     the data read, the code's version), as name–value text; empty by default.
  ///   - folder: where results go; created when missing.
  ///   - fresh: discard the results saved in `folder` and start over (`--fresh`).
  ///   - createdBy: what made the sweep (a git commit), recorded when it starts and never compared.
  /// - Throws: `ExperimentError` when the folder holds a different sweep (another
  ///   run count, seed or key), naming both sides and what to do, so results are never mixed.
  public init(
    runCount: Int, seed: UInt64, key: [String: String] = [:], folder: URL, fresh: Bool = false,
    createdBy: String? = nil
  ) throws {
    guard runCount >= 0 else { throw ExperimentError("Sweep: negative run count \(runCount)") }
    self.runCount = runCount
    self.seed = seed
    self.key = key
    self.folder = folder
    let manifestURL = folder.appendingPathComponent("sweep.json")
    var manifest = Manifest(runCount: runCount, seed: seed, key: key)
    manifest.createdBy = createdBy
    if fresh { try Sweep.discardResults(in: folder) }
    if let existing = try? Data(contentsOf: manifestURL) {
      guard let stored = try? JSONDecoder().decode(Manifest.self, from: existing) else {
        throw ExperimentError(
          "cannot read \(manifestURL.path); run again with --fresh to start this sweep over")
      }
      guard stored == manifest else {
        throw ExperimentError(
          "\(folder.path) holds a sweep computed from something else, so its results cannot be reused:\n"
            + stored.differences(from: manifest).map { "  \($0)" }.joined(separator: "\n")
            + "\nRun again with --fresh to discard it and start over, or choose another folder with --out."
        )
      }
    } else {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]  // read by people, and committed
      try writeAtomically(try encoder.encode(manifest) + Data("\n".utf8), to: manifestURL)
    }
  }

  /// Removes `sweep.json` and every `run-NNNN.json` in `folder` (nothing else).
  static func discardResults(in folder: URL) throws {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    for name in names
    where name == "sweep.json" || (name.hasPrefix("run-") && name.hasSuffix(".json")) {
      let url = folder.appendingPathComponent(name)
      do { try FileManager.default.removeItem(at: url) } catch {
        throw ExperimentError(
          "cannot delete \(url.path) (\(describeFileError(error, path: url.path))) for --fresh")
      }
    }
  }

  /// The file holding run `run`'s result.
  public func resultURL(run: Int) -> URL {
    let digits = String(run)
    let padded = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    return folder.appendingPathComponent("run-\(padded).json")
  }

  /// The runs of the whole sweep whose result files exist.
  public func completedRuns() -> [Int] {
    (0..<runCount).filter { FileManager.default.fileExists(atPath: resultURL(run: $0).path) }
  }

  /// Runs this shard's runs that have no result yet, in parallel, saving each
  /// result as soon as it is ready.
  ///
  /// - Parameters:
  ///   - shard: the slice to run; the whole sweep by default.
  ///   - maxConcurrency: threads to use; all active cores by default.
  ///   - progress: advanced once per finished run, when given.
  ///   - job: the run for index `i` (0-based, over the whole sweep) with its
  ///     generator `SplitMix64.stream(seed: seed, index: i)`.
  /// - Returns: the runs executed now (skipped runs excluded), in order.
  /// - Throws: the lowest-numbered run's error, or `FileWriteError`; runs that
  ///   finished are saved either way, so running again resumes. `SweepInterrupted`
  ///   when `Interruption.request()` stopped it before every run started.
  @discardableResult
  public func run(
    shard: Shard = .all, maxConcurrency: Int? = nil, progress: ProgressBar? = nil,
    _ job: (_ run: Int, _ rng: inout SplitMix64) throws -> Result
  ) throws -> [Int] {
    let pending = shard.runs(of: runCount).filter {
      !FileManager.default.fileExists(atPath: resultURL(run: $0).path)
    }
    Interruption.sweepStarted()
    defer { Interruption.sweepEnded() }
    let lock = NSLock()
    var skipped = 0
    _ = try runInParallel(count: pending.count, seed: 0, maxConcurrency: maxConcurrency) {
      slot, _ in
      // A stop request lets the runs in progress finish and starts no new one.
      guard !Interruption.isRequested else {
        lock.lock()
        skipped += 1
        lock.unlock()
        return
      }
      let run = pending[slot]
      // The stream index is the run's index in the whole sweep, not its slot
      // here, so a run's numbers do not depend on sharding or resuming.
      var rng = SplitMix64.stream(seed: seed, index: UInt64(run))
      let saved = Saved(run: run, seed: seed, shardCount: shard.count, result: try job(run, &rng))
      try writeAtomically(try Sweep.resultEncoder.encode(saved), to: resultURL(run: run))
      progress?.advance()
    }
    if skipped > 0 {
      throw SweepInterrupted(folder: folder.path, completed: completedRuns().count, total: runCount)
    }
    return pending
  }

  /// All runs' results in run order.
  ///
  /// - Parameter shardCount: N of the `--shard K/N` runs; by default the one the saved runs record.
  /// - Throws: `ExperimentError` listing the missing runs and the shards that
  ///   own them, as K/N, when some are missing, or naming a file that cannot be read.
  public func merge(shardCount: Int? = nil) throws -> [Result] {
    let missing = (0..<runCount).filter {
      !FileManager.default.fileExists(atPath: resultURL(run: $0).path)
    }
    if missing.count == runCount && runCount > 0 {
      throw ExperimentError(
        "no runs are saved in \(folder.path) yet; run the shards (--shard K/N) with the same preset, seed "
          + "and --out first, then merge")
    }
    guard missing.isEmpty else {
      // The shard count the saved runs were made with, unless the caller knows it.
      let count = max(shardCount ?? recordedShardCount() ?? 1, 1)
      let shards = Set(missing.map { $0 % count + 1 }).sorted()
      let listed = missing.prefix(10).map(String.init).joined(separator: ", ")
      throw ExperimentError(
        "\(missing.count) of \(runCount) runs are missing in \(folder.path) (runs \(listed)"
          + (missing.count > 10 ? ", …" : "") + "): shard" + (shards.count > 1 ? "s " : " ")
          + shards.map { "\($0)/\(count)" }.joined(separator: ", ") + " did not finish; run "
          + shards.map { "--shard \($0)/\(count)" }.joined(separator: ", ")
          + " again (completed runs are skipped), then merge")
    }
    return try (0..<runCount).map { run in
      let url = resultURL(run: run)
      do {
        let saved = try Sweep.resultDecoder.decode(Saved.self, from: Data(contentsOf: url))
        guard saved.run == run, saved.seed == seed else {
          throw ExperimentError("it records run \(saved.run) with seed \(saved.seed)")
        }
        return saved.result
      } catch {
        throw ExperimentError(
          "cannot read \(url.path) (\(error)); delete it and run its shard again")
      }
    }
  }

  /// The largest shard count among the saved runs, or nil when none records one.
  func recordedShardCount() -> Int? {
    completedRuns().compactMap { run -> Int? in
      guard let data = try? Data(contentsOf: resultURL(run: run)) else { return nil }
      return (try? JSONDecoder().decode(ShardCountOnly.self, from: data))?.shardCount
    }.max()
  }

  // A blown-up run records NaN or infinite losses, which plain JSON cannot hold.
  static var resultEncoder: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return encoder
  }

  static var resultDecoder: JSONDecoder {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return decoder
  }

  private struct Manifest: Codable, Equatable {
    var runCount: Int
    var seed: UInt64
    /// Absent in sweeps saved before keys existed; such a sweep matches only an empty key.
    var key: [String: String]?
    /// What started the sweep (a git commit); for the record, not compared.
    var createdBy: String?

    init(runCount: Int, seed: UInt64, key: [String: String]) {
      self.runCount = runCount
      self.seed = seed
      self.key = key
    }

    static func == (a: Manifest, b: Manifest) -> Bool {
      a.runCount == b.runCount && a.seed == b.seed && (a.key ?? [:]) == (b.key ?? [:])
    }

    /// One line per entry that differs: "seed: saved 7, now 54321".
    func differences(from now: Manifest) -> [String] {
      var lines: [String] = []
      if runCount != now.runCount { lines.append("runs: saved \(runCount), now \(now.runCount)") }
      if seed != now.seed { lines.append("seed: saved \(seed), now \(now.seed)") }
      let (old, new) = (key ?? [:], now.key ?? [:])
      for name in Set(old.keys).union(new.keys).sorted() where old[name] != new[name] {
        lines.append(
          "\(name): saved \(old[name] ?? "(not recorded)"), now \(new[name] ?? "(not recorded)")")
      }
      return lines
    }
  }

  private struct Saved: Codable {
    var run: Int
    var seed: UInt64
    /// The N of the `--shard K/N` that computed it (absent in older files).
    var shardCount: Int?
    var result: Result
  }

  private struct ShardCountOnly: Decodable {
    var shardCount: Int?
  }
}
