// Random matrices and the PyTorch-style initialisation. Introduced in chapter 01.

import Support

extension Matrix {
  /// Entries drawn uniformly from [low, high).
  public static func uniform(
    _ rows: Int, _ columns: Int, low: Double = 0, high: Double = 1,
    using rng: inout SplitMix64
  ) -> Matrix {
    Matrix(
      rows: rows, columns: columns,
      scalars: (0..<(rows * columns)).map { _ in low + (high - low) * rng.nextUniform() })
  }

  /// Entries drawn from the normal distribution N(mean, std²).
  public static func normal(
    _ rows: Int, _ columns: Int, mean: Double = 0, std: Double = 1,
    using rng: inout SplitMix64
  ) -> Matrix {
    Matrix(
      rows: rows, columns: columns,
      scalars: (0..<(rows * columns)).map { _ in mean + std * rng.nextNormal() })
  }

  /// A weight matrix initialised as PyTorch's `nn.Linear`: U(−1/√fanIn, 1/√fanIn),
  /// with fanIn = `inputSize`.
  ///
  /// - Parameters:
  ///   - outputSize: rows (the layer's output width).
  ///   - inputSize: columns (the layer's input width, its fan-in).
  public static func pytorchLinear(
    outputSize: Int, inputSize: Int,
    using rng: inout SplitMix64
  ) -> Matrix {
    let bound = 1 / Double(inputSize).squareRoot()
    return uniform(outputSize, inputSize, low: -bound, high: bound, using: &rng)
  }
}
