// File-system errors in words a reader can act on, never a framework's error code. Introduced in the appendix (A-toolkit).

import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What went wrong with `path`, in words: "permission denied: /x is not writable",
/// "no such file or folder", never "NSCocoaErrorDomain error 512".
///
/// Foundation on Linux reports many file errors only as a Cocoa code. We use the
/// underlying POSIX error when there is one; otherwise we look at the path
/// itself: the nearest existing folder above it, whether it is writable, and
/// whether something in the way is a file.
///
/// - Parameters:
///   - error: the error thrown by Foundation (or any other).
///   - path: the file or folder the operation was on.
/// - Returns: a short lower-case phrase without a trailing period.
public func describeFileError(_ error: Error, path: String) -> String {
  let ns = error as NSError
  if ns.domain == NSPOSIXErrorDomain {
    return String(cString: strerror(Int32(ns.code))).lowercased()
  }
  if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
    underlying.domain == NSPOSIXErrorDomain
  {
    return String(cString: strerror(Int32(underlying.code))).lowercased()
  }
  // Walk up to the nearest existing ancestor and say what is in the way.
  var current = (path as NSString).standardizingPath
  var isFolder: ObjCBool = false
  while !current.isEmpty && current != "/"
    && !FileManager.default.fileExists(atPath: current, isDirectory: &isFolder)
  {
    current = (current as NSString).deletingLastPathComponent
  }
  if current.isEmpty { current = "." }
  if current != (path as NSString).standardizingPath
    || !FileManager.default.fileExists(atPath: path)
  {
    if FileManager.default.fileExists(atPath: current, isDirectory: &isFolder)
      && !isFolder.boolValue
    {
      return "\(current) is a file, not a folder"
    }
    if ns.domain == NSCocoaErrorDomain
      && (ns.code == NSFileReadNoSuchFileError || ns.code == NSFileNoSuchFileError)
    {
      return "no such file or folder"
    }
    if access(current, W_OK) != 0 {
      return "permission denied: \(current) is not writable"
    }
    return "no such file or folder"
  }
  if access(path, R_OK) != 0 { return "permission denied: \(path) is not readable" }
  if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
    return "\(path) is a folder"
  }
  if access(path, W_OK) != 0 { return "permission denied: \(path) is not writable" }
  return "the operation failed (\(ns.domain) \(ns.code))"
}
