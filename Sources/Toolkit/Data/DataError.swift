// Everything that can go wrong while finding or reading a data set. Introduced in the appendix (A-toolkit).

/// A data set that could not be found or read.
///
/// Every case names the file (or data set) at fault, says what was wrong in
/// numbers a reader can check with `ls -l` or `od`, and where it helps, what
/// to do about it. Readers throw one of these instead of returning anything
/// partially loaded: a load either returns a complete `Dataset` or throws.
public enum DataError: Error, Equatable, Sendable {
  /// No copy of the data set was found.
  ///
  /// - `dataSet`: its display name ("Fashion-MNIST").
  /// - `searched`: every place looked at, in search order, each with a short
  ///   note when something was there but incomplete.
  /// - `remedy`: the command (or manual steps) that provides it.
  case missingDataSet(dataSet: String, searched: [String], remedy: String)

  /// A file ended before the data its header (or record size) promises.
  ///
  /// `offset` is the byte at which the data ran out, which is also the number
  /// of bytes present. For a gzipped file the offsets count inflated bytes
  /// (`inflated` is true); `expectedSize` is nil when a compressed stream
  /// breaks off before its end marker, so no size can be known.
  case truncatedFile(file: String, offset: Int, expectedSize: Int?, inflated: Bool)

  /// The file's first four bytes are not the magic number of the expected kind.
  case wrongMagicNumber(file: String, found: UInt32, expected: UInt32)

  /// A label lies outside `0..<classCount`.
  ///
  /// `index` is the sample's position in the file, counted from 0.
  case labelOutOfRange(file: String, index: Int, value: Int, allowed: Range<Int>)

  /// Shapes or counts disagree: images vs labels, image size, record size.
  ///
  /// `what` names the quantity ("image size", "number of labels"),
  /// `found` and `expected` give its two values as text.
  case sizeMismatch(file: String, what: String, found: String, expected: String)

  /// A CSV row that does not parse. `line` and `column` count from 1.
  case unreadableCSVRow(file: String, line: Int, column: Int, text: String, reason: String)

  /// The file exists but cannot be read, or its compressed stream is corrupt.
  case unreadableFile(file: String, reason: String)

  /// A split holds fewer samples than a lesson needs (for its batches or its
  /// held-out evaluation). `split` is "training" or "test".
  case tooFewSamples(dataSet: String, split: String, found: Int, needed: Int, purpose: String)

  /// The data cannot teach anything: every pixel has the same value, or every
  /// sample has the same label. `reason` says which.
  case degenerateDataSet(dataSet: String, reason: String)
}

extension DataError: CustomStringConvertible {
  /// A message that names the file and the numbers involved, and says what to do.
  public var description: String {
    switch self {
    case .missingDataSet(let dataSet, let searched, let remedy):
      let list = searched.map { "  - \($0)" }.joined(separator: "\n")
      return "\(dataSet) was not found. Searched, in order:\n\(list)\nTo provide it: \(remedy)"
    case .truncatedFile(let file, let offset, let expectedSize, let inflated):
      let unit = inflated ? "inflated bytes" : "bytes"
      if let expectedSize {
        return "\(file): truncated: the data run out at byte offset \(offset), but "
          + "\(expectedSize) \(unit) are expected (\(expectedSize - offset) missing). "
          + "Download or provision the file again."
      }
      return "\(file): truncated: the compressed stream breaks off after \(offset) bytes, "
        + "before its end marker. Download or provision the file again."
    case .wrongMagicNumber(let file, let found, let expected):
      return "\(file): wrong magic number \(hex(found)), expected \(hex(expected)). "
        + "Is this the right file (images vs labels, IDX vs something else)?"
    case .labelOutOfRange(let file, let index, let value, let allowed):
      return "\(file): label of sample \(index) is \(value), outside the allowed range "
        + "\(allowed.lowerBound)...\(allowed.upperBound - 1)."
    case .sizeMismatch(let file, let what, let found, let expected):
      return "\(file): \(what) is \(found), expected \(expected)."
    case .unreadableCSVRow(let file, let line, let column, let text, let reason):
      return "\(file): line \(line), column \(column): cannot read \"\(text)\": \(reason)."
    case .unreadableFile(let file, let reason):
      return "\(file): cannot be read: \(reason)."
    case .tooFewSamples(let dataSet, let split, let found, let needed, let purpose):
      return "\(dataSet): the \(split) split has \(found) samples, but \(needed) are needed "
        + "(\(purpose)). Provide the complete data set (`make data`, or point --data-dir at it)."
    case .degenerateDataSet(let dataSet, let reason):
      return "\(dataSet): \(reason), so no network can learn from it. "
        + "Check the files (or provision them again with `make data`)."
    }
  }
}

/// `0x00000803` style, as the IDX format documents its magic numbers.
private func hex(_ value: UInt32) -> String {
  let digits = String(value, radix: 16)
  return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
