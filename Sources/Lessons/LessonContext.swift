// Where a lesson writes, how big it runs, and how it prints. Introduced in chapter 01.

import Foundation
import Toolkit

/// The run-time settings every lesson receives, and the transcript it prints to.
struct LessonContext {
  /// Run size: seconds (tests), minutes (figures) or the paper's full settings.
  let preset: Preset
  /// The root seed; every random draw in the lesson derives from it through a
  /// named stream, `stream("label", index)` (see `derivedSeed`). The data sets'
  /// train/test splits (the paper's seed 1) and chapter 6's regression tasks (the
  /// paper's task seeds) are data, not draws of the run, and do not depend on it.
  let seed: UInt64
  /// Data files go to `dataRoot/NN/`.
  let dataRoot: URL
  /// Figures go to `figureRoot/NN-name.svg` and `.png`.
  let figureRoot: URL
  /// An explicit data-set folder (`--data-dir`), searched before the defaults.
  let dataDirectory: URL?
  /// An explicit data set (`--dataset`): run the data-set sections on it alone.
  let dataset: DatasetName?
  /// `--shard K/N`: run only slice K of N of a sweep.
  let shard: Shard?
  /// `--merge`: join the shards of a sweep instead of running it.
  let merge: Bool
  /// `--fresh` (or lesson 6's `--retrain`): discard saved sweeps (lesson 6: its saved runs) and compute again.
  let fresh: Bool
  /// `--retrain`: ignore saved models and train again (the same as `--fresh`).
  var retrain: Bool { fresh }
  /// The transcript: stable lines to stdout, timings marked so tests can drop them.
  let transcript: Transcript
  /// What the run read, for `run.json` and the keys of saved results.
  let record: RunLog

  /// The generator of the stream named `label` (index `index`) under `--seed`.
  func stream(_ label: String, _ index: Int = 0) -> SplitMix64 {
    derivedStream(seed, label, index: UInt64(index))
  }

  /// The seed of the stream named `label` (index `index`) under `--seed`.
  func seed(_ label: String, _ index: Int = 0) -> UInt64 {
    derivedSeed(seed, label, index: UInt64(index))
  }

  /// The data sets to run the data-set sections on: `--dataset` alone when given, else `defaults`.
  func datasets(_ defaults: [DatasetName]) -> [DatasetName] {
    dataset.map { [$0] } ?? defaults
  }

  /// The repository root: the current folder when it holds `plots/style.gp`.
  var repositoryRoot: URL {
    URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
  }

  /// Renders the figures of a chapter from its data folder into `figureRoot`, and
  /// reports each outcome on standard error (a missing gnuplot warns once and is not an error).
  func render(_ figures: [String], from dataFolder: URL) {
    for name in figures {
      let script = repositoryRoot.appendingPathComponent("plots/\(name).gp")
      guard FileManager.default.fileExists(atPath: script.path) else {
        printError(
          "lesson: the figure script plots/\(name).gp was not found; run the lesson from "
            + "the repository root to draw figures (its data are in \(dataFolder.path))")
        continue
      }
      Figure(script: script).render(dataDirectory: dataFolder, outputDirectory: figureRoot).report()
    }
  }

  /// Writes a data file into a chapter's data folder.
  func write(_ file: DataFile, named name: String, in folder: URL) throws {
    let url = folder.appendingPathComponent(name)
    do { try file.write(to: url) } catch {
      throw LessonError.unwritable(
        url.path, (error as? FileWriteError)?.reason ?? describeFileError(error, path: url.path))
    }
  }

  /// Finds and loads a data set, split as in the paper, checks that it is large enough,
  /// records its fingerprint, and prints where it came from.
  ///
  /// - Parameters:
  ///   - name: the data set (a lesson passes each of `datasets(_:)` in turn).
  ///   - train: training samples the lesson needs (at least one batch).
  ///   - test: test samples its evaluation reads.
  ///   - purpose: what they are for, for the error message.
  /// - Throws: `DataError` when it is missing, unreadable, too small or degenerate.
  func loadDataset(
    _ name: DatasetName, train: Int = 20, test: Int = 1,
    purpose: String = "batches of 20 and a test loss"
  ) throws -> DatasetSplits {
    let splits = try loadSplitsQuietly(name, train: train, test: test, purpose: purpose)
    transcript(
      "data: \(splits.source); \(splits.train.count) training and \(splits.test.count) test images")
    return splits
  }

  /// `loadDataset` without the transcript line.
  func loadSplitsQuietly(
    _ name: DatasetName, train: Int = 20, test: Int = 1,
    purpose: String = "batches of 20 and a test loss"
  ) throws -> DatasetSplits {
    let locator = DatasetLocator(dataDirectory: dataDirectory?.path)
    let splits = try loadSplits(name, locator: locator)
    try splits.requireSamples(train: train, test: test, purpose: purpose)
    record.add(splits.fingerprint())
    return splits
  }

  /// What a saved result depends on besides its seed (design.md D17): the preset, the
  /// given settings, the fingerprint of each data set read, and the version of the code
  /// that computes it (`code`, a constant the lesson raises when it changes the numbers).
  ///
  /// The git commit is recorded beside the key (`Sweep`'s `createdBy`) but not compared:
  /// committed results (chapter 4's paper sweep) must stay usable at later commits that
  /// do not change how they are computed.
  func resultKey(_ settings: [String: String], code: String, data: [DataFingerprint] = [])
    -> [String: String]
  {
    var key = settings
    key["preset"] = preset.rawValue
    key["code"] = code
    for (i, d) in data.enumerated() {
      key["data\(data.count > 1 ? " \(i + 1)" : "")"] = d.description
    }
    return key
  }

  /// The data folder of chapter `number`, created when missing.
  func dataFolder(_ number: String) throws -> URL {
    let url = dataRoot.appendingPathComponent(number, isDirectory: true)
    do {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
      throw LessonError.unwritable(url.path, describeFileError(error, path: url.path))
    }
    return url
  }
}

/// What a run read and how it was started, gathered for `run.json`.
final class RunLog: @unchecked Sendable {
  private let lock = NSLock()
  private var fingerprints: [DataFingerprint] = []
  /// The git commit of the working tree, looked up once.
  lazy var gitCommit: String = RunRecord.gitCommit()

  /// Records a data set read (once per distinct fingerprint).
  func add(_ fingerprint: DataFingerprint) {
    lock.lock()
    defer { lock.unlock() }
    if !fingerprints.contains(fingerprint) { fingerprints.append(fingerprint) }
  }

  /// The data sets read so far, in order.
  var dataFingerprints: [DataFingerprint] {
    lock.lock()
    defer { lock.unlock() }
    return fingerprints
  }
}

/// Errors a lesson reports to the reader, each saying what to do.
enum LessonError: Error, CustomStringConvertible {
  case unwritable(String, String)
  case diverged(String)
  case missingInput(String)
  /// An option the lesson does not take, or a value it cannot use; the text says which and why.
  case unusableOption(String)
  /// A saved result computed from something else; the text names both sides.
  case staleResult(String)

  var description: String {
    switch self {
    case .unwritable(let path, let why):
      return "cannot write to \(path): \(why). Choose a writable folder with --out DIR."
    case .diverged(let what):
      return "\(what) diverged to NaN or infinity. Lower the learning rate or change --seed."
    case .missingInput(let what), .unusableOption(let what), .staleResult(let what):
      return what
    }
  }
}
