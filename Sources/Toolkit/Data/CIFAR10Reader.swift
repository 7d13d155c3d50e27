// The reader for CIFAR-10's binary version. Introduced in the appendix (A-toolkit).

/// Reads the binary version of CIFAR-10 (`cifar-10-binary.tar.gz`, unpacked
/// to `cifar-10-batches-bin/`).
///
/// Each file is a run of 3,073-byte records: one label byte 0...9, then 3,072
/// pixel bytes, the red 32×32 plane, then green, then blue, each row by row.
/// We keep that order for the 3,072 features, which is also what
/// `ToTensor()` followed by flattening gives in PyTorch (channels first).
///
/// [CIFAR-10]: https://www.cs.toronto.edu/~kriz/cifar.html
public enum CIFAR10Reader {
  /// Pixel bytes per image (3 planes of 32 × 32).
  public static let featureCount = 3072
  /// Bytes per record: the label, then the pixels.
  public static let recordSize = 1 + featureCount
  /// The five training files, in order.
  public static let trainingFiles = (1...5).map { "data_batch_\($0).bin" }
  /// The test file.
  public static let testFile = "test_batch.bin"

  /// Reads one or more batch files into one data set, records in file order.
  ///
  /// - Parameters:
  ///   - paths: the files, read in this order (gzipped ones are inflated).
  ///   - name: the data set's name for transcripts.
  ///   - classCount: labels must lie in `0..<classCount`.
  /// - Returns: every record of every file; nothing partial is ever returned.
  /// - Throws: `DataError.truncatedFile` when a file does not hold a whole
  ///   number of records (naming the offset of the broken record), and
  ///   `DataError.labelOutOfRange` with the record's index in its file.
  public static func load(paths: [String], name: String, classCount: Int = 10) throws -> Dataset {
    var pixels = [UInt8]()
    var labels = [Int]()
    for path in paths {
      let file = try RawDataFile(path: path)
      let bytes = file.bytes
      let records = bytes.count / recordSize
      if records == 0 || bytes.count % recordSize != 0 {
        throw file.truncated(at: bytes.count, expectedSize: (records + 1) * recordSize)
      }
      pixels.reserveCapacity(pixels.count + records * featureCount)
      for r in 0..<records {
        let start = r * recordSize
        let label = Int(bytes[start])
        guard label < classCount else {
          throw DataError.labelOutOfRange(
            file: path, index: r, value: label, allowed: 0..<classCount)
        }
        labels.append(label)
        pixels.append(contentsOf: bytes[(start + 1)..<(start + recordSize)])
      }
    }
    return Dataset(
      name: name, pixelBytes: pixels, featureCount: featureCount, labels: labels,
      classCount: classCount)
  }
}
