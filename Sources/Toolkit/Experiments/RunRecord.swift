// The run.json manifest written beside every experiment's data files. Introduced in chapter 01.

import Foundation
import Support

/// What produced a folder of data files: command line, lesson, preset, seed,
/// configuration, the data read (fingerprints), git commit, toolchain, OpenBLAS
/// kernel, wall time, date and how the run ended, saved as `run.json` beside the data.
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
  /// The command's arguments, program name first.
  public var commandLine: [String]?
  /// The data sets read, each with its file sizes and a hash of what was decoded.
  public var dataFingerprints: [DataFingerprint]?
  /// The Swift compiler the binary was built with, for example "Swift 6.1".
  public var toolchain: String?
  /// The OpenBLAS core in use, for example "Haswell".
  public var openBLASKernel: String?
  /// "completed", "interrupted" or "failed: REASON".
  public var status: String?

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
    wallSeconds: Double, repository: URL? = nil, commandLine: [String]? = nil,
    dataFingerprints: [DataFingerprint]? = nil, openBLASKernel: String? = nil, status: String? = nil
  ) {
    self.lesson = lesson
    self.preset = preset.rawValue
    self.seed = seed
    self.configuration = configuration
    self.gitCommit = RunRecord.gitCommit(in: repository)
    self.wallSeconds = wallSeconds
    self.date = ISO8601DateFormatter().string(from: Date())
    self.commandLine = commandLine
    self.dataFingerprints = dataFingerprints
    self.toolchain = RunRecord.toolchain
    self.openBLASKernel = openBLASKernel
    self.status = status
  }

  /// The Swift compiler this binary was built with.
  public static var toolchain: String {
    #if compiler(>=6.3)
      return "Swift 6.3 or later"
    #elseif compiler(>=6.2)
      return "Swift 6.2"
    #elseif compiler(>=6.1)
      return "Swift 6.1"
    #elseif compiler(>=6.0)
      return "Swift 6.0"
    #else
      return "Swift 5"
    #endif
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
      return gitHead(in: directory) ?? "unknown"
    }
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let commit = text.trimmingCharacters(in: .whitespacesAndNewlines)
    return process.terminationStatus == 0 && !commit.isEmpty
      ? commit : (gitHead(in: directory) ?? "unknown")
  }

  /// The commit in `.git/HEAD` (following one `ref:`), without running git; nil when absent.
  static func gitHead(in directory: URL?) -> String? {
    let root =
      directory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
    let git = root.appendingPathComponent(".git")
    guard
      let head = try? String(contentsOf: git.appendingPathComponent("HEAD"), encoding: .utf8)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    else { return nil }
    if head.hasPrefix("ref: ") {
      let ref = git.appendingPathComponent(String(head.dropFirst(5)))
      return (try? String(contentsOf: ref, encoding: .utf8))?.trimmingCharacters(
        in: .whitespacesAndNewlines)
    }
    return head.isEmpty ? nil : head
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
