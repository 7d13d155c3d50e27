// A sweep of independent runs that shards, resumes and merges. Introduced in chapter 04.

import Foundation
import Support

/// A sweep of `runCount` independent runs whose results are saved one file per
/// run, so that it can be split into shards, interrupted, resumed and merged.
///
/// The folder holds `sweep.json` (run count and seed, checked on every
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
  /// Everything else that changes the numbers (preset, settings, data), checked on resume.
  public let configuration: String?

  /// A sweep stored in `folder`.
  ///
  /// - Parameters:
  ///   - runCount: the number of runs in the whole sweep.
  ///   - seed: the sweep's seed.
  ///   - folder: where results go; created when missing.
  ///   - configuration: a description of every other setting that changes the
  ///     results; a folder recorded with another one is refused (design.md D17).
  /// - Throws: `ExperimentError` when the folder holds a different sweep
  ///   (another run count, seed or configuration), so results are never mixed.
  public init(runCount: Int, seed: UInt64, folder: URL, configuration: String? = nil) throws {
    require(runCount >= 0, "Sweep: negative run count \(runCount)")
    self.runCount = runCount
    self.seed = seed
    self.folder = folder
    self.configuration = configuration
    let manifestURL = folder.appendingPathComponent("sweep.json")
    let manifest = Manifest(runCount: runCount, seed: seed, configuration: configuration)
    if let existing = try? Data(contentsOf: manifestURL) {
      guard let stored = try? JSONDecoder().decode(Manifest.self, from: existing) else {
        throw ExperimentError("cannot read \(manifestURL.path); delete the folder \(folder.path) to start over")
      }
      guard stored == manifest else {
        throw ExperimentError(
          "\(folder.path) holds a sweep of \(stored.runCount) runs with seed \(stored.seed)"
            + (stored.configuration.map { " (\($0))" } ?? "") + ", not \(runCount) runs with seed \(seed)"
            + (configuration.map { " (\($0))" } ?? "")
            + "; choose another folder with --out or delete it to start over")
      }
    } else {
      try writeAtomically(try JSONEncoder().encode(manifest), to: manifestURL)
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
  ///   finished are saved either way, so running again resumes.
  @discardableResult
  public func run(
    shard: Shard = .all, maxConcurrency: Int? = nil, progress: ProgressBar? = nil,
    _ job: (_ run: Int, _ rng: inout SplitMix64) throws -> Result
  ) throws -> [Int] {
    let pending = shard.runs(of: runCount).filter {
      !FileManager.default.fileExists(atPath: resultURL(run: $0).path)
    }
    _ = try runInParallel(count: pending.count, seed: 0, maxConcurrency: maxConcurrency) { slot, _ in
      let run = pending[slot]
      // The stream index is the run's index in the whole sweep, not its slot
      // here, so a run's numbers do not depend on sharding or resuming.
      var rng = SplitMix64.stream(seed: seed, index: UInt64(run))
      let saved = Saved(run: run, seed: seed, result: try job(run, &rng))
      try writeAtomically(try Self.encoder.encode(saved), to: resultURL(run: run))
      progress?.advance()
    }
    return pending
  }

  /// All runs' results in run order.
  ///
  /// - Throws: `ExperimentError` listing the missing runs and the shards that
  ///   own them (for the given shard count) when some are missing, or naming a
  ///   file that cannot be read.
  public func merge(shardCount: Int = 1) throws -> [Result] {
    let missing = (0..<runCount).filter { !FileManager.default.fileExists(atPath: resultURL(run: $0).path) }
    guard missing.isEmpty else {
      let shards = Set(missing.map { $0 % max(shardCount, 1) + 1 }).sorted()
      let listed = missing.prefix(10).map(String.init).joined(separator: ", ")
      throw ExperimentError(
        "\(missing.count) of \(runCount) runs are missing in \(folder.path) (runs \(listed)"
          + (missing.count > 10 ? ", …" : "") + "); run "
          + shards.map { "--shard \($0)/\(max(shardCount, 1))" }.joined(separator: ", ")
          + " again (completed runs are skipped), then merge")
    }
    return try (0..<runCount).map { run in
      let url = resultURL(run: run)
      do {
        let saved = try Self.decoder.decode(Saved.self, from: Data(contentsOf: url))
        guard saved.run == run, saved.seed == seed else {
          throw ExperimentError("it records run \(saved.run) with seed \(saved.seed)")
        }
        return saved.result
      } catch {
        throw ExperimentError("cannot read \(url.path) (\(error)); delete it and run its shard again")
      }
    }
  }

  private struct Manifest: Codable, Equatable {
    var runCount: Int
    var seed: UInt64
    var configuration: String?
  }

  // A blown-up run records NaN or infinite losses, which plain JSON cannot hold.
  private static var encoder: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return encoder
  }

  private static var decoder: JSONDecoder {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return decoder
  }

  private struct Saved: Codable {
    var run: Int
    var seed: UInt64
    var result: Result
  }
}
