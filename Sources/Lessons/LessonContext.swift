// Where a lesson writes, how big it runs, and how it prints. Introduced in chapter 01.

import Foundation
import Toolkit

/// The run-time settings every lesson receives, and the transcript it prints to.
struct LessonContext {
  /// Run size: seconds (tests), minutes (figures) or the paper's full settings.
  let preset: Preset
  /// The root seed; every random draw in the lesson derives from it.
  let seed: UInt64
  /// Data files go to `dataRoot/NN/`.
  let dataRoot: URL
  /// Figures go to `figureRoot/NN-name.svg` and `.png`.
  let figureRoot: URL
  /// An explicit data-set folder (`--data-dir`), searched before the defaults.
  let dataDirectory: URL?
  /// An explicit data set (`--dataset`), for lessons that take one.
  let dataset: String?
  /// `--shard K/N`: run only slice K of N of a sweep.
  let shard: Shard?
  /// `--merge`: join the shards of a sweep instead of running it.
  let merge: Bool
  /// `--retrain`: ignore saved models and train again.
  let retrain: Bool
  /// The transcript: stable lines to stdout, timings marked so tests can drop them.
  let transcript: Transcript

  /// The repository root: the current folder when it holds `plots/style.gp`.
  var repositoryRoot: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true) }

  /// Renders the figures of a chapter from its data folder into `figureRoot`, and
  /// reports each outcome on standard error (a missing gnuplot warns once and is not an error).
  func render(_ figures: [String], from dataFolder: URL) {
    for name in figures {
      let script = repositoryRoot.appendingPathComponent("plots/\(name).gp")
      guard FileManager.default.fileExists(atPath: script.path) else {
        printError("lesson: the figure script plots/\(name).gp was not found; run the lesson from "
                     + "the repository root to draw figures (its data are in \(dataFolder.path))")
        continue
      }
      Figure(script: script).render(dataDirectory: dataFolder, outputDirectory: figureRoot).report()
    }
  }

  /// Writes a data file into a chapter's data folder.
  func write(_ file: DataFile, named name: String, in folder: URL) throws {
    let url = folder.appendingPathComponent(name)
    do { try file.write(to: url) } catch { throw LessonError.unwritable(url.path, "\(error)") }
  }

  /// The data set the lesson asked for, or the one given with `--dataset`, split as in
  /// the paper, with a transcript line saying where it came from.
  func loadDataset(_ preferred: DatasetName) throws -> DatasetSplits {
    let name = dataset.flatMap(DatasetName.init(argument:)) ?? preferred
    let locator = DatasetLocator(dataDirectory: dataDirectory?.path)
    let splits = try loadSplits(name, locator: locator)
    transcript("data: \(splits.source); \(splits.train.count) training and \(splits.test.count) test images")
    return splits
  }

  /// The data folder of chapter `number`, created when missing.
  func dataFolder(_ number: String) throws -> URL {
    let url = dataRoot.appendingPathComponent(number, isDirectory: true)
    do {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
      throw LessonError.unwritable(url.path, "\(error.localizedDescription)")
    }
    return url
  }
}

/// Errors a lesson reports to the reader, each saying what to do.
enum LessonError: Error, CustomStringConvertible {
  case unwritable(String, String)
  case diverged(String)
  case missingInput(String)

  var description: String {
    switch self {
    case let .unwritable(path, why):
      return "cannot write to \(path): \(why). Choose a writable folder with --out DIR."
    case let .diverged(what):
      return "\(what) diverged to NaN or infinity. Lower the learning rate or change --seed."
    case let .missingInput(what):
      return what
    }
  }
}
