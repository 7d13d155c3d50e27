// Chapter 4's CIFAR-10 path (3,072 inputs, its own networks and learning rate) on a tiny file in
// the CIFAR-10 binary layout that the test writes itself: CIFAR-10 itself stays a manual download.

import Foundation
import XCTest

final class Lesson04CIFARTests: XCTestCase {
  /// `root/cifar-10-batches-bin` with five training batches of `perBatch` records and a test batch
  /// of `test`: one label byte, then 3,072 pixel bytes from a small LCG.
  private func writeTinyCIFAR10(at root: URL, perBatch: Int, test: Int) throws {
    let folder = root.appendingPathComponent("cifar-10-batches-bin", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var state: UInt64 = 7
    func byte() -> UInt8 {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return UInt8(truncatingIfNeeded: state >> 56)
    }
    let files = (1...5).map { ("data_batch_\($0).bin", perBatch) } + [("test_batch.bin", test)]
    for (name, count) in files {
      var bytes: [UInt8] = []
      for record in 0..<count {
        bytes.append(UInt8(record % 10))
        bytes += (0..<3072).map { _ in byte() }
      }
      try Data(bytes).write(to: folder.appendingPathComponent(name))
    }
  }

  /// Table 1 (with the partial correlations) and Figure 4 (its verdict table and measures) run
  /// end to end on CIFAR-10's networks, [3072, 128, 32, 10] and [3072, 32, 10, 10].
  func testLesson4RunsTable1AndFigure4OnACIFARShapedFile() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "cifar-04-\(UUID().uuidString)", isDirectory: true)
    defer { try? FileManager.default.removeItem(at: root) }
    try writeTinyCIFAR10(at: root, perBatch: 60, test: 50)
    let result = try runLesson([
      "4", "--quick", "--dataset", "cifar10", "--data-dir", root.path,
      "--out", root.appendingPathComponent("out").path,
    ])
    XCTAssertEqual(result.status, 0, result.stderr)
    let out = result.stdout
    XCTAssertTrue(out.contains("300 training and 50 test images"), out)
    for row in ["φ (sharpness)", "ψ (curvature)", "φ | training loss", "ψ | training loss"] {
      XCTAssertTrue(out.contains("CIFAR-10  \(row)"), "Table 1 lacks the CIFAR-10 row \(row)")
    }
    XCTAssertTrue(
      out.contains("verdict table: CIFAR-10 validation loss at epoch 6"), "no Figure 4 verdict")
    for arm in ["lower φ", "raise φ, paper code", "raise ψ"] {
      XCTAssertTrue(out.contains("CIFAR-10  \(arm) "), "no Figure 4 measures for \(arm)")
    }
    let data = root.appendingPathComponent("out/data/04")
    for file in ["correlation.dat", "cifar-10-teleport.dat", "cifar-10-teleport-difference.dat"] {
      XCTAssertTrue(
        FileManager.default.fileExists(atPath: data.appendingPathComponent(file).path), file)
    }
  }
}
