// What Ctrl-C and SIGTERM do to a lesson: finish the line, keep complete files, say how to resume. Introduced in chapter 01.

import Dispatch
import Foundation
import Toolkit

/// Handles SIGINT and SIGTERM for the `lesson` command.
///
/// - During a sweep (lesson 4's Table 1), the first signal asks the sweep to stop
///   after the runs in progress (each is saved whole), and the lesson exits with
///   the resume advice; a second signal stops at once.
/// - Otherwise the run stops at once, between two transcript lines: `run.json`
///   records "interrupted", and the advice names the partial transcript.
///
/// Every data file is written atomically (a temporary file renamed into place), so a
/// stop leaves each file either complete or absent; the partial transcript ends at a
/// line's end because every line is appended with one `write`.
enum InterruptHandler {
  nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
  private static let lock = NSLock()
  nonisolated(unsafe) private static var signalsSeen = 0

  /// Installs the handlers; `onStop` runs (once) before an immediate exit.
  static func install(transcript: Transcript, lesson: String, onStop: @escaping () -> Void) {
    for number in [SIGINT, SIGTERM] {
      signal(number, SIG_IGN)  // the dispatch source receives it instead
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler {
        lock.lock()
        signalsSeen += 1
        let first = signalsSeen == 1
        lock.unlock()
        if first && Interruption.isSweepRunning {
          Interruption.request()
          printError(
            "\nlesson \(lesson): stopping after the runs in progress (each is saved whole); "
              + "send the signal again to stop at once")
          return
        }
        transcript.withLinesComplete {
          onStop()
          fflush(stdout)
          printError(
            "\nlesson \(lesson): interrupted (\(number == SIGINT ? "SIGINT" : "SIGTERM")).")
          printError(resumeAdvice(transcript: transcript))
          _exit(128 + number)
        }
      }
      source.resume()
      sources.append(source)
    }
  }

  /// Where the partial transcript is and what running again does.
  static func resumeAdvice(transcript: Transcript) -> String {
    let partial =
      transcript.liveFile.map { "The transcript so far is in \($0.path) (whole lines only). " }
      ?? ""
    return partial
      + "To resume, run the same command again: lesson 4's sweeps keep their finished runs "
      + "and lesson 6 keeps its finished runs (add --fresh to start over); every other section runs again."
  }
}
