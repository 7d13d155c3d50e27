// Labelled samples around random class centres: a tiny classification set. Introduced in chapter 03.

import Support
import Linear

/// A small classification data set: samples scattered around one random centre per class.
///
/// The draws, in order from `rng`: the centres, a `features × classes` matrix with
/// N(0, `centreSpread`²) entries; then the noise, a `features × samples` matrix with N(0, 1)
/// entries. Sample j has label j mod `classes` and lies at its class centre plus its noise.
/// Chapter 03 uses 12 samples of 12 features, so every layer pair of a width-12 network
/// sees a square input and action (B) is exact.
public enum GaussianClusters {
  /// Draws the samples and their labels.
  ///
  /// - Parameters:
  ///   - classes: the number of classes (and centres).
  ///   - features: the dimension of a sample.
  ///   - samples: the number of samples.
  ///   - centreSpread: the standard deviation of the centres' entries.
  ///   - rng: the generator; it advances past both draws, so a caller can draw on from it.
  /// - Returns: the samples, features × samples (one per column), and their labels.
  public static func draw(
    classes: Int, features: Int, samples: Int, centreSpread: Double,
    using rng: inout SplitMix64
  ) -> (input: Matrix, labels: [Int]) {
    require(
      classes > 0 && features > 0 && samples > 0,
      "GaussianClusters: classes, features and samples must be positive, got "
        + "\(classes), \(features), \(samples)")
    let centres = Matrix.normal(features, classes, std: centreSpread, using: &rng)
    let labels = (0..<samples).map { $0 % classes }
    let noise = Matrix.normal(features, samples, using: &rng)
    let x = Matrix(rows: features, columns: samples) { i, j in centres[i, labels[j]] + noise[i, j] }
    return (x, labels)
  }
}
