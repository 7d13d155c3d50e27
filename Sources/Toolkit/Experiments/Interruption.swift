// A process-wide "please stop" flag that long loops check between units of work. Introduced in chapter 04.

import Foundation

/// Set when the user asks the run to stop (SIGINT, SIGTERM); sweeps check it
/// between runs, so that every saved result is complete and a rerun resumes.
///
/// The `lesson` command sets it from its signal handler; the Toolkit only reads it.
public enum Interruption {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var requested = false
  nonisolated(unsafe) private static var sweepsRunning = 0

  /// True once a stop was requested.
  public static var isRequested: Bool {
    lock.lock()
    defer { lock.unlock() }
    return requested
  }

  /// Asks every sweep to stop after the runs in progress.
  public static func request() {
    lock.lock()
    requested = true
    lock.unlock()
  }

  /// Clears the request (for tests).
  public static func reset() {
    lock.lock()
    requested = false
    lock.unlock()
  }

  /// True while some sweep is running, so that a stop can wait for its runs in progress.
  public static var isSweepRunning: Bool {
    lock.lock()
    defer { lock.unlock() }
    return sweepsRunning > 0
  }

  static func sweepStarted() {
    lock.lock()
    sweepsRunning += 1
    lock.unlock()
  }
  static func sweepEnded() {
    lock.lock()
    sweepsRunning -= 1
    lock.unlock()
  }
}

/// A sweep that stopped early because a stop was requested; its finished runs are saved.
public struct SweepInterrupted: Error, CustomStringConvertible, Equatable {
  /// The sweep's folder.
  public let folder: String
  /// Runs of the whole sweep whose results are saved.
  public let completed: Int
  /// Runs in the whole sweep.
  public let total: Int

  /// What happened and how to resume.
  public var description: String {
    "interrupted: \(completed) of \(total) runs are saved in \(folder); run the same command again "
      + "to resume (finished runs are skipped)"
  }
}
