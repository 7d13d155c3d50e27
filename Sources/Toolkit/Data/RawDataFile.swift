// Reading a data file whole, inflating it when it is gzipped. Introduced in the appendix (A-toolkit).

import CZlib
import Foundation

/// The bytes of one data file, inflated first when the file is gzipped.
///
/// Data sets ship either raw (`train-images-idx3-ubyte`) or gzipped
/// (`train-images-idx3-ubyte.gz`); we tell them apart by content, the gzip
/// magic bytes `1f 8b`, never by the file name.
struct RawDataFile {
  /// The path, as given; used in every error message.
  let path: String
  /// The file's bytes, inflated when `wasGzipped`.
  let bytes: [UInt8]
  /// True when the file on disk was gzipped.
  let wasGzipped: Bool

  /// Reads the whole file at `path`, inflating it when it starts with `1f 8b`.
  ///
  /// - Throws: `DataError.unreadableFile` when it cannot be opened or its
  ///   compressed stream is corrupt; `DataError.truncatedFile` when the
  ///   compressed stream breaks off.
  init(path: String) throws {
    let raw = try readWholeFile(path)
    self.path = path
    if raw.count >= 2 && raw[0] == 0x1f && raw[1] == 0x8b {
      bytes = try inflateGzip(raw, path: path)
      wasGzipped = true
    } else {
      bytes = raw
      wasGzipped = false
    }
  }

  /// A truncation error at `offset` in this file's (inflated) bytes.
  func truncated(at offset: Int, expectedSize: Int) -> DataError {
    .truncatedFile(file: path, offset: offset, expectedSize: expectedSize, inflated: wasGzipped)
  }
}

/// The file's bytes, read straight into an array (no `Data` in between: that copy cost 50 ms
/// for Fashion-MNIST's training images).
private func readWholeFile(_ path: String) throws -> [UInt8] {
  guard let handle = fopen(path, "rb") else {
    let reason =
      FileManager.default.fileExists(atPath: path)
      ? "permission denied or not a regular file" : "no such file"
    throw DataError.unreadableFile(file: path, reason: reason)
  }
  defer { fclose(handle) }
  var bytes: [UInt8] = []
  var chunk = [UInt8](repeating: 0, count: 1 << 20)
  var size = 0
  if fseek(handle, 0, SEEK_END) == 0 {
    size = max(0, ftell(handle))
    rewind(handle)
  }
  bytes.reserveCapacity(size)
  while true {
    let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
    if n > 0 { bytes.append(contentsOf: chunk[..<n]) }
    if n < chunk.count { break }
  }
  if ferror(handle) != 0 {
    throw DataError.unreadableFile(file: path, reason: "read error after \(bytes.count) bytes")
  }
  return bytes
}

/// Inflates one gzip member with zlib, streaming into a growing buffer.
///
/// The gzip trailer's last four bytes hold the inflated size modulo 2³²
/// (ISIZE); we use it only to size the buffer, because a corrupt or
/// concatenated file can lie about it.
///
/// - Complexity: O(inflated size); about 0.1 s for Fashion-MNIST's 26 MB of
///   compressed training images.
private func inflateGzip(_ input: [UInt8], path: String) throws -> [UInt8] {
  var capacity = max(input.count * 4, 1 << 16)
  if input.count >= 18 {
    let n = input.count
    let isize =
      Int(input[n - 4]) | Int(input[n - 3]) << 8 | Int(input[n - 2]) << 16
      | Int(input[n - 1]) << 24
    // +1 so the end marker is seen without a regrow. A truncated file's last
    // bytes are not a trailer, so cap the hint by deflate's largest ratio
    // (about 1032:1) rather than allocate gigabytes on its word.
    if isize > 0 { capacity = min(isize + 1, input.count * 1032 + 1024) }
  }
  var output = [UInt8](repeating: 0, count: capacity)
  var produced = 0
  var stream = z_stream()
  // windowBits 15 + 32: the largest window, and detect the gzip (or zlib) header.
  guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
  else { throw DataError.unreadableFile(file: path, reason: "zlib could not start inflating") }
  defer { inflateEnd(&stream) }

  try input.withUnsafeBufferPointer { source in
    stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
    stream.avail_in = UInt32(source.count)
    while true {
      if produced == output.count {
        output.append(contentsOf: repeatElement(0, count: output.count))
      }
      let status: Int32 = output.withUnsafeMutableBufferPointer { target in
        let room = min(target.count - produced, Int(UInt32.max))
        stream.next_out = target.baseAddress! + produced
        stream.avail_out = UInt32(room)
        let status = inflate(&stream, Z_NO_FLUSH)
        produced += room - Int(stream.avail_out)
        return status
      }
      switch status {
      case Z_STREAM_END:
        return
      case Z_OK:
        continue
      case Z_BUF_ERROR where stream.avail_in == 0:
        throw DataError.truncatedFile(
          file: path, offset: source.count, expectedSize: nil, inflated: false)
      case Z_BUF_ERROR:
        continue  // the output buffer was full; it grows at the top of the loop
      default:
        let message = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
        let at = source.count - Int(stream.avail_in)
        throw DataError.unreadableFile(
          file: path, reason: "corrupt gzip data near compressed byte \(at) (\(message))")
      }
    }
  }
  output.removeSubrange(produced...)
  return output
}
