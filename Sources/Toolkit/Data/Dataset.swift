// A labelled data set, one sample per column, and its batches. Introduced in the appendix (A-toolkit).

import Support
import Linear

/// A labelled classification data set: images one sample per column, as in the paper.
///
/// `images` has shape [features, count] (784 × 60,000 for MNIST's training
/// set), pixels scaled to [0, 1] by ÷255 exactly as torchvision's `ToTensor`.
/// That layout is what the networks multiply: a batch `x` of 20 samples is
/// [784, 20] and `W x` needs no transpose.
///
/// **Two layouts, one truth.** Slicing 20 columns out of a [784, 50000]
/// row-major matrix touches 784 rows 400 kB apart, about 2,400 cache lines
/// and as many TLB misses per batch. So a data set read from bytes also keeps
/// those bytes sample-major (the files' own order; 1 byte per pixel, an
/// eighth of `images`), and `batch` builds each [features, batch] matrix from
/// them through a 256-entry table. Both layouts decode to bit-identical
/// doubles; a data set built from a `Matrix` has only `images` and slices it.
public struct Dataset: LabelledSamples, Sendable {
  /// A short name for transcripts, such as "Fashion-MNIST train".
  public let name: String
  /// The samples, shape [features, count], one sample per column, entries in [0, 1].
  public let images: Matrix
  /// The class of each sample, in `0..<classCount`; `labels[k]` belongs to column k.
  public let labels: [Int]
  /// The number of classes (10 for every data set here).
  public let classCount: Int
  /// The same pixels as bytes 0...255, sample after sample, when read from files.
  let pixelBytes: [UInt8]?

  /// The number of samples.
  public var count: Int { labels.count }
  /// The number of features per sample (784, 3072, ...).
  public var featureCount: Int { images.rows }

  /// A data set over a matrix of samples, one per column.
  ///
  /// - Parameters:
  ///   - name: a short name for transcripts.
  ///   - images: [features, count], one sample per column.
  ///   - labels: `count` labels, each in `0..<classCount`.
  ///   - classCount: the number of classes.
  public init(name: String, images: Matrix, labels: [Int], classCount: Int) {
    require(
      labels.count == images.columns,
      "Dataset \(name): \(labels.count) labels for \(images.columns) image columns")
    if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= classCount }) {
      requirementFailure(
        "Dataset \(name): label \(labels[bad]) of sample \(bad) is outside 0..<\(classCount)")
    }
    self.name = name
    self.images = images
    self.labels = labels
    self.classCount = classCount
    self.pixelBytes = nil
  }

  /// A data set over pixel bytes stored sample after sample (the readers' path).
  ///
  /// The caller (a reader) has already validated labels and sizes.
  init(name: String, pixelBytes: [UInt8], featureCount: Int, labels: [Int], classCount: Int) {
    require(
      pixelBytes.count == featureCount * labels.count,
      "Dataset: \(pixelBytes.count) pixel bytes for \(labels.count) images of \(featureCount) pixels"
    )
    self.name = name
    self.labels = labels
    self.classCount = classCount
    self.pixelBytes = pixelBytes
    self.images = decodeColumns(
      pixelBytes, featureCount: featureCount, samples: 0..<labels.count)
  }

  // MARK: - Batches

  /// The samples at `indices`, in that order: x is [features, indices.count].
  ///
  /// - Complexity: O(features × indices.count).
  public func batch(_ indices: [Int]) -> (x: Matrix, labels: [Int]) {
    for k in indices {
      require(k >= 0 && k < count, "Dataset \(name): sample \(k) out of 0..<\(count)")
    }
    let x =
      pixelBytes.map { decodeColumns($0, featureCount: featureCount, samples: indices) }
      ?? images.gatherColumns(indices)  // [features, indices.count]
    return (x, indices.map { labels[$0] })
  }

  /// The samples in `range` (a sequential mini-batch): x is [features, range.count].
  ///
  /// - Complexity: O(features × range.count).
  public func batch(range: Range<Int>) -> (x: Matrix, labels: [Int]) {
    require(
      range.lowerBound >= 0 && range.upperBound <= count,
      "Dataset \(name): batch \(range) out of 0..<\(count)")
    let x =
      pixelBytes.map { decodeColumns($0, featureCount: featureCount, samples: range) }
      ?? images.columns(range)  // [features, range.count]
    return (x, Array(labels[range]))
  }

  // MARK: - Subsets

  /// The samples at `indices`, in that order, as a data set of its own.
  ///
  /// - Parameters:
  ///   - indices: positions in this data set; repeats are allowed.
  ///   - name: the new data set's name (this one's by default).
  public func subset(_ indices: [Int], name: String? = nil) -> Dataset {
    for k in indices {
      require(k >= 0 && k < count, "Dataset \(self.name): sample \(k) out of 0..<\(count)")
    }
    let newName = name ?? self.name
    let newLabels = indices.map { labels[$0] }
    guard let bytes = pixelBytes else {
      return Dataset(
        name: newName, images: images.gatherColumns(indices), labels: newLabels,
        classCount: classCount)
    }
    let picked = gatherSamples(bytes, featureCount: featureCount, indices: indices)
    return Dataset(
      name: newName, pixelBytes: picked, featureCount: featureCount, labels: newLabels,
      classCount: classCount)
  }

  /// The first `count` samples, for the quick presets (all of them when `count` is larger).
  public func subset(count: Int) -> Dataset {
    require(count >= 0, "Dataset \(name): negative subset size \(count)")
    return subset(Array(0..<min(count, self.count)))
  }
}

// MARK: - Decoding bytes into columns

/// byte / 255 for every byte value; the same doubles as `Double(byte) / 255`.
private let unitScale: [Double] = (0...255).map { Double($0) / 255 }

/// The bytes of the samples at `indices`, in that order, still sample-major.
func gatherSamples(_ bytes: [UInt8], featureCount f: Int, indices: [Int]) -> [UInt8] {
  [UInt8](unsafeUninitializedCapacity: f * indices.count) { dst, initialized in
    bytes.withUnsafeBufferPointer { src in
      for (j, k) in indices.enumerated() {
        require(k >= 0 && (k + 1) * f <= src.count, "gatherSamples: sample \(k) out of range")
        (dst.baseAddress! + j * f).initialize(from: src.baseAddress! + k * f, count: f)
      }
    }
    initialized = f * indices.count
  }
}

/// Pixel bytes of the given samples, decoded to [0, 1] and laid out one sample per column.
///
/// This is a transpose (sample-major bytes to feature-major doubles) fused
/// with a gather and a table look-up. A naive loop writes each output row
/// 400 kB away from the last, so every sample costs hundreds of cache and
/// TLB misses. We work in tiles of 256 samples × 16 features instead: the
/// tile's source bytes (256 cache lines) stay in L1, and each output row
/// receives a contiguous run of 256 doubles (2 kB) at a time.
///
/// - Returns: a matrix of shape [featureCount, samples.count].
/// - Complexity: O(featureCount × samples.count); about 0.15 s for 50,000 MNIST images.
func decodeColumns(_ bytes: [UInt8], featureCount f: Int, samples: [Int]) -> Matrix {
  let w = samples.count
  let sampleTile = 256, featureTile = 16
  // Every entry is written below, so we skip zero-filling hundreds of megabytes.
  let out = [Double](unsafeUninitializedCapacity: f * w) { dst, initialized in
    unitScale.withUnsafeBufferPointer { table in
      bytes.withUnsafeBufferPointer { src in
        samples.withUnsafeBufferPointer { order in
          var rowStarts = [Int](repeating: 0, count: sampleTile)
          rowStarts.withUnsafeMutableBufferPointer { starts in
            var j0 = 0
            while j0 < w {
              let width = min(sampleTile, w - j0)
              for t in 0..<width {
                require(
                  order[j0 + t] >= 0 && (order[j0 + t] + 1) * f <= src.count,
                  "Dataset: sample \(order[j0 + t]) is outside the \(src.count / f) stored samples")
                starts[t] = order[j0 + t] * f
              }
              var i0 = 0
              while i0 < f {
                for i in i0..<min(i0 + featureTile, f) {
                  let outRow = dst.baseAddress! + i * w + j0
                  for t in 0..<width { outRow[t] = table[Int(src[starts[t] + i])] }
                }
                i0 += featureTile
              }
              j0 += sampleTile
            }
          }
        }
      }
    }
    initialized = f * w
  }
  return Matrix(rows: f, columns: w, scalars: out)  // [features, samples]
}

/// `decodeColumns` over a contiguous range of samples.
func decodeColumns(_ bytes: [UInt8], featureCount f: Int, samples: Range<Int>) -> Matrix {
  decodeColumns(bytes, featureCount: f, samples: Array(samples))
}
