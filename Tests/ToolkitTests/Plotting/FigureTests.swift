// Tests for Figure: the commands it sends, capture through TOOLKIT_GNUPLOT, and every failure mode.

import XCTest
import Toolkit
@testable import Plotting

final class FigureTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("FigureTests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("plots"), withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: folder)
  }

  private func figure(_ name: String, script: String) throws -> Figure {
    let url = folder.appendingPathComponent("plots/\(name).gp")
    try writeAtomically(script, to: url)
    return Figure(script: url)
  }

  func testCommandsSetTheFoldersAndLoadTheScript() {
    let figure = Figure(script: URL(fileURLWithPath: "/repo/plots/02-orbit.gp"))
    XCTAssertEqual(figure.name, "02-orbit")
    XCTAssertEqual(figure.workingDirectory.path, "/repo")
    XCTAssertEqual(
      figure.commands(
        dataDirectory: URL(fileURLWithPath: "/repo/plots/data/02"),
        outputDirectory: URL(fileURLWithPath: "/tmp/it's here")),
      """
      datadir = '/repo/plots/data/02'
      outdir = '/tmp/it''s here'
      load '/repo/plots/02-orbit.gp'

      """)
  }

  func testCaptureThroughTOOLKIT_GNUPLOT() throws {
    let figure = try figure("T-capture", script: "print 'never run'\n")
    let captured = folder.appendingPathComponent("captured.gp")
    setenv("TOOLKIT_GNUPLOT", ">" + captured.path, 1)
    defer { unsetenv("TOOLKIT_GNUPLOT") }
    let data = folder.appendingPathComponent("data"), out = folder.appendingPathComponent("out")
    let outcome = figure.render(dataDirectory: data, outputDirectory: out)
    XCTAssertEqual(outcome, .rendered([], warnings: ""))
    XCTAssertEqual(
      try String(contentsOf: captured, encoding: .utf8),
      figure.commands(dataDirectory: data, outputDirectory: out))
  }

  func testTOOLKIT_GNUPLOTCommandRunsInsteadOfGnuplot() throws {
    try XCTSkipUnless(gnuplotIsInstalled, "gnuplot is not installed")
    let figure = try figure("T-tee", script: "set print outdir.'/ran.txt'\nprint 'ran'\n")
    let copy = folder.appendingPathComponent("sent.gp")
    setenv("TOOLKIT_GNUPLOT", "tee '\(copy.path)' | gnuplot", 1)
    defer { unsetenv("TOOLKIT_GNUPLOT") }
    let out = folder.appendingPathComponent("out")
    XCTAssertEqual(
      figure.render(dataDirectory: folder, outputDirectory: out), .rendered([], warnings: ""))
    XCTAssertEqual(
      try String(contentsOf: out.appendingPathComponent("ran.txt"), encoding: .utf8), "ran\n")
    XCTAssertEqual(
      try String(contentsOf: copy, encoding: .utf8),
      figure.commands(dataDirectory: folder, outputDirectory: out) + "\n")
  }

  func testMissingScriptIsAFailureNamingIt() {
    let figure = Figure(script: folder.appendingPathComponent("plots/09-nothing.gp"))
    XCTAssertEqual(
      figure.render(dataDirectory: folder, outputDirectory: folder),
      .failed("the figure script \(figure.script.path) does not exist"))
  }

  func testMissingGnuplotKeepsGoingAndSaysHowToInstall() throws {
    let figure = try figure("T-missing", script: "print 1\n")
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    setenv("PATH", folder.path, 1)
    defer { setenv("PATH", path, 1) }
    guard
      case .gnuplotMissing(let message) = figure.render(
        dataDirectory: folder, outputDirectory: folder)
    else { return XCTFail("expected gnuplotMissing") }
    XCTAssertTrue(message.contains("sudo apt-get install gnuplot-nox"), message)
    XCTAssertTrue(message.contains("make plots"), message)
    XCTAssertTrue(message.contains(folder.path), "names where the data are: \(message)")
  }

  func testMissingGnuplotNoticeIsPrintedOncePerProcess() {
    _ = MissingGnuplotNotice.shouldPrint()
    XCTAssertFalse(MissingGnuplotNotice.shouldPrint())
  }

  func testGnuplotErrorIsReportedWithItsMessageAndTheScript() throws {
    try XCTSkipUnless(gnuplotIsInstalled, "gnuplot is not installed")
    let figure = try figure("T-broken", script: "set terminal dumb\nplot sin(x\n")
    guard case .failed(let message) = figure.render(dataDirectory: folder, outputDirectory: folder)
    else { return XCTFail("expected a failure") }
    XCTAssertTrue(
      message.hasPrefix("gnuplot failed on \(figure.script.path) (exit status 1)"), message)
    XCTAssertTrue(message.contains("')' expected"), message)
  }

  func testScriptRunsInTheFolderAbovePlotsWithTheVariablesSet() throws {
    try XCTSkipUnless(gnuplotIsInstalled, "gnuplot is not installed")
    try writeAtomically(
      "marker = 'style loaded'\n", to: folder.appendingPathComponent("plots/style.gp"))
    let figure = try figure(
      "T-variables",
      script: """
        load 'plots/style.gp'
        set print outdir.'/variables.txt'
        print marker
        print datadir
        unset print
        """)
    let out = folder.appendingPathComponent("out with 'quotes'")
    let outcome = figure.render(
      dataDirectory: URL(fileURLWithPath: "/data/A"), outputDirectory: out)
    XCTAssertEqual(outcome, .rendered([], warnings: ""))
    XCTAssertEqual(
      try String(contentsOf: out.appendingPathComponent("variables.txt"), encoding: .utf8),
      "style loaded\n/data/A\n")
  }
}

/// Whether a gnuplot executable is on PATH.
var gnuplotIsInstalled: Bool {
  (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
    FileManager.default.isExecutableFile(atPath: "\($0)/gnuplot")
  }
}
