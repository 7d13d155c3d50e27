// What a result was computed from: the data actually read, as sizes and a hash. Introduced in chapter 04.

import Foundation

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

  /// A fingerprint from its parts.
  public init(name: String, files: [String], trainCount: Int, testCount: Int, hash: String) {
    self.name = name
    self.files = files
    self.trainCount = trainCount
    self.testCount = testCount
    self.hash = hash
  }

  /// "MNIST (4000 train, 1000 test, hash 0123…; mnist_5k.csv.gz 6112302 bytes)".
  public var description: String {
    "\(name) (\(trainCount) train, \(testCount) test, hash \(hash); \(files.joined(separator: ", ")))"
  }
}
