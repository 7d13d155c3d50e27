// NumPy's .npy format for Double arrays, to exchange data with Python. Introduced in the appendix (A-toolkit).

import Foundation

/// A 1-D or 2-D array of `Double` as stored in a `.npy` file, in row-major (C) order.
///
/// The format (NEP 1): the magic string `\x93NUMPY`, a version byte pair, the
/// header length (2 bytes little-endian in version 1.0, 4 bytes in 2.0 and
/// 3.0), a Python dict literal `{'descr': '<f8', 'fortran_order': False,
/// 'shape': (3, 4), }` padded with spaces and a newline so the data start at
/// a multiple of 64 bytes, then the raw little-endian doubles.
///
/// [NEP 1]: https://numpy.org/neps/nep-0001-npy-format.html
public struct NPYArray: Equatable, Sendable {
  /// The array's shape: one entry (a vector) or two (rows, columns).
  public let shape: [Int]
  /// The entries in row-major order.
  public let scalars: [Double]

  /// An array of the given shape.
  ///
  /// - Parameters:
  ///   - shape: `[n]` or `[rows, columns]`.
  ///   - scalars: the entries in row-major order; their count is the product of `shape`.
  public init(shape: [Int], scalars: [Double]) {
    require(
      shape.count == 1 || shape.count == 2, "NPYArray: shape \(shape) must have 1 or 2 entries")
    require(shape.allSatisfy { $0 >= 0 }, "NPYArray: negative dimension in shape \(shape)")
    require(
      shape.reduce(1, *) == scalars.count,
      "NPYArray: shape \(shape) needs \(shape.reduce(1, *)) entries, got \(scalars.count)")
    self.shape = shape
    self.scalars = scalars
  }

  // MARK: - Writing

  /// The bytes of a `.npy` file holding this array: version 1.0, `'<f8'`, C order.
  public func encoded() -> Data {
    let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(\(shape[0]), \(shape[1]))"
    var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shapeText), }"
    let prefixLength = 10  // magic (6) + version (2) + header length (2)
    // Pad with spaces so that the data start on a 64-byte boundary, as NumPy does.
    let padding = (64 - (prefixLength + header.utf8.count + 1) % 64) % 64
    header += String(repeating: " ", count: padding) + "\n"

    var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
    let headerLength = UInt16(header.utf8.count)
    data.append(contentsOf: [UInt8(headerLength & 0xFF), UInt8(headerLength >> 8)])
    data.append(contentsOf: Array(header.utf8))
    data.reserveCapacity(data.count + 8 * scalars.count)
    for value in scalars {
      withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
    }
    return data
  }

  /// Writes the array to a `.npy` file atomically.
  ///
  /// - Parameter url: the destination; parent folders are created.
  /// - Throws: `FileWriteError` when the file cannot be written.
  public func write(to url: URL) throws {
    try writeAtomically(encoded(), to: url)
  }

  // MARK: - Reading

  /// Reads a `.npy` file.
  ///
  /// - Parameter url: a `.npy` file with dtype `'<f8'` (or `'>f8'`), 1-D or 2-D,
  ///   in C or Fortran order (Fortran order is transposed into row-major).
  /// - Throws: `NPYError` naming the file, the offset and what to do.
  public static func read(from url: URL) throws -> NPYArray {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw NPYError(
        source: url.path, offset: 0,
        reason: "cannot read the file (\(describeFileError(error, path: url.path)))")
    }
    return try decode(data, source: url.path)
  }

  /// Decodes the bytes of a `.npy` file.
  ///
  /// - Parameters:
  ///   - data: the whole file.
  ///   - source: a name for error messages, usually the path.
  /// - Throws: `NPYError` naming `source`, the byte offset and the problem.
  public static func decode(_ data: Data, source: String = "<data>") throws -> NPYArray {
    let bytes = [UInt8](data)
    func fail(_ offset: Int, _ reason: String) -> NPYError {
      NPYError(source: source, offset: offset, reason: reason)
    }
    guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else {
      throw fail(0, "not a .npy file (the magic string \\x93NUMPY is missing)")
    }
    let major = bytes[6]
    let headerLength: Int
    let headerStart: Int
    switch major {
    case 1:
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
      headerStart = 10
    case 2, 3:
      guard bytes.count >= 12 else { throw fail(8, "file ends inside the header length") }
      headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
      headerStart = 12
    default:
      throw fail(
        6, "unsupported format version \(major).\(bytes[7]); save with numpy.save (version 1.0-3.0)"
      )
    }
    guard bytes.count >= headerStart + headerLength else {
      throw fail(
        headerStart, "file ends inside the \(headerLength)-byte header (size \(bytes.count) bytes)")
    }
    guard
      let header = String(bytes: bytes[headerStart..<headerStart + headerLength], encoding: .utf8)
    else {
      throw fail(headerStart, "the header is not valid text")
    }
    let fields = try HeaderFields(header, fail: { fail(headerStart, $0) })

    let littleEndian: Bool
    switch fields.descr {
    case "<f8", "|f8": littleEndian = true
    case ">f8": littleEndian = false
    default:
      throw fail(
        headerStart,
        "dtype '\(fields.descr)' is not float64; convert in Python with numpy.save(path, a.astype('<f8'))"
      )
    }
    guard fields.shape.count == 1 || fields.shape.count == 2 else {
      throw fail(
        headerStart,
        "shape \(fields.shape) has \(fields.shape.count) dimensions; only 1-D and 2-D arrays are supported"
      )
    }

    let dataStart = headerStart + headerLength
    // Overflow-checked: a header shape such as (2³², 2³²) is an error, not a crash.
    guard let byteCount = checkedByteCount(header: 0, dimensions: fields.shape + [8]) else {
      throw fail(
        headerStart, "shape \(fields.shape) is larger than any file can hold; the header is corrupt"
      )
    }
    let count = byteCount / 8
    guard bytes.count - dataStart >= byteCount else {
      throw fail(
        dataStart,
        "shape \(fields.shape) needs \(byteCount) bytes of data, the file has \(bytes.count - dataStart); "
          + "the file is truncated")
    }
    var scalars = [Double](repeating: 0, count: count)
    for i in 0..<count {
      var bits: UInt64 = 0
      for k in 0..<8 { bits |= UInt64(bytes[dataStart + 8 * i + k]) << (8 * k) }
      scalars[i] = Double(bitPattern: littleEndian ? bits : bits.byteSwapped)
    }
    if fields.fortranOrder && fields.shape.count == 2 {
      // Column-major storage of [rows, columns] is row-major storage of its transpose.
      let (rows, columns) = (fields.shape[0], fields.shape[1])
      var rowMajor = scalars
      for i in 0..<rows {
        for j in 0..<columns { rowMajor[i * columns + j] = scalars[j * rows + i] }
      }
      scalars = rowMajor
    }
    return NPYArray(shape: fields.shape, scalars: scalars)
  }
}

/// A `.npy` file that cannot be read, with the file, the byte offset and the reason.
public struct NPYError: Error, CustomStringConvertible, Equatable {
  /// The file (or other source) being read.
  public let source: String
  /// The byte offset where the problem was found.
  public let offset: Int
  /// What is wrong and, where possible, what to do.
  public let reason: String

  /// A readable message: "SOURCE, offset N: REASON".
  public var description: String { "\(source), offset \(offset): \(reason)" }
}

/// The three keys of a `.npy` header dict, parsed from its Python literal.
private struct HeaderFields {
  var descr: String
  var fortranOrder: Bool
  var shape: [Int]

  init(_ header: String, fail: (String) -> NPYError) throws {
    func value(of key: String) throws -> Substring {
      guard let keyRange = header.range(of: "'\(key)'") ?? header.range(of: "\"\(key)\""),
        let colon = header[keyRange.upperBound...].firstIndex(of: ":")
      else { throw fail("the header has no '\(key)' entry: \(header)") }
      return header[header.index(after: colon)...].drop(while: { $0 == " " })
    }
    let descrText = try value(of: "descr")
    guard let quote = descrText.first, quote == "'" || quote == "\"",
      let end = descrText.dropFirst().firstIndex(of: quote)
    else { throw fail("cannot read 'descr' in the header: \(header)") }
    descr = String(descrText[descrText.index(after: descrText.startIndex)..<end])

    let orderText = try value(of: "fortran_order")
    if orderText.hasPrefix("True") {
      fortranOrder = true
    } else if orderText.hasPrefix("False") {
      fortranOrder = false
    } else {
      throw fail("cannot read 'fortran_order' in the header: \(header)")
    }

    let shapeText = try value(of: "shape")
    guard shapeText.first == "(", let close = shapeText.firstIndex(of: ")") else {
      throw fail("cannot read 'shape' in the header: \(header)")
    }
    let entries = shapeText[shapeText.index(after: shapeText.startIndex)..<close]
      .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    var dimensions: [Int] = []
    for entry in entries {
      guard let n = Int(entry), n >= 0 else {
        throw fail("cannot read dimension '\(entry)' of 'shape': \(header)")
      }
      dimensions.append(n)
    }
    shape = dimensions
  }
}
