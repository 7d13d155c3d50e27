// A progress bar with an ETA on a terminal, silent in logs. Introduced in the appendix (A-toolkit).

import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A one-line progress bar with an estimated time to completion, drawn on
/// standard error only when standard error is a terminal.
///
/// Redirected to a file or a pipe (CI, `make`, Slurm logs) it prints nothing,
/// so logs and transcripts stay clean. Safe to advance from several threads.
///
///     let bar = ProgressBar(total: runs, label: "sweep")
///     for _ in 0..<runs { work(); bar.advance() }
///     bar.finish()
public final class ProgressBar: @unchecked Sendable {
  /// Number of steps at completion.
  public let total: Int
  /// Text shown before the bar.
  public let label: String
  /// Whether anything is drawn; by default, whether standard error is a terminal.
  public let isEnabled: Bool

  private let sink: @Sendable (String) -> Void
  private let lock = NSLock()
  private let stopwatch = Stopwatch()
  private var completed = 0
  private var lastDrawSeconds = -Double.infinity
  private var finished = false

  /// A progress bar for `total` steps.
  ///
  /// - Parameters:
  ///   - total: steps at completion (at least 1 is assumed for percentages).
  ///   - label: text before the bar, for example "runs".
  ///   - isEnabled: draw or not; defaults to `isatty(STDERR_FILENO)`.
  public convenience init(total: Int, label: String, isEnabled: Bool = isatty(STDERR_FILENO) != 0) {
    self.init(total: total, label: label, isEnabled: isEnabled) { text in
      FileHandle.standardError.write(Data(text.utf8))
    }
  }

  /// A progress bar that sends its text to `sink` instead of standard error (for tests).
  init(total: Int, label: String, isEnabled: Bool, sink: @escaping @Sendable (String) -> Void) {
    self.total = max(total, 0)
    self.label = label
    self.isEnabled = isEnabled
    self.sink = sink
  }

  /// Records `steps` more completed steps and redraws at most ten times a second.
  ///
  /// - Parameter steps: steps just completed.
  public func advance(by steps: Int = 1) {
    lock.lock()
    defer { lock.unlock() }
    completed = min(completed + steps, total)
    let now = stopwatch.elapsedSeconds
    guard isEnabled, !finished, now - lastDrawSeconds >= 0.1 || completed == total else { return }
    lastDrawSeconds = now
    draw(ProgressBar.line(label: label, completed: completed, total: total, elapsedSeconds: now))
  }

  /// Draws the final state and moves to a new line; later calls do nothing.
  public func finish() {
    lock.lock()
    defer { lock.unlock() }
    guard isEnabled, !finished else { return }
    finished = true
    let line = ProgressBar.line(
      label: label, completed: completed, total: total, elapsedSeconds: stopwatch.elapsedSeconds)
    draw(line, terminator: "\n")
  }

  /// The text of one progress line, for example `runs [#####-----] 5/10  50%  ETA 0:07`.
  ///
  /// The ETA assumes the remaining steps take as long, on average, as the
  /// completed ones; before the first step it is unknown (`--:--`).
  ///
  /// - Parameters:
  ///   - label: text before the bar.
  ///   - completed: steps done.
  ///   - total: steps at completion.
  ///   - elapsedSeconds: time since the bar started.
  ///   - width: characters inside the brackets.
  /// - Returns: the line, without a carriage return or newline.
  public static func line(
    label: String, completed: Int, total: Int, elapsedSeconds: Double, width: Int = 30
  ) -> String {
    let fraction = total > 0 ? Double(completed) / Double(total) : 1
    let filled = Int((fraction * Double(width)).rounded(.down))
    let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
    let percent = Int((fraction * 100).rounded(.down))
    let eta: String
    if completed >= total {
      eta = "done in " + clockText(elapsedSeconds)
    } else if completed == 0 {
      eta = "ETA --:--"
    } else {
      eta = "ETA " + clockText(elapsedSeconds / Double(completed) * Double(total - completed))
    }
    return "\(label) [\(bar)] \(completed)/\(total) \(percent)%  \(eta)"
  }

  /// `seconds` as `m:ss`, or `h:mm:ss` from one hour on.
  static func clockText(_ seconds: Double) -> String {
    let whole = Int(seconds.rounded())
    let (hours, minutes, secs) = (whole / 3600, whole / 60 % 60, whole % 60)
    let twoDigits = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
    return hours > 0
      ? "\(hours):\(twoDigits(minutes)):\(twoDigits(secs))" : "\(minutes):\(twoDigits(secs))"
  }

  private func draw(_ text: String, terminator: String = "") {
    // "\r" returns to the start of the line, "\u{1B}[K" clears what a longer line left behind.
    sink("\r" + text + "\u{1B}[K" + terminator)
  }
}
