// What a result was computed from: the data actually read, as sizes and a hash. Introduced in chapter 04.

import Foundation
import Support

extension DatasetSplits {
  /// The fingerprint of this split: file sizes and a hash of the decoded samples.
  ///
  /// - Complexity: one pass over the pixel bytes (about 40 MB for MNIST, tens of milliseconds).
  public func fingerprint() -> DataFingerprint {
    var hasher = FastHasher()
    for set in [train, test] {
      hasher.combine(set.count)
      hasher.combine(set.featureCount)
      if let bytes = set.pixelBytes {
        hasher.combine(bytes)
      } else {
        for x in set.images.scalars {
          hasher.combine(Int(bitPattern: UInt(truncatingIfNeeded: x.bitPattern)))
        }
      }
      for label in set.labels { hasher.combine(label) }
    }
    let files = located.source.paths.map { path -> String in
      let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber
      return "\((path as NSString).lastPathComponent) \(size.map { "\($0.intValue)" } ?? "?") bytes"
    }
    return DataFingerprint(
      name: located.name.displayName, files: files, trainCount: train.count,
      testCount: test.count, hash: hasher.hexDigest)
  }

  /// Throws unless the training and test splits hold at least `train` and `test`
  /// samples, and the data are not degenerate (one pixel value everywhere, or one label).
  ///
  /// - Parameters:
  ///   - train: samples the lesson's training needs (at least one batch).
  ///   - test: samples its evaluation reads.
  ///   - purpose: what they are for, for the message ("batches of 20, evaluation on 1,000").
  /// - Throws: `DataError.tooFewSamples` or `DataError.degenerateDataSet`.
  public func requireSamples(train needTrain: Int, test needTest: Int, purpose: String) throws {
    let name = located.name.displayName
    if train.count < needTrain {
      throw DataError.tooFewSamples(
        dataSet: name, split: "training", found: train.count, needed: needTrain,
        purpose: purpose)
    }
    if test.count < needTest {
      throw DataError.tooFewSamples(
        dataSet: name, split: "test", found: test.count, needed: needTest,
        purpose: purpose)
    }
    if let first = train.labels.first, train.labels.allSatisfy({ $0 == first }) {
      throw DataError.degenerateDataSet(
        dataSet: name, reason: "every training sample has label \(first)")
    }
    if let bytes = train.pixelBytes, let first = bytes.first,
      !bytes.contains(where: { $0 != first })
    {
      throw DataError.degenerateDataSet(
        dataSet: name, reason: "every training pixel has the value \(first)")
    }
  }
}

extension DataSource {
  /// The files (or, for CIFAR-10, the batch files in its folder) this source reads.
  public var paths: [String] {
    switch self {
    case .idx(let trainImages, let trainLabels, let testImages, let testLabels):
      return [trainImages, trainLabels, testImages, testLabels]
    case .mnist5kCSV(let path):
      return [path]
    case .cifar10Binary(let directory):
      return (CIFAR10Reader.trainingFiles + [CIFAR10Reader.testFile]).map {
        (directory as NSString).appendingPathComponent($0)
      }
    }
  }
}

/// A fast, stable 64-bit hash (FNV-1a over 8-byte words with an xor-shift, then a SplitMix64 finaliser).
///
/// Not cryptographic: it tells copies of a data set apart, it does not resist forgery.
/// Stable across runs, machines and Swift versions (unlike `Hasher`, which is seeded per process).
public struct FastHasher {
  private var state: UInt64 = 0xCBF2_9CE4_8422_2325

  /// An empty hasher.
  public init() {}

  /// Mixes in one integer.
  public mutating func combine(_ value: Int) {
    mix(UInt64(bitPattern: Int64(value)))
  }

  /// Mixes in bytes, eight at a time (the tail zero-padded), then their count.
  public mutating func combine(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { raw in
      let words = raw.count / 8
      for i in 0..<words { mix(raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)) }
      var tail: UInt64 = 0
      for k in (8 * words)..<raw.count { tail |= UInt64(raw[k]) << (8 * UInt64(k - 8 * words)) }
      mix(tail)
    }
    combine(bytes.count)
  }

  /// Mixes in text as UTF-8.
  public mutating func combine(_ text: String) { combine(Array(text.utf8)) }

  /// The hash so far, as 16 hexadecimal digits.
  public var hexDigest: String {
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    let digits = String(z, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }

  private mutating func mix(_ word: UInt64) {
    state = (state ^ word.littleEndian) &* 0x0000_0100_0000_01B3
    state ^= state >> 32  // a bijection, so high bits reach the low ones
  }
}
