// End to end: a tiny sweep becomes statistics, a data file, a run record and a rendered figure.

import XCTest
import Toolkit
@testable import Plotting

final class FigurePipelineTests: XCTestCase {
  private var folder: URL!
  /// The repository root, found from this file's path (Tests/ToolkitTests/Plotting/…).
  private let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("FigurePipelineTests-\(UUID().uuidString)", isDirectory: true)
    // A miniature repository: the real plots/style.gp beside a test figure script.
    let plots = folder.appendingPathComponent("plots")
    try FileManager.default.createDirectory(at: plots, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: repository.appendingPathComponent("plots/style.gp"),
      to: plots.appendingPathComponent("style.gp"))
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: folder)
  }

  func testSweepToStatisticsToDataToFigure() throws {
    let stopwatch = Stopwatch()
    let xs = (0..<60).map { Double($0) * 0.1 }
    // Five noisy measurements of sin x, one per run, through the sweep machinery.
    let sweep = try Sweep<[Double]>(
      runCount: 5, seed: 11, folder: folder.appendingPathComponent("runs"))
    for k in 1...2 {
      try sweep.run(shard: try Shard(index: k, count: 2)) { _, rng in
        xs.map { sin($0) + 0.1 * rng.nextNormal() }
      }
    }
    let runs = try sweep.merge()
    let band = try Band(runs: runs)
    let correlation = try PearsonCorrelation(xs.map(sin), band.mean)
    XCTAssertGreaterThan(correlation.r, 0.95)
    XCTAssertLessThan(correlation.pValue, 1e-20)

    let data = folder.appendingPathComponent("plots/data/T")
    try DataFile(
      lesson: "T", preset: .quick, seed: 11, columns: ["x", "mean", "lower", "upper"],
      comments: [
        "mean ± std of 5 runs of sin(x) + 0.1 noise", "Pearson r with sin: \(correlation.r)",
      ],
      blocks: [
        .init(
          title: "band",
          rows: xs.indices.map { [xs[$0], band.mean[$0], band.lower[$0], band.upper[$0]] })
      ]
    ).write(to: data.appendingPathComponent("sine.dat"))
    try RunRecord(
      lesson: "T", preset: .quick, seed: 11, configuration: ["runs": "5"],
      wallSeconds: stopwatch.elapsedSeconds, repository: repository
    ).write(into: data)

    let header = try String(contentsOf: data.appendingPathComponent("sine.dat"), encoding: .utf8)
    XCTAssertTrue(
      header.hasPrefix("# lesson: T\n# preset: quick\n# seed: 11\n# columns: x mean lower upper\n"))
    XCTAssertEqual(try RunRecord.read(from: data.appendingPathComponent("run.json")).seed, 11)

    try XCTSkipUnless(
      gnuplotIsInstalled, "gnuplot is not installed; the data and run.json were checked")
    let script = folder.appendingPathComponent("plots/T-sine.gp")
    try writeAtomically(
      """
      # T-sine.gp: test figure, mean ± std band of noisy sin(x).
      # Input:  datadir/sine.dat   Output: outdir/T-sine.svg and .png
      reset
      load 'plots/style.gp'
      set xlabel 'x'
      do for [format in formats] {
        eval output(format, 'T-sine')
        plot datadir.'/sine.dat' using 1:3:4 with filledcurves linestyle 1 notitle, \\
             '' using 1:2 with lines linestyle 1 title 'mean of 5 runs', \\
             sin(x) with lines linestyle 12 title 'sin(x)'
      }
      eval finish
      """, to: script)
    let out = folder.appendingPathComponent("plots/out")
    let outcome = Figure(script: script).render(dataDirectory: data, outputDirectory: out)
    let png = out.appendingPathComponent("T-sine.png"),
      svg = out.appendingPathComponent("T-sine.svg")
    XCTAssertEqual(outcome, .rendered([svg, png], warnings: ""))
    try assertLooksLikeAFigure(png: png, svg: svg, width: 800, height: 500)
  }

  /// The committed tanh-ladder script renders from data in the shape the lesson will write.
  func testTanhLadderScriptRenders() throws {
    try XCTSkipUnless(gnuplotIsInstalled, "gnuplot is not installed")
    try FileManager.default.copyItem(
      at: repository.appendingPathComponent("plots/A-tanh-ladder.gp"),
      to: folder.appendingPathComponent("plots/A-tanh-ladder.gp"))
    // d^n tanh / dx^n = P_n(tanh x) with P_0 = t and P_{n+1} = P_n'(t)(1 − t²); coefficients by power.
    var polynomials: [[Double]] = [[0, 1]]
    for _ in 0..<6 {
      let p = polynomials.last!
      let derivative = (1..<p.count).map { Double($0) * p[$0] }
      var next = [Double](repeating: 0, count: derivative.count + 2)
      for (k, c) in derivative.enumerated() {
        next[k] += c
        next[k + 2] -= c
      }
      polynomials.append(next)
    }
    let rows = (0...280).map { i -> [Double] in
      let x = -7 + Double(i) * 0.05, t = tanh(x)
      return [x] + polynomials.map { p in p.reversed().reduce(0) { $0 * t + $1 } }
    }
    let data = folder.appendingPathComponent("plots/data/A")
    try DataFile(
      lesson: "A", preset: .quick, seed: nil, columns: ["x"] + (0...6).map { "d\($0)" },
      blocks: [.init(rows: rows)]
    ).write(to: data.appendingPathComponent("tanh-ladder.dat"))
    let out = folder.appendingPathComponent("plots/out")
    let outcome = Figure(script: folder.appendingPathComponent("plots/A-tanh-ladder.gp"))
      .render(dataDirectory: data, outputDirectory: out)
    XCTAssertTrue(outcome.isRendered, "\(outcome)")
    try assertLooksLikeAFigure(
      png: out.appendingPathComponent("A-tanh-ladder.png"),
      svg: out.appendingPathComponent("A-tanh-ladder.svg"),
      width: 800, height: 500)
  }

  /// Checks the PNG's signature and IHDR size, that it is much larger than a
  /// blank PNG of the same size from the same terminal, and that the SVG has paths.
  private func assertLooksLikeAFigure(
    png: URL, svg: URL, width: Int, height: Int, file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let bytes = [UInt8](try Data(contentsOf: png))
    XCTAssertEqual(
      Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "PNG signature",
      file: file, line: line)
    XCTAssertEqual(String(decoding: bytes[12..<16], as: UTF8.self), "IHDR", file: file, line: line)
    let bigEndian = { (offset: Int) in bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
    XCTAssertEqual(bigEndian(16), width, "PNG width", file: file, line: line)
    XCTAssertEqual(bigEndian(20), height, "PNG height", file: file, line: line)

    let blank = folder.appendingPathComponent("blank.png")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "gnuplot", "-e",
      "set terminal pngcairo size \(width),\(height) background rgb 'white'; set output '\(blank.path)'; "
        + "unset border; unset tics; unset key; plot [0:1][0:1] 2; unset output",
    ]
    try process.run()
    process.waitUntilExit()
    let blankSize = try Data(contentsOf: blank).count
    XCTAssertGreaterThan(
      bytes.count, 4 * blankSize, "PNG of \(bytes.count) bytes vs blank \(blankSize)", file: file,
      line: line)

    let svgText = try String(contentsOf: svg, encoding: .utf8)
    XCTAssertTrue(
      svgText.contains("width=\"\(width)\" height=\"\(height)\""), "SVG size", file: file,
      line: line)
    XCTAssertGreaterThan(
      svgText.components(separatedBy: "<path").count, 10, "SVG paths", file: file, line: line)
  }
}
