// The run.json manifest written beside every experiment's data files. Introduced in chapter 01.

import Foundation
import Support

/// What produced a folder of data files: lesson, preset, seed, configuration,
/// git commit, wall time and date, saved as `run.json` beside the data.
///
/// With it, any figure can be traced back to the exact command and code that
/// made it.
public struct RunRecord: Codable, Equatable, Sendable {
  /// The lesson, for example "04" or "A".
  public var lesson: String
  /// The preset's name: "quick", "default" or "paper".
  public var preset: String
  /// The seed that all of the run's random streams derive from.
  public var seed: UInt64
  /// The settings that matter, as text (for example "learningRate": "0.01").
  public var configuration: [String: String]
  /// `git rev-parse HEAD` of the working tree, or "unknown".
  public var gitCommit: String
  /// Wall-clock seconds the run took.
  public var wallSeconds: Double
  /// When the record was made, in ISO 8601 (UTC).
  public var date: String

  /// A record of a finished run; the git commit and date are looked up now.
  ///
  /// - Parameters:
  ///   - lesson: the lesson, for example "04".
  ///   - preset: the preset it ran with.
  ///   - seed: the run's seed.
  ///   - configuration: the settings that matter, as text.
  ///   - wallSeconds: how long it took (see `Stopwatch`).
  ///   - repository: a folder inside the git working tree; the current directory by default.
  public init(
    lesson: String, preset: Preset, seed: UInt64, configuration: [String: String] = [:],
    wallSeconds: Double, repository: URL? = nil
  ) {
    self.lesson = lesson
    self.preset = preset.rawValue
    self.seed = seed
    self.configuration = configuration
    self.gitCommit = RunRecord.gitCommit(in: repository)
    self.wallSeconds = wallSeconds
    self.date = ISO8601DateFormatter().string(from: Date())
  }

  /// The record as pretty-printed JSON with sorted keys, so that diffs stay small.
  public func encoded() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return try encoder.encode(self)
  }

  /// Writes the record atomically as `folder/run.json`.
  ///
  /// - Parameter folder: the folder holding the run's data files (created when missing).
  /// - Returns: the URL of `run.json`.
  /// - Throws: `FileWriteError` when the file cannot be written.
  @discardableResult
  public func write(into folder: URL) throws -> URL {
    let url = folder.appendingPathComponent("run.json")
    try writeAtomically(try encoded() + Data("\n".utf8), to: url)
    return url
  }

  /// Reads a `run.json` file.
  ///
  /// - Parameter url: the file.
  /// - Throws: an error naming the file when it is missing or malformed.
  public static func read(from url: URL) throws -> RunRecord {
    do {
      return try JSONDecoder().decode(RunRecord.self, from: Data(contentsOf: url))
    } catch {
      throw ExperimentError("cannot read the run record \(url.path): \(error)")
    }
  }

  /// The commit checked out in the git working tree containing `directory`,
  /// or "unknown" when git or the repository is absent.
  ///
  /// - Parameter directory: a folder in the working tree; the current directory when nil.
  public static func gitCommit(in directory: URL? = nil) -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "rev-parse", "HEAD"]
    if let directory { process.currentDirectoryURL = directory }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      return "unknown"
    }
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let commit = text.trimmingCharacters(in: .whitespacesAndNewlines)
    return process.terminationStatus == 0 && !commit.isEmpty ? commit : "unknown"
  }
}

/// A problem with an experiment's inputs or records, described in one sentence
/// that names what was wrong and what to do.
public struct ExperimentError: Error, CustomStringConvertible, Equatable {
  /// The message.
  public let description: String

  /// An error with the given message.
  public init(_ description: String) { self.description = description }
}
