// A monotonic stopwatch for timings in transcripts and run records. Introduced in chapter 01.

import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Measures elapsed wall time on the monotonic clock.
///
/// The monotonic clock never jumps when the system time is adjusted (NTP,
/// daylight saving), so a measured interval is never negative or inflated.
public struct Stopwatch: Sendable {
  private var start: UInt64

  /// A stopwatch started now.
  public init() { start = Stopwatch.nowNanoseconds() }

  /// Seconds since the stopwatch was started or last reset.
  public var elapsedSeconds: Double {
    Double(Stopwatch.nowNanoseconds() &- start) * 1e-9
  }

  /// Restarts the stopwatch from zero.
  public mutating func reset() { start = Stopwatch.nowNanoseconds() }

  /// Seconds taken by `body`, with its result.
  ///
  /// - Parameter body: the work to time.
  /// - Returns: the result of `body` and the seconds it took.
  public static func measure<Result>(_ body: () throws -> Result) rethrows -> (
    result: Result, seconds: Double
  ) {
    let stopwatch = Stopwatch()
    let result = try body()
    return (result, stopwatch.elapsedSeconds)
  }

  private static func nowNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
  }
}
