// The printed record of a lesson run. Introduced in chapter 01.

import Foundation
import Toolkit

/// Prints a lesson's transcript and keeps a copy that is saved beside its data.
///
/// Lines with numbers are rounded (4 significant digits) so that every machine
/// prints the same transcript. Wall-clock times are printed on lines that start
/// with `[time]`; snapshot tests drop exactly those lines.
///
/// Nothing printed is lost when the run is killed: standard output is line
/// buffered (the `lesson` command sets it, even when redirected to a file), and
/// every line is also appended, whole, to `transcript.partial.txt` in the
/// chapter's data folder as it is printed. `save(to:)` writes the finished
/// `transcript.txt` atomically and removes the partial copy.
final class Transcript: @unchecked Sendable {
  private(set) var lines: [String] = []
  /// Where `save(to:)` last wrote `transcript.txt`; nil while the lesson has not saved one
  /// (a shard run saves none: its results are merged later).
  private(set) var savedFolder: URL?
  /// The growing copy, `DATA/NN/transcript.partial.txt`; nil for a transcript kept in memory only.
  let liveFile: URL?
  private var descriptor: Int32 = -1
  private let lock = NSLock()

  /// A transcript that also appends every line to `liveFile` (created, with its folder, on the first line).
  init(liveFile: URL? = nil) {
    self.liveFile = liveFile
  }

  deinit { if descriptor >= 0 { close(descriptor) } }

  /// Prints a line: `say("text")`.
  func callAsFunction(_ line: String = "") { say(line) }

  /// Prints a line, and appends it to the live file.
  func say(_ line: String = "") {
    lock.lock()
    defer { lock.unlock() }
    print(line)
    lines.append(line)
    appendToLiveFile(line + "\n")
  }

  /// Runs `body` while no line is being printed, so that it sees only whole lines
  /// (the signal handler's last words).
  func withLinesComplete<T>(_ body: () throws -> T) rethrows -> T {
    lock.lock()
    defer { lock.unlock() }
    return try body()
  }

  /// Prints a heading underlined with `=` or `-`.
  func heading(_ text: String, level: Int = 1) {
    say()
    say(text)
    say(String(repeating: level == 1 ? "=" : "-", count: text.count))
  }

  /// Prints a timing line, which transcript comparisons ignore.
  func time(_ text: String) {
    say("[time] " + text)
  }

  /// Prints a table with a header row, columns padded to the widest entry.
  func table(_ header: [String], _ rows: [[String]]) {
    var widths = header.map(\.count)
    for row in rows {
      for (j, cell) in row.enumerated() where j < widths.count {
        widths[j] = max(widths[j], cell.count)
      }
    }
    func render(_ cells: [String]) -> String {
      cells.enumerated().map { j, c in
        c.padding(toLength: widths[j], withPad: " ", startingAt: 0)
      }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }
    say(render(header))
    say(render(widths.map { String(repeating: "-", count: $0) }))
    for row in rows { say(render(row)) }
  }

  /// Writes the transcript so far to `folder/transcript.txt`, atomically, and
  /// removes the partial copy (the finished file replaces it).
  func save(to folder: URL) throws {
    lock.lock()
    defer { lock.unlock() }
    let text = lines.joined(separator: "\n") + "\n"
    try writeAtomically(text, to: folder.appendingPathComponent("transcript.txt"))
    savedFolder = folder
    if let liveFile,
      liveFile.deletingLastPathComponent().standardizedFileURL == folder.standardizedFileURL
    {
      if descriptor >= 0 {
        close(descriptor)
        descriptor = -2
      }  // -2: finished, do not reopen
      unlink(liveFile.path)
    }
  }

  /// Appends `text` with one `write`, so that the file only ever ends at a line's end.
  /// A file that cannot be written is reported once on standard error; printing goes on.
  private func appendToLiveFile(_ text: String) {
    guard let liveFile, descriptor != -2 else { return }
    if descriptor == -1 {
      try? FileManager.default.createDirectory(
        at: liveFile.deletingLastPathComponent(),
        withIntermediateDirectories: true)
      descriptor = open(liveFile.path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o644)
      if descriptor < 0 {
        descriptor = -2
        printError(
          "lesson: cannot keep a copy of the transcript in \(liveFile.path) "
            + "(\(String(cString: strerror(errno)).lowercased())); the transcript is only printed")
        return
      }
    }
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let n = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        return
      }
      offset += n
    }
  }
}

/// Shorthand for `formatSignificant(value, 4)`.
func fmt(_ value: Double, _ digits: Int = 4) -> String { formatSignificant(value, digits) }
