// Whitespace-separated .dat files with a # header, the input of every figure. Introduced in chapter 01.

import Foundation
import Support

/// A gnuplot data file: a `#` header naming the lesson, preset, seed and
/// columns, then one or more blocks of numbers.
///
/// Blocks are separated by two blank lines, so a script selects block `k`
/// with `index k` (counting from 0). Numbers are printed with `%.10g`: ten
/// significant digits, more than a figure can show, few enough to diff.
///
///     # lesson: 02
///     # preset: default
///     # seed: 0
///     # columns: step loss gradient_norm
///     # block 0: SGD
///     0 2.302585093 0.4521
///     …
public struct DataFile: Equatable, Sendable {
  /// One block of rows, optionally titled (the title becomes a `#` line).
  public struct Block: Equatable, Sendable {
    /// A short description written as `# block k: title`, or nil.
    public var title: String?
    /// The rows; each has one number per column.
    public var rows: [[Double]]

    /// A block of rows.
    ///
    /// - Parameters:
    ///   - title: a short description for the header line, or nil.
    ///   - rows: one array per line, one number per column.
    /// For a grid read by `splot` (contours, surfaces): a single blank line after
    /// every `scanLength` rows, which is how gnuplot separates the scans of a grid.
    public var scanLength: Int?

    public init(title: String? = nil, rows: [[Double]], scanLength: Int? = nil) {
      self.title = title
      self.rows = rows
      self.scanLength = scanLength
    }
  }

  /// The lesson, for example "02" or "A".
  public var lesson: String
  /// The preset's name, for example "default".
  public var preset: String
  /// The seed, when the data depend on one.
  public var seed: UInt64?
  /// Column names, without spaces (gnuplot scripts refer to columns by number).
  public var columns: [String]
  /// Free-form lines for the header, for example the settings of the run.
  public var comments: [String]
  /// The blocks, selected in gnuplot with `index 0`, `index 1`, ….
  public var blocks: [Block]

  /// A data file for one lesson.
  ///
  /// - Parameters:
  ///   - lesson: the lesson, for example "02".
  ///   - preset: the preset the data come from.
  ///   - seed: the seed, or nil when the data are deterministic.
  ///   - columns: the column names.
  ///   - comments: extra header lines.
  ///   - blocks: the data.
  public init(
    lesson: String, preset: Preset, seed: UInt64?, columns: [String], comments: [String] = [],
    blocks: [Block]
  ) {
    self.lesson = lesson
    self.preset = preset.rawValue
    self.seed = seed
    self.columns = columns
    self.comments = comments
    self.blocks = blocks
  }

  /// The file's text.
  ///
  /// - Throws: `DataFileError` naming the block and row whose length differs
  ///   from the number of columns, or a column name containing whitespace.
  public func text() throws -> String {
    if let bad = columns.first(where: { $0.isEmpty || $0.contains(where: \.isWhitespace) }) {
      throw DataFileError(
        "DataFile: column name '\(bad)' must be non-empty without spaces; use underscores")
    }
    var lines = ["# lesson: \(lesson)", "# preset: \(preset)"]
    if let seed { lines.append("# seed: \(seed)") }
    lines.append("# columns: " + columns.joined(separator: " "))
    // A newline inside a comment would start an uncommented line that gnuplot reads as data.
    lines += comments.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }.map {
      "# \($0)"
    }
    for (k, block) in blocks.enumerated() {
      if k > 0 { lines += ["", ""] }
      if let title = block.title {
        lines.append("# block \(k): \(title.replacingOccurrences(of: "\n", with: " "))")
      }
      for (i, row) in block.rows.enumerated() {
        if let n = block.scanLength, n > 0, i > 0, i % n == 0 { lines.append("") }
        guard row.count == columns.count else {
          throw DataFileError(
            "DataFile: block \(k), row \(i) has \(row.count) numbers but there are \(columns.count) "
              + "columns (\(columns.joined(separator: " ")))")
        }
        lines.append(row.map(DataFile.format).joined(separator: " "))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Writes the file atomically, creating parent folders.
  ///
  /// - Parameter url: the destination, usually `plots/data/NN/name.dat`.
  /// - Throws: `DataFileError` for malformed rows, `FileWriteError` when the file cannot be written.
  public func write(to url: URL) throws {
    try writeAtomically(try text(), to: url)
  }

  /// One number as gnuplot reads it: `%.10g`, with `NaN`, `Inf` and `-Inf` spelled out
  /// (gnuplot skips NaN points, which is how a run that diverged shows as a gap).
  public static func format(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value > 0 ? "Inf" : "-Inf" }
    return String(format: "%.10g", value)
  }
}

/// A data file that cannot be written as asked: a row whose length differs from the
/// number of columns, or a column name with whitespace. The message names the culprit.
public struct DataFileError: Error, CustomStringConvertible, Equatable {
  /// The message.
  public let description: String

  /// An error with the given message.
  public init(_ description: String) { self.description = description }
}
