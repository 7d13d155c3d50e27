// Tests for ProgressBar's line and its silence off a terminal.

import XCTest
import Toolkit
@testable import Support

final class ProgressBarTests: XCTestCase {
  func testLineShowsBarCountPercentAndETA() {
    XCTAssertEqual(
      ProgressBar.line(label: "runs", completed: 5, total: 10, elapsedSeconds: 7, width: 10),
      "runs [#####-----] 5/10 50%  ETA 0:07")
    XCTAssertEqual(
      ProgressBar.line(label: "runs", completed: 0, total: 4, elapsedSeconds: 1, width: 4),
      "runs [----] 0/4 0%  ETA --:--")
    XCTAssertEqual(
      ProgressBar.line(label: "runs", completed: 4, total: 4, elapsedSeconds: 3725, width: 4),
      "runs [####] 4/4 100%  done in 1:02:05")
  }

  func testEnabledBarDrawsAndEndsTheLine() {
    let output = Captured()
    let bar = ProgressBar(total: 3, label: "loud", isEnabled: true) { output.append($0) }
    for _ in 0..<3 { bar.advance() }
    bar.finish()
    bar.finish()
    let text = output.text
    XCTAssertTrue(text.hasPrefix("\r"), text)
    XCTAssertTrue(text.contains("loud [##############################] 3/3 100%  done in"), text)
    XCTAssertEqual(text.filter { $0 == "\n" }.count, 1, text)
  }

  func testDisabledBarDrawsNothing() {
    let output = Captured()
    let bar = ProgressBar(total: 3, label: "quiet", isEnabled: false) { output.append($0) }
    for _ in 0..<5 { bar.advance() }
    bar.finish()
    XCTAssertEqual(output.text, "")
  }
}

/// Text collected from a progress bar's sink.
private final class Captured: @unchecked Sendable {
  private let lock = NSLock()
  private var parts: [String] = []
  func append(_ part: String) {
    lock.lock()
    parts.append(part)
    lock.unlock()
  }
  var text: String {
    lock.lock()
    defer { lock.unlock() }
    return parts.joined()
  }
}
