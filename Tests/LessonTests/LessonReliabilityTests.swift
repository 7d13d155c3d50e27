// The `lesson` command as a careful user and an adversarial tester meet it (issue 15):
// options mean one thing, bad data is a named error, seeds reach the numbers, a kill loses nothing.

import Foundation
import XCTest

/// A fresh temporary folder, removed when the test ends.
private func temporaryFolder(_ name: String) -> URL {
  FileManager.default.temporaryDirectory.appendingPathComponent(
    "\(name)-\(UUID().uuidString)", isDirectory: true)
}

private func bigEndian(_ value: UInt32) -> [UInt8] {
  [
    UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff),
    UInt8(value & 0xff),
  ]
}

/// A Fashion-MNIST-shaped IDX folder (raw files) under `root/fashion-mnist`, pixels from `seed`.
private func writeTinyFashionMNIST(at root: URL, train: Int, test: Int, seed: UInt64 = 1) throws {
  let folder = root.appendingPathComponent("fashion-mnist", isDirectory: true)
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  var state = seed
  func byte() -> UInt8 {  // a small LCG is enough for test pixels
    state = state &* 6364136223846793005 &+ 1442695040888963407
    return UInt8(truncatingIfNeeded: state >> 56)
  }
  for (prefix, count) in [("train", train), ("t10k", test)] {
    var images = bigEndian(0x803) + bigEndian(UInt32(count)) + bigEndian(28) + bigEndian(28)
    images += (0..<(count * 784)).map { _ in byte() }
    try Data(images).write(to: folder.appendingPathComponent("\(prefix)-images-idx3-ubyte"))
    let labels = bigEndian(0x801) + bigEndian(UInt32(count)) + (0..<count).map { UInt8($0 % 10) }
    try Data(labels).write(to: folder.appendingPathComponent("\(prefix)-labels-idx1-ubyte"))
  }
}

final class LessonReliabilityTests: XCTestCase {
  // MARK: Options mean one thing everywhere

  func testALessonRefusesOptionsItDoesNotUse() throws {
    for (arguments, named) in [
      (["3", "--quick", "--shard", "1/2"], "--shard"), (["1", "--quick", "--merge"], "--merge"),
      (["A", "--quick", "--dataset", "mnist"], "--dataset"),
      (["3", "--quick", "--fresh"], "--fresh"),
      (["6", "--quick", "--data-dir", "/tmp"], "--data-dir"),
    ] {
      let result = try runLesson(arguments)
      XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
      XCTAssertTrue(result.stderr.contains("does not use \(named)"), result.stderr)
      XCTAssertTrue(result.stdout.isEmpty, "refused before running: \(result.stdout)")
    }
  }

  /// CIFAR-10's 3,072 features into a 784-input network crashed; it is refused before anything runs.
  func testADataSetTheNetworksCannotTakeIsRefused() throws {
    for lesson in ["1", "2"] {
      let result = try runLesson([lesson, "--quick", "--dataset", "cifar10"])
      XCTAssertEqual(result.status, 2, result.stderr)
      XCTAssertTrue(
        result.stderr.contains("784 inputs")
          && result.stderr.contains("--dataset mnist or fashion-mnist"),
        result.stderr)
    }
  }

  // MARK: Bad data is a named error

  /// Fewer test images than lesson 1 evaluates (0 or 12) crashed; now the error says how many are needed.
  func testADataSetTooSmallForTheLessonSaysHowManyAreNeeded() throws {
    for testCount in [0, 12] {
      let root = temporaryFolder("tiny-data")
      defer { try? FileManager.default.removeItem(at: root) }
      try writeTinyFashionMNIST(at: root, train: 300, test: testCount)
      let result = try runLesson([
        "1", "--quick", "--dataset", "fashion-mnist", "--data-dir", root.path,
        "--out", root.appendingPathComponent("out").path,
      ])
      XCTAssertEqual(result.status, 1, result.stderr)
      XCTAssertTrue(
        result.stderr.contains("the test split has \(testCount) samples, but 1000 are needed"),
        result.stderr)
      XCTAssertTrue(
        result.stdout.contains("on Fashion-MNIST"),
        "the heading names the data set: \(result.stdout)")
    }
  }

  // MARK: Keys: a result computed from other data is not reused

  /// Lesson 4's Table 1 sweep, finished on one copy of the data, was reused after the data changed.
  func testASweepComputedFromOtherDataIsRefusedUntilFresh() throws {
    let root = temporaryFolder("sweep-key")
    defer { try? FileManager.default.removeItem(at: root) }
    let (first, second, out) = (
      root.appendingPathComponent("a"), root.appendingPathComponent("b"),
      root.appendingPathComponent("out").path
    )
    try writeTinyFashionMNIST(at: first, train: 120, test: 30, seed: 1)
    try writeTinyFashionMNIST(at: second, train: 120, test: 30, seed: 2)
    let shard = ["4", "--quick", "--dataset", "fashion-mnist", "--shard", "1/1", "--out", out]
    let ran = try runLesson(shard + ["--data-dir", first.path])
    XCTAssertEqual(ran.status, 0, ran.stderr)
    let again = try runLesson(shard + ["--data-dir", first.path])
    XCTAssertEqual(again.status, 0, "the same data resumes: \(again.stderr)")
    XCTAssertTrue(again.stdout.contains("ran 0 of its runs"), again.stdout)
    let other = try runLesson(shard + ["--data-dir", second.path])
    XCTAssertEqual(other.status, 1, other.stderr)
    XCTAssertTrue(
      other.stderr.contains("data: saved Fashion-MNIST")
        && other.stderr.contains(", now Fashion-MNIST"),
      other.stderr)
    XCTAssertTrue(other.stderr.contains("--fresh"), other.stderr)
    let run = try RunRecordJSON(folder: URL(fileURLWithPath: out).appendingPathComponent("data/04"))
    XCTAssertTrue(run.status.hasPrefix("failed"), run.status)
    XCTAssertEqual(run.fingerprintCount, 1)
  }

  /// Lesson 6 once reloaded models meta-trained under another seed; its saved runs (one per arm
  /// and seed, in a paired sweep) are now refused with an error that names both seeds.
  func testSavedRunsFromAnotherSeedAreRefused() throws {
    let out = temporaryFolder("lesson-06-seeds")
    defer { try? FileManager.default.removeItem(at: out) }
    // A seed ≥ 2⁶³ crashed lesson 6 (Int64(seed)); it is a seed like any other.
    let big = try runLesson(["6", "--quick", "--seed", "18446744073709551615", "--out", out.path])
    XCTAssertEqual(big.status, 0, big.stderr)
    // The same seed reloads the saved runs (their recorded key matches) and prints the same tables.
    let again = try runLesson(["6", "--quick", "--seed", "18446744073709551615", "--out", out.path])
    XCTAssertEqual(again.status, 0, again.stderr)
    XCTAssertEqual(stableLines(again.stdout), stableLines(big.stdout))
    let other = try runLesson(["6", "--quick", "--seed", "7", "--out", out.path])
    XCTAssertEqual(other.status, 1, other.stderr)
    XCTAssertTrue(other.stderr.contains("seed: saved 18446744073709551615, now 7"), other.stderr)
    XCTAssertTrue(other.stderr.contains("--fresh"), other.stderr)
  }

  // MARK: --seed reaches the numbers

  /// Two seeds give different data files; the same seed gives the same bytes. Before, lesson 2's
  /// networks started from the fixed seed 54321, so plain SGD's curve did not depend on --seed.
  func testSeedsChangeTheDataAndTheSameSeedRepeatsIt() throws {
    let root = temporaryFolder("seeds")
    defer { try? FileManager.default.removeItem(at: root) }
    try writeTinyFashionMNIST(at: root, train: 300, test: 50)
    func run(seed: String, _ out: String) throws -> (orbit: Data, sgd: [String]) {
      let result = try runLesson([
        "2", "--quick", "--dataset", "fashion-mnist", "--data-dir", root.path,
        "--seed", seed, "--out", root.appendingPathComponent(out).path,
      ])
      XCTAssertEqual(result.status, 0, result.stderr)
      XCTAssertTrue(
        result.stdout.contains("3. Fashion-MNIST") && !result.stdout.contains("3. MNIST"),
        result.stdout)
      let folder = root.appendingPathComponent("\(out)/data/02")
      // Plain SGD's block (no teleport) without its wall-clock column: it depends on the initialisation alone.
      let sgd = try String(
        contentsOf: folder.appendingPathComponent("fashion-sgd.dat"), encoding: .utf8
      )
      .components(separatedBy: "# block 1:")[0].split(separator: "\n")
        .filter { !$0.hasPrefix("#") }.map {
          $0.split(separator: " ").dropLast().joined(separator: " ")
        }
      return (try Data(contentsOf: folder.appendingPathComponent("fashion-orbit-norm.dat")), sgd)
    }
    let one = try run(seed: "1", "a"), again = try run(seed: "1", "b"),
      two = try run(seed: "2", "c")
    XCTAssertEqual(one.orbit, again.orbit, "the same seed, the same bytes")
    XCTAssertEqual(one.sgd, again.sgd)
    XCTAssertFalse(one.sgd.isEmpty)
    XCTAssertNotEqual(one.orbit, two.orbit)
    XCTAssertNotEqual(
      one.sgd, two.sgd, "plain SGD's curve must move with --seed (its initialisation)")
  }

  // MARK: Nothing lost on interruption

  /// SIGTERM to a lesson whose output is redirected: its printed lines arrive, the transcript so far is
  /// saved whole, run.json says "interrupted", and the message says how to resume.
  func testAKilledLessonKeepsItsTranscriptAndSaysHowToResume() throws {
    let out = temporaryFolder("lesson-killed")
    defer { try? FileManager.default.removeItem(at: out) }
    let process = Process()
    process.executableURL = Bundle.main.bundleURL.appendingPathComponent("lesson")
    process.arguments = ["2", "--quick", "--out", out.path]
    process.currentDirectoryURL = repositoryRoot
    let stdout = out.appendingPathComponent("stdout.log"),
      stderr = out.appendingPathComponent("stderr.log")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: stdout.path, contents: nil)
    FileManager.default.createFile(atPath: stderr.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: stdout)
    process.standardError = try FileHandle(forWritingTo: stderr)
    try process.run()
    let partial = out.appendingPathComponent("data/02/transcript.partial.txt")
    // Wait until a few lines are out, then kill it mid-run.
    waitUntil(partial, contains: "2. Multi-layer regression")
    process.terminate()  // SIGTERM
    process.waitUntilExit()
    XCTAssertEqual(process.terminationReason, .exit)
    XCTAssertEqual(process.terminationStatus, 128 + SIGTERM)
    let printed = try String(contentsOf: stdout, encoding: .utf8)
    let saved = try String(contentsOf: partial, encoding: .utf8)
    XCTAssertTrue(printed.contains("Chapter 2:"), "line-buffered even when redirected: \(printed)")
    XCTAssertTrue(saved.hasSuffix("\n"), "whole lines only")
    XCTAssertTrue(
      printed.hasPrefix(saved) || saved.hasPrefix(printed),
      "the saved transcript is what was printed")
    XCTAssertFalse(
      FileManager.default.fileExists(
        atPath: out.appendingPathComponent("data/02/transcript.txt").path),
      "no finished transcript is claimed")
    let message = try String(contentsOf: stderr, encoding: .utf8)
    XCTAssertTrue(
      message.contains("interrupted (SIGTERM)")
        && message.contains("To resume, run the same command again"),
      message)
    XCTAssertTrue(message.contains(partial.path), message)
    let run = try RunRecordJSON(folder: out.appendingPathComponent("data/02"))
    XCTAssertEqual(run.status, "interrupted")
    XCTAssertEqual(run.fingerprintCount, 0)
  }

  /// Even SIGKILL, which no handler sees, loses no printed line: stdout is line-buffered when redirected.
  func testAHardKilledLessonHasPrintedEveryLine() throws {
    let out = temporaryFolder("lesson-sigkill")
    defer { try? FileManager.default.removeItem(at: out) }
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    let stdout = out.appendingPathComponent("stdout.log")
    FileManager.default.createFile(atPath: stdout.path, contents: nil)
    let process = Process()
    process.executableURL = Bundle.main.bundleURL.appendingPathComponent("lesson")
    process.arguments = ["2", "--quick", "--out", out.path]
    process.currentDirectoryURL = repositoryRoot
    process.standardOutput = try FileHandle(forWritingTo: stdout)
    process.standardError = FileHandle.nullDevice
    try process.run()
    let partial = out.appendingPathComponent("data/02/transcript.partial.txt")
    waitUntil(partial, contains: "2. Multi-layer regression")
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    let printed = try String(contentsOf: stdout, encoding: .utf8)
    let saved = try String(contentsOf: partial, encoding: .utf8)
    XCTAssertTrue(printed.contains("2. Multi-layer regression"), "stdout: \(printed)")
    XCTAssertTrue(saved.hasSuffix("\n") && printed.hasPrefix(saved), "saved: \(saved)")
  }

  /// Started without OPENBLAS_CORETYPE (a bare `swift run lesson`), a lesson never computes on a
  /// weaker OpenBLAS kernel than the CPU runs: where OpenBLAS falls back to a generic one, the
  /// lesson restarts itself with the right one, so it prints no kernel hint, and the numbers
  /// are those `make` prints (the snapshots are recorded with the Makefile's kernel).
  func testABareRunUsesTheKernelTheMakefileWouldChoose() throws {
    let out = temporaryFolder("lesson-kernel")
    defer { try? FileManager.default.removeItem(at: out) }
    var environment = ProcessInfo.processInfo.environment
    environment["OPENBLAS_CORETYPE"] = nil
    let result = try runLesson(["A", "--quick", "--out", out.path], environment: environment)
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertFalse(result.stderr.contains("hint: OpenBLAS chose"), result.stderr)
    let run = try RunRecordJSON(folder: out.appendingPathComponent("data/A"))
    let expected = try makefileKernel()
    if let expected { XCTAssertEqual(run.kernel, expected, result.stderr) }
  }

  /// What the Makefile exports (scripts/openblas-coretype.sh), or nil when it exports nothing.
  private func makefileKernel() throws -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["scripts/openblas-coretype.sh"]
    process.currentDirectoryURL = repositoryRoot
    var environment = ProcessInfo.processInfo.environment
    environment["OPENBLAS_CORETYPE"] = nil
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let core = text.trimmingCharacters(in: .whitespacesAndNewlines)
    return core.isEmpty ? nil : core
  }

  /// A completed run writes run.json beside its data, with the data it read.
  func testACompletedRunWritesItsManifest() throws {
    let out = temporaryFolder("lesson-manifest")
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try runLesson(["A", "--quick", "--seed", "9", "--out", out.path])
    XCTAssertEqual(result.status, 0, result.stderr)
    let run = try RunRecordJSON(folder: out.appendingPathComponent("data/A"))
    XCTAssertEqual(run.status, "completed")
    XCTAssertEqual(run.seed, 9)
    XCTAssertFalse(
      FileManager.default.fileExists(
        atPath: out.appendingPathComponent("data/A/transcript.partial.txt").path),
      "the finished transcript replaces the partial copy")
  }
}

/// Waits (up to a minute) until `file` exists and contains `text`: a running lesson has got that far.
private func waitUntil(_ file: URL, contains text: String) {
  let deadline = Date().addingTimeInterval(60)
  while Date() < deadline {
    if let written = try? String(contentsOf: file, encoding: .utf8), written.contains(text) {
      return
    }
    usleep(50_000)
  }
}

/// The fields of run.json these tests read (LessonTests does not link the Toolkit's RunRecord).
private struct RunRecordJSON {
  let status: String
  let seed: UInt64
  let fingerprintCount: Int
  /// The OpenBLAS kernel the run computed with.
  let kernel: String

  init(folder: URL) throws {
    let object =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: folder.appendingPathComponent("run.json")))
      as? [String: Any] ?? [:]
    status = object["status"] as? String ?? "(none)"
    seed = (object["seed"] as? NSNumber)?.uint64Value ?? 0
    fingerprintCount = (object["dataFingerprints"] as? [Any])?.count ?? -1
    kernel = object["openBLASKernel"] as? String ?? "(none)"
  }
}
