// The paper's uniform random regression tasks. Introduced in chapters 02 and 06.

import Support
import Linear

/// A multi-layer regression problem ℒ = ½‖Y − W_L σ(⋯σ(W_1 X))‖², all entries U[0, 1).
///
/// `dimensions` follows the papers' code: `[batch, d_0, d_1, ..., d_L]` means
/// X is d_0 × batch, W_i is d_i × d_(i−1), and Y is d_L × batch. So
/// `[4, 5, 6, 7, 8]` gives X 5×4, W_1 6×5, W_2 7×6, W_3 8×7, Y 8×4.
public struct RegressionTask: RegressionProblem, Sendable {
  /// `[batch, d_0, ..., d_L]`, as in the paper's code.
  public let dimensions: [Int]
  /// The seed the task was drawn from.
  public let seed: Int64
  /// W_1 ... W_L; `weights[i]` has shape [dimensions[i + 2], dimensions[i + 1]].
  public let weights: [Matrix]
  /// X, shape [d_0, batch]: one sample per column.
  public let input: Matrix
  /// Y, shape [d_L, batch].
  public let target: Matrix

  /// Draws a task as the papers' `init_param(dim, seed)` does: the weights
  /// first, W_1 to W_L, then X, then Y, each filled row by row from U[0, 1).
  ///
  /// The papers call `torch.manual_seed(seed)` and `torch.rand`; PyTorch's
  /// Mersenne Twister stream cannot be reproduced here, so we draw from
  /// `SplitMix64` seeded with the same integer (negative seeds by their
  /// two's-complement bit pattern). The distribution and the seeds match
  /// the paper; the numbers do not.
  ///
  /// - Parameters:
  ///   - dimensions: `[batch, d_0, d_1, ..., d_L]`, at least three entries.
  ///   - seed: the task's seed.
  public static func uniform(dimensions: [Int], seed: Int64) -> RegressionTask {
    require(
      dimensions.count >= 3 && dimensions.allSatisfy { $0 > 0 },
      "RegressionTask: dimensions \(dimensions) must be [batch, d_0, d_1, ...], all positive")
    var rng = SplitMix64(seed: UInt64(bitPattern: seed))
    let layerCount = dimensions.count - 2
    let weights = (0..<layerCount).map { i in
      Matrix.uniform(dimensions[i + 2], dimensions[i + 1], using: &rng)  // [d_(i+1), d_i]
    }
    let batch = dimensions[0]
    let input = Matrix.uniform(dimensions[1], batch, using: &rng)  // [d_0, batch]
    let target = Matrix.uniform(dimensions.last!, batch, using: &rng)  // [d_L, batch]
    return RegressionTask(
      dimensions: dimensions, seed: seed, weights: weights, input: input, target: target)
  }
}

/// The synthetic tasks of the two papers, with their dimensions and seeds.
public enum SyntheticTasks {
  // MARK: - Multi-layer regression (NeurIPS 2022, paper.md §5.5)

  /// `[4, 5, 6, 7, 8]`: X 5×4, W_1 6×5, W_2 7×6, W_3 8×7, Y 8×4.
  public static let multiLayerDimensions = [4, 5, 6, 7, 8]

  /// The seed of run n of the multi-layer regression experiment: n² · 12345.
  public static func multiLayerSeed(run n: Int) -> Int64 { Int64(n * n * 12345) }

  /// Run n (0...4 in the paper) of the multi-layer regression experiment.
  public static func multiLayerRegression(run n: Int) -> RegressionTask {
    .uniform(dimensions: multiLayerDimensions, seed: multiLayerSeed(run: n))
  }

  // MARK: - Meta-learning task distribution (ICLR 2024, paper.md §4.1)

  /// `[20, 20, 20, 20]`: X 20×20 (20 samples), W_1 20×20, W_2 20×20, Y 20×20.
  ///
  /// With 20 samples and width 20, X is square and (almost surely)
  /// invertible, so the paper's LeakyReLU group action is exact here.
  public static let metaLearningDimensions = [20, 20, 20, 20]

  /// The seed of meta-training task n: n² · 12345 − 1 (so −1 for n = 0).
  public static func metaTrainingSeed(task n: Int) -> Int64 { Int64(n * n * 12345) - 1 }

  /// The seed of meta-test task n: n² · 12345 (0, 12345, 49380, 111105, 197520 for n = 0...4).
  public static func metaTestSeed(task n: Int) -> Int64 { Int64(n * n * 12345) }

  /// Meta-training task n.
  public static func metaTrainingTask(_ n: Int) -> RegressionTask {
    .uniform(dimensions: metaLearningDimensions, seed: metaTrainingSeed(task: n))
  }

  /// Meta-test task n.
  public static func metaTestTask(_ n: Int) -> RegressionTask {
    .uniform(dimensions: metaLearningDimensions, seed: metaTestSeed(task: n))
  }
}
