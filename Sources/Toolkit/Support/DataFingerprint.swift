// The fingerprint of a data set that results record (design.md D17). Introduced in chapter 04.

/// A short identity of a loaded data set: the sizes of its files on disk and a
/// fast 64-bit hash of the samples and labels that were decoded from them.
///
/// Saved results (a sweep, a meta-trained model, `run.json`) record it, so
/// that a result computed from one copy of a data set is never reused for
/// another (design.md D17). The hash covers what the lessons use, the split
/// training and test samples in their order, so a different split seed or a
/// changed file changes it; file sizes make the record readable by a person.
public struct DataFingerprint: Codable, Equatable, Sendable, CustomStringConvertible {
  /// The data set's display name, "MNIST", "Fashion-MNIST" or "CIFAR-10".
  public var name: String
  /// The file names read (last path component) and their sizes in bytes, in reading order.
  public var files: [String]
  /// Samples in the training and test splits.
  public var trainCount: Int
  public var testCount: Int
  /// The hash of the decoded samples and labels, 16 hexadecimal digits.
  public var hash: String

  /// "MNIST (4000 train, 1000 test, hash 0123…; mnist_5k.csv.gz 6112302 bytes)".
  public var description: String {
    "\(name) (\(trainCount) train, \(testCount) test, hash \(hash); \(files.joined(separator: ", ")))"
  }

  /// A fingerprint from its parts (the data-set layer computes them, `DatasetSplits.fingerprint()`).
  public init(name: String, files: [String], trainCount: Int, testCount: Int, hash: String) {
    (self.name, self.files, self.trainCount, self.testCount, self.hash) = (name, files, trainCount, testCount, hash)
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
