// Checked requirements whose messages survive optimisation. Introduced in the appendix (A-toolkit).

/// Stops the program with `message` unless `condition` holds, in debug and release builds.
///
/// We use this instead of `precondition` because the Toolkit is compiled with
/// `-O` in every configuration (Package.swift), and under `-O` Swift's
/// `precondition` traps *without* printing its message: a shape mismatch deep
/// in a teleport would read only "precondition failure". `fatalError` keeps its
/// message under `-O` (only `-Ounchecked` removes the check itself).
///
/// - Parameters:
///   - condition: the requirement; evaluated once.
///   - message: what was wrong and what to do; built only on failure.
@inlinable @inline(__always)
public func require(
  _ condition: @autoclosure () -> Bool,
  _ message: @autoclosure () -> String,
  file: StaticString = #fileID, line: UInt = #line
) {
  if !condition() { requirementFailure(message(), file: file, line: line) }
}

/// Stops the program with `message`, in debug and release builds (see `require(_:_:file:line:)`).
@inline(never)
public func requirementFailure(
  _ message: String,
  file: StaticString = #fileID, line: UInt = #line
) -> Never {
  fatalError(message, file: file, line: line)
}
