// The IDX reader for MNIST and Fashion-MNIST, raw or gzipped. Introduced in the appendix (A-toolkit).

import Support

/// Reads the IDX files that MNIST and Fashion-MNIST ship in.
///
/// An IDX file is a big-endian header followed by unsigned bytes:
///
///     images: 0x00000803, count, rows, columns, then count × rows × columns pixels
///     labels: 0x00000801, count, then count labels
///
/// Pixels are stored sample after sample, row by row within an image.
/// Either file may be gzipped; `RawDataFile` inflates it by content.
///
/// [IDX]: http://yann.lecun.com/exdb/mnist/ (the format, at the foot of the page)
public enum IDXReader {
  /// The magic number of an IDX file of unsigned-byte images (3 dimensions).
  public static let imagesMagic: UInt32 = 0x0000_0803
  /// The magic number of an IDX file of unsigned-byte labels (1 dimension).
  public static let labelsMagic: UInt32 = 0x0000_0801

  /// The images of one IDX file, as stored: bytes, sample after sample.
  public struct Images: Sendable {
    /// The number of images.
    public let count: Int
    /// Pixel rows per image (28 for MNIST).
    public let rows: Int
    /// Pixel columns per image (28 for MNIST).
    public let columns: Int
    /// `count × rows × columns` pixel bytes, 0...255.
    public let pixels: [UInt8]
  }

  /// Reads an images file (magic 0x00000803).
  ///
  /// - Parameter path: the file, raw or gzipped.
  /// - Throws: `DataError` naming the file when its magic number is wrong or
  ///   it is shorter or longer than its header says.
  public static func readImages(at path: String) throws -> Images {
    let file = try RawDataFile(path: path)
    let header = 16
    let dims = try readHeader(file, magic: imagesMagic, headerSize: header)
    let (count, rows, columns) = (dims[0], dims[1], dims[2])
    try requireSize(file, header: header, dimensions: [count, rows, columns])
    // Copying through a buffer pointer is a memcpy; Array(slice) goes element by element.
    let pixels = file.bytes.withUnsafeBufferPointer {
      Array(UnsafeBufferPointer(rebasing: $0[header...]))
    }
    return Images(count: count, rows: rows, columns: columns, pixels: pixels)
  }

  /// Reads a labels file (magic 0x00000801).
  ///
  /// - Parameters:
  ///   - path: the file, raw or gzipped.
  ///   - classCount: labels must lie in `0..<classCount`.
  /// - Throws: `DataError` naming the file for a wrong magic number, a wrong
  ///   size, or the first label out of range (with its index).
  public static func readLabels(at path: String, classCount: Int) throws -> [Int] {
    let file = try RawDataFile(path: path)
    let header = 8
    let count = try readHeader(file, magic: labelsMagic, headerSize: header)[0]
    try requireSize(file, header: header, dimensions: [count])
    let labels = file.bytes[header...].map { Int($0) }
    if let bad = labels.firstIndex(where: { $0 >= classCount }) {
      throw DataError.labelOutOfRange(
        file: path, index: bad, value: labels[bad], allowed: 0..<classCount)
    }
    return labels
  }

  /// Reads an images file and its labels file into one data set.
  ///
  /// - Parameters:
  ///   - name: the data set's name for transcripts.
  ///   - imagesPath: the images file, raw or gzipped.
  ///   - labelsPath: the labels file, raw or gzipped.
  ///   - imageSize: the expected (rows, columns) of each image, or nil to accept any.
  ///   - classCount: labels must lie in `0..<classCount`.
  /// - Returns: the whole file pair; nothing partial is ever returned.
  /// - Throws: `DataError` for any problem in either file, or when the two
  ///   files disagree on the number of samples.
  public static func loadDataset(
    name: String, imagesPath: String, labelsPath: String,
    imageSize: (rows: Int, columns: Int)? = (28, 28), classCount: Int = 10
  ) throws -> Dataset {
    let (images, labels) = try readPair(
      imagesPath: imagesPath, labelsPath: labelsPath, imageSize: imageSize,
      classCount: classCount)
    return Dataset(
      name: name, pixelBytes: images.pixels, featureCount: images.rows * images.columns,
      labels: labels, classCount: classCount)
  }

  /// Reads an images file and its labels file, and checks that they belong together.
  static func readPair(
    imagesPath: String, labelsPath: String, imageSize: (rows: Int, columns: Int)?,
    classCount: Int
  ) throws -> (images: Images, labels: [Int]) {
    let images = try readImages(at: imagesPath)
    let labels = try readLabels(at: labelsPath, classCount: classCount)
    if let size = imageSize, size.rows != images.rows || size.columns != images.columns {
      throw DataError.sizeMismatch(
        file: imagesPath, what: "image size", found: "\(images.rows)×\(images.columns)",
        expected: "\(size.rows)×\(size.columns)")
    }
    if labels.count != images.count {
      throw DataError.sizeMismatch(
        file: labelsPath, what: "number of labels", found: "\(labels.count)",
        expected: "\(images.count), the number of images in \(imagesPath)")
    }
    return (images, labels)
  }

  // MARK: - Header

  /// Checks the magic number and returns the header's dimensions.
  private static func readHeader(_ file: RawDataFile, magic: UInt32, headerSize: Int) throws
    -> [Int]
  {
    guard file.bytes.count >= 4 else {
      throw file.truncated(at: file.bytes.count, expectedSize: headerSize)
    }
    let found = bigEndianWord(file.bytes, at: 0)
    guard found == magic else {
      throw DataError.wrongMagicNumber(file: file.path, found: found, expected: magic)
    }
    guard file.bytes.count >= headerSize else {
      throw file.truncated(at: file.bytes.count, expectedSize: headerSize)
    }
    return stride(from: 4, to: headerSize, by: 4).map { Int(bigEndianWord(file.bytes, at: $0)) }
  }

  /// Throws unless the file holds exactly `header` bytes plus the product of `dimensions`.
  ///
  /// The product is formed with overflow checks: a header claiming 0xFFFFFFFF
  /// images of 0xFFFFFFFF × 0xFFFFFFFF pixels is a size mismatch, not a crash.
  private static func requireSize(_ file: RawDataFile, header: Int, dimensions: [Int]) throws {
    guard let expected = checkedByteCount(header: header, dimensions: dimensions) else {
      throw DataError.sizeMismatch(
        file: file.path, what: file.wasGzipped ? "the inflated size" : "the file size",
        found: "\(file.bytes.count) bytes",
        expected: "the \(dimensions.map(String.init).joined(separator: " × ")) bytes its header "
          + "claims, more than any file can hold; the header is corrupt")
    }
    if file.bytes.count < expected {
      throw file.truncated(at: file.bytes.count, expectedSize: expected)
    }
    if file.bytes.count > expected {
      throw DataError.sizeMismatch(
        file: file.path, what: file.wasGzipped ? "the inflated size" : "the file size",
        found: "\(file.bytes.count) bytes",
        expected: "\(expected) bytes, as its header says; the file has trailing data")
    }
  }

  private static func bigEndianWord(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
      | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
  }
}
