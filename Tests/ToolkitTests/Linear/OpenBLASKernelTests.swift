import XCTest
import Toolkit
@testable import Linear

final class OpenBLASKernelTests: XCTestCase {
  func testRecommendationTable() {
    let cases: [(core: String, flags: Set<String>, expected: String?, label: String)] = [
      ("Zen", ["avx2", "fma"], nil, "Zen with avx2 is not a fallback"),
      ("Haswell", ["avx2", "fma"], nil, "Haswell with avx2"),
      ("SkylakeX", ["avx512f", "avx2", "fma"], nil, "SkylakeX with avx512f"),
      ("Cooperlake", ["avx512f", "avx2", "fma"], nil, "Cooperlake with avx512f"),
      ("Prescott", ["avx512f", "avx2", "fma"], "SkylakeX", "Prescott with avx512f"),
      ("Prescott", ["avx2", "fma"], "Haswell", "Prescott with avx2"),
      ("Prescott", [], nil, "Prescott with no avx"),
      ("Prescott", ["avx2"], nil, "avx2 without fma is not Haswell-capable"),
      ("Core2", ["avx2", "fma"], "Haswell", "Core2 with avx2"),
      ("Sandybridge", ["avx512f"], "SkylakeX", "Sandybridge (AVX only) with avx512f"),
      ("Haswell", ["avx512f", "avx2", "fma"], "SkylakeX", "Haswell on an AVX-512 CPU"),
      ("PRESCOTT", ["avx2", "fma"], "Haswell", "names are compared ignoring case"),
      ("neoversen1", ["avx2", "fma"], nil, "unknown names are left alone"),
    ]
    for c in cases {
      XCTAssertEqual(
        OpenBLASKernelCheck.recommendation(coreName: c.core, cpuFeatures: c.flags),
        c.expected, c.label)
      let check = OpenBLASKernelCheck(coreName: c.core, cpuFeatures: c.flags)
      XCTAssertEqual(check.isFallback, c.expected != nil, c.label)
      XCTAssertEqual(check.hint == nil, c.expected == nil, c.label)
    }
  }

  func testHintText() {
    let check = OpenBLASKernelCheck(coreName: "Prescott", cpuFeatures: ["avx2", "fma", "sse3"])
    XCTAssertEqual(check.cpuFeatures, ["avx2", "fma"])
    XCTAssertEqual(
      check.hint,
      "hint: OpenBLAS chose its generic 'Prescott' kernel on a CPU with AVX2; run with "
        + "OPENBLAS_CORETYPE=Haswell for about 5x faster matrix products "
        + "(see README, 'BLAS kernel')")
    XCTAssertEqual(
      OpenBLASKernelCheck(coreName: "Prescott", cpuFeatures: ["avx512f"]).hint,
      "hint: OpenBLAS chose its generic 'Prescott' kernel on a CPU with AVX-512; run with "
        + "OPENBLAS_CORETYPE=SkylakeX for about 6x faster matrix products "
        + "(see README, 'BLAS kernel')")
  }

  func testCPUInfoParsing() {
    let text = """
      processor\t: 0
      model name\t: Some CPU
      flags\t\t: fpu vme sse sse2 avx avx2 fma bmi2 avx512f avx512bw
      bugs\t\t: spectre_v1

      processor\t: 1
      flags\t\t: fpu
      """
    XCTAssertEqual(OpenBLASKernelCheck.cpuFeatures(fromCPUInfo: text), ["avx2", "fma", "avx512f"])
    XCTAssertEqual(OpenBLASKernelCheck.cpuFeatures(fromCPUInfo: ""), [])
    // "avx512fp16" must not count as "avx512f".
    XCTAssertEqual(
      OpenBLASKernelCheck.cpuFeatures(fromCPUInfo: "flags : avx512fp16 avx2"), ["avx2"])
  }

  func testCurrentMachine() {
    let check = OpenBLASKernelCheck.current()
    XCTAssertFalse(check.coreName.isEmpty)
    // Whatever the machine, the recommendation is the pure function of what was read.
    XCTAssertEqual(
      check.recommendedCore,
      OpenBLASKernelCheck.recommendation(coreName: check.coreName, cpuFeatures: check.cpuFeatures))
  }

  func testShellScriptAgreesWithSwift() throws {
    let script = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("scripts/openblas-coretype.sh")
    // (flags, the core OpenBLAS detected or "" for "could not ask", expected output)
    let cases: [(flags: String, detected: String, expected: String)] = [
      ("fpu sse avx avx2 fma avx512f", "", "SkylakeX\n"),
      ("fpu sse avx avx2 fma", "", "Haswell\n"),
      ("fpu sse avx avx2", "", ""),
      ("fpu sse avx512fp16", "", ""),
      ("fpu sse avx avx2 fma", "Zen", ""),
      ("fpu sse avx avx2 fma", "Prescott", "Haswell\n"),
      ("fpu sse avx avx2 fma avx512f", "Prescott", "SkylakeX\n"),
      ("fpu sse avx avx2 fma avx512f", "Haswell", "SkylakeX\n"),
      ("fpu sse avx avx2 fma avx512f", "SkylakeX", ""),
    ]
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("openblas-coretype-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    for (index, c) in cases.enumerated() {
      let file = directory.appendingPathComponent("cpuinfo\(index)")
      try "processor\t: 0\nflags\t\t: \(c.flags)\n".write(
        to: file, atomically: true, encoding: .utf8)
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments = [script.path, file.path] + (c.detected.isEmpty ? [] : [c.detected])
      let pipe = Pipe()
      process.standardOutput = pipe
      try process.run()
      let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      XCTAssertEqual(process.terminationStatus, 0, c.flags)
      XCTAssertEqual(output, c.expected, c.flags)
    }
  }
}
