// The printed record of a lesson run. Introduced in chapter 01.

import Foundation
import Toolkit

/// Prints a lesson's transcript and keeps a copy that is saved beside its data.
///
/// Lines with numbers are rounded (4 significant digits) so that every machine
/// prints the same transcript. Wall-clock times are printed on lines that start
/// with `[time]`; snapshot tests drop exactly those lines.
final class Transcript {
  private(set) var lines: [String] = []

  /// Prints a line: `say("text")`.
  func callAsFunction(_ line: String = "") { say(line) }

  /// Prints a line.
  func say(_ line: String = "") {
    print(line)
    lines.append(line)
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

  /// Writes the transcript so far to `folder/transcript.txt`, atomically.
  func save(to folder: URL) throws {
    let text = lines.joined(separator: "\n") + "\n"
    try writeAtomically(text, to: folder.appendingPathComponent("transcript.txt"))
  }
}

/// Shorthand for `formatSignificant(value, 4)`.
func fmt(_ value: Double, _ digits: Int = 4) -> String { formatSignificant(value, digits) }
