// Data sets too small or degenerate are named errors; fingerprints tell copies apart (issue 15).

import Foundation
import XCTest
import Toolkit
@testable import Support
@testable import Datasets
@testable import Experiments

/// A Fashion-MNIST-shaped IDX folder with `train` and `test` images (pixels from `seed`).
func _writeTinyFashionMNIST(
  in dir: _TemporaryDirectory, train: Int, test: Int, seed: UInt64 = 1,
  constant: UInt8? = nil
) throws -> String {
  var rng = SplitMix64(seed: seed)
  let names = DatasetLocator.idxFileNames
  for (images, labels, count) in [
    (names.trainImages, names.trainLabels, train), (names.testImages, names.testLabels, test),
  ] {
    try dir.write(
      "fashion-mnist/" + images,
      _idxImages(count: count, rows: 28, columns: 28) { _, _ in
        constant ?? UInt8(truncatingIfNeeded: rng.next())
      })
    try dir.write("fashion-mnist/" + labels, _idxLabels((0..<count).map { UInt8($0 % 10) }))
  }
  return dir.path + "/fashion-mnist"
}

final class DataChecksTests: XCTestCase {
  private func load(_ folder: String) throws -> DatasetSplits {
    try loadSplits(
      .fashionMNIST,
      locator: DatasetLocator(
        dataDirectory: folder, environment: [:],
        projectDirectory: "/nonexistent", systemDirectories: [:]))
  }

  func testTooFewTestImagesSaysHowManyAreNeeded() throws {
    for testCount in [0, 12] {
      let dir = try _TemporaryDirectory()
      let splits = try load(try _writeTinyFashionMNIST(in: dir, train: 60, test: testCount))
      XCTAssertThrowsError(
        try splits.requireSamples(train: 20, test: 1000, purpose: "the first 1,000 test images")
      ) {
        error in
        XCTAssertEqual(
          error as? DataError,
          .tooFewSamples(
            dataSet: "Fashion-MNIST", split: "test", found: testCount,
            needed: 1000, purpose: "the first 1,000 test images"))
        XCTAssertTrue("\(error)".contains("1000 are needed"), "\(error)")
      }
    }
  }

  func testTooFewTrainingImagesAndDegenerateDataAreNamed() throws {
    let dir = try _TemporaryDirectory()
    let splits = try load(try _writeTinyFashionMNIST(in: dir, train: 12, test: 5))
    XCTAssertThrowsError(try splits.requireSamples(train: 20, test: 1, purpose: "batches of 20")) {
      error in
      guard case .tooFewSamples(_, "training", 10, 20, _)? = error as? DataError else {
        return XCTFail("\(error)")
      }
    }
    let flat = try _TemporaryDirectory()
    let blank = try load(try _writeTinyFashionMNIST(in: flat, train: 60, test: 5, constant: 0))
    XCTAssertThrowsError(try blank.requireSamples(train: 20, test: 1, purpose: "batches of 20")) {
      error in
      guard case .degenerateDataSet(_, let reason)? = error as? DataError else {
        return XCTFail("\(error)")
      }
      XCTAssertTrue(reason.contains("value 0"), reason)
      XCTAssertFalse("\(error)".contains("shrink the step"))
    }
  }

  func testFingerprintChangesWithTheDataAndNotOtherwise() throws {
    let (a, b, c) = (
      try _TemporaryDirectory(), try _TemporaryDirectory(), try _TemporaryDirectory()
    )
    let one = try load(try _writeTinyFashionMNIST(in: a, train: 60, test: 5, seed: 1)).fingerprint()
    let same = try load(try _writeTinyFashionMNIST(in: b, train: 60, test: 5, seed: 1))
      .fingerprint()
    let other = try load(try _writeTinyFashionMNIST(in: c, train: 60, test: 5, seed: 2))
      .fingerprint()
    XCTAssertEqual(one, same)
    XCTAssertNotEqual(one.hash, other.hash)
    XCTAssertEqual(one.files.count, 4)
    XCTAssertTrue(one.files[0].hasPrefix("train-images-idx3-ubyte 47056 bytes"), one.files[0])
  }

  func testHasherSeesEveryByteAndItsPosition() {
    var base = [UInt8](repeating: 7, count: 37)
    var h0 = FastHasher()
    h0.combine(base)
    for i in [0, 7, 8, 35, 36] {
      base[i] ^= 1
      var h = FastHasher()
      h.combine(base)
      XCTAssertNotEqual(h.hexDigest, h0.hexDigest, "byte \(i)")
      base[i] ^= 1
    }
    var longer = FastHasher()
    longer.combine(base + [0])
    XCTAssertNotEqual(longer.hexDigest, h0.hexDigest)
  }
}
