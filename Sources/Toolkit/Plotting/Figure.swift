// A figure: one gnuplot script rendered to SVG and PNG through GnuplotBridge. Introduced in chapter 01.

import Foundation
import GnuplotBridge
import Support

/// One figure: the script `plots/NN-name.gp`, which reads data from a folder
/// and writes `NN-name.svg` and `NN-name.png` to another.
///
/// Swift only passes the two folders (as gnuplot variables `datadir` and
/// `outdir`) and runs the script; all styling lives in the script and
/// `plots/style.gp`. gnuplot runs in the folder above `plots/`, so a script's
/// `load 'plots/style.gp'` works.
///
///     let figure = Figure(script: repository.appendingPathComponent("plots/02-orbit.gp"))
///     figure.render(dataDirectory: data, outputDirectory: out).report()
public struct Figure: Sendable {
  /// The script, for example `plots/02-orbit.gp`.
  public let script: URL

  /// A figure drawn by `script`.
  public init(script: URL) { self.script = script }

  /// The figure's name: the script's file name without `.gp`, for example "02-orbit".
  public var name: String { script.deletingPathExtension().lastPathComponent }

  /// The folder gnuplot runs in: the parent of the script's folder (the repository root for `plots/NN-name.gp`).
  public var workingDirectory: URL {
    script.deletingLastPathComponent().deletingLastPathComponent()
  }

  /// The gnuplot commands that render the figure: set `datadir` and `outdir`, then `load` the script.
  ///
  /// Set `TOOLKIT_GNUPLOT='>figure.gp'` to capture exactly this text instead of running gnuplot.
  ///
  /// - Parameters:
  ///   - dataDirectory: where the script finds its `.dat` files.
  ///   - outputDirectory: where it writes its `.svg` and `.png`.
  /// - Returns: gnuplot commands, one per line.
  public func commands(dataDirectory: URL, outputDirectory: URL) -> String {
    """
    datadir = \(gnuplotQuoted(dataDirectory.path))
    outdir = \(gnuplotQuoted(outputDirectory.path))
    load \(gnuplotQuoted(script.path))

    """
  }

  /// Renders the figure, or explains why not; never throws, so that a lesson
  /// still succeeds (with its data written) when gnuplot is absent or fails.
  ///
  /// - Parameters:
  ///   - dataDirectory: where the script finds its `.dat` files.
  ///   - outputDirectory: where `NAME.svg` and `NAME.png` go (created when missing).
  /// - Returns: the files written, or why there are none.
  @discardableResult
  public func render(dataDirectory: URL, outputDirectory: URL) -> RenderOutcome {
    guard FileManager.default.fileExists(atPath: script.path) else {
      return .failed("the figure script \(script.path) does not exist")
    }
    guard gnuplot_bridge_available() != 0 else {
      return .gnuplotMissing(
        "gnuplot was not found on PATH, so \(name) was not rendered (its data are in "
          + "\(dataDirectory.path)); install it with `sudo apt-get install gnuplot-nox` "
          + "(or `make setup`), then run `make plots`")
    }
    do {
      try FileManager.default.createDirectory(
        at: outputDirectory, withIntermediateDirectories: true)
    } catch {
      return .failed(
        "cannot create the output folder \(outputDirectory.path) (\(describeFileError(error, path: outputDirectory.path))); "
          + "choose another folder with --out")
    }
    let text = commands(dataDirectory: dataDirectory, outputDirectory: outputDirectory)
    var buffer = [CChar](repeating: 0, count: 16 * 1024)
    let status = gnuplot_bridge_run(text, workingDirectory.path, &buffer, buffer.count)
    let messages = String(cString: buffer).trimmingCharacters(in: .whitespacesAndNewlines)
    guard status == 0 else {
      return .failed(
        "gnuplot failed on \(script.path) (exit status \(status)):\n"
          + (messages.isEmpty ? "(no message)" : messages))
    }
    let files = ["svg", "png"].map { outputDirectory.appendingPathComponent("\(name).\($0)") }
      .filter { FileManager.default.fileExists(atPath: $0.path) }
    return .rendered(files, warnings: messages)
  }
}

/// What became of a request to render a figure.
public enum RenderOutcome: Equatable, Sendable {
  /// gnuplot ran; these are the files that exist now, with any warnings it printed.
  case rendered([URL], warnings: String)
  /// gnuplot is not installed; the data are written and the message says how to install it.
  case gnuplotMissing(String)
  /// gnuplot (or the script) failed; the message holds gnuplot's error and the script's path.
  case failed(String)

  /// Whether the figure was rendered.
  public var isRendered: Bool {
    if case .rendered = self { return true }
    return false
  }

  /// Prints what happened to standard error, if anything needs saying:
  /// gnuplot's warnings, a failure, or (once per process) that gnuplot is missing.
  public func report() {
    switch self {
    case .rendered(_, let warnings):
      if !warnings.isEmpty { printToStandardError("gnuplot warnings:\n\(warnings)") }
    case .failed(let message):
      printToStandardError("warning: \(message)")
    case .gnuplotMissing(let message):
      if MissingGnuplotNotice.shouldPrint() { printToStandardError("warning: \(message)") }
    }
  }
}

/// Remembers whether the "gnuplot is missing" warning was printed, so a lesson
/// with ten figures prints it once, not ten times.
enum MissingGnuplotNotice {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var printed = false

  /// True the first time it is called in a process, false afterwards.
  static func shouldPrint() -> Bool {
    lock.lock()
    defer { lock.unlock() }
    if printed { return false }
    printed = true
    return true
  }
}

/// `text` as a single-quoted gnuplot string; gnuplot writes a quote inside one as `''`.
func gnuplotQuoted(_ text: String) -> String {
  "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
}

private func printToStandardError(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}
