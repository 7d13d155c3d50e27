// Atomic file writes: a reader sees the old file or the new one, never half of one. Introduced in the appendix (A-toolkit).

import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An error from writing a file, naming the path and what to do about it.
public struct FileWriteError: Error, CustomStringConvertible, Equatable {
  /// The file we tried to write.
  public let path: String
  /// What went wrong and what to do, in one sentence.
  public let reason: String

  /// A readable message: "cannot write PATH: REASON".
  public var description: String { "cannot write \(path): \(reason)" }
}

/// Writes `data` to `url` so that the file is either absent, the old version,
/// or the complete new version, even if the process dies halfway.
///
/// The bytes go to a temporary file in the same folder (a rename is atomic
/// only within one file system), are flushed to disk with `fsync`, and the
/// temporary file is then renamed over `url`. Missing parent folders are
/// created. An interrupted sweep therefore never finds a truncated result.
///
/// - Parameters:
///   - data: the bytes to write.
///   - url: a file URL; its parent folders are created when missing.
/// - Throws: `FileWriteError` naming the path, the system's reason, and a remedy.
public func writeAtomically(_ data: Data, to url: URL) throws {
  let path = url.path
  let folder = url.deletingLastPathComponent()
  do {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  } catch {
    throw FileWriteError(
      path: path,
      reason:
        "cannot create the folder \(folder.path) (\(describeFileError(error, path: folder.path))); "
        + "choose another folder with --out")
  }

  var template = Array(
    folder.appendingPathComponent(".\(url.lastPathComponent).XXXXXX").path.utf8CString)
  let descriptor = template.withUnsafeMutableBufferPointer {
    $0.baseAddress.map { mkstemp($0) } ?? -1
  }
  guard descriptor >= 0 else { throw fileWriteError(path, errno) }
  let temporaryPath = String(cString: template)
  var keepTemporary = false
  defer { if !keepTemporary { unlink(temporaryPath) } }

  var failure: Int32 = 0
  data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
    guard let start = buffer.baseAddress else { return }
    var offset = 0
    while offset < buffer.count {
      let written = write(descriptor, start + offset, buffer.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        failure = errno
        return
      }
      offset += written
    }
  }
  // mkstemp creates files readable only by us; data files are meant to be shared like any other.
  if failure == 0 && fchmod(descriptor, 0o644) != 0 { failure = errno }
  if failure == 0 && fsync(descriptor) != 0 { failure = errno }
  if close(descriptor) != 0 && failure == 0 { failure = errno }
  if failure == 0 && rename(temporaryPath, path) != 0 { failure = errno }
  guard failure == 0 else { throw fileWriteError(path, failure) }
  keepTemporary = true
}

/// Writes `text` as UTF-8 to `url` atomically; see `writeAtomically(_:to:)` for `Data`.
///
/// - Parameters:
///   - text: the text to write.
///   - url: a file URL; its parent folders are created when missing.
/// - Throws: `FileWriteError` naming the path, the system's reason, and a remedy.
public func writeAtomically(_ text: String, to url: URL) throws {
  try writeAtomically(Data(text.utf8), to: url)
}

/// The error for a failed system call on `path` with `errno` value `code`, with a remedy.
func fileWriteError(_ path: String, _ code: Int32) -> FileWriteError {
  let reason = String(cString: strerror(code)).lowercased()
  let remedy: String
  switch code {
  case EACCES, EPERM, EROFS: remedy = "choose another folder with --out"
  case ENOSPC, EDQUOT: remedy = "free some disk space or choose another folder with --out"
  default: remedy = "check the path, or choose another folder with --out"
  }
  return FileWriteError(path: path, reason: "\(reason); \(remedy)")
}
