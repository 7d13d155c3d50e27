// The optimizers of the paper's Figures 5 and 13, with their learning rates and teleport timing. Introduced in chapter 05.

/// One optimizer of `paper.md` §3.5 with the paper's learning rate and teleport schedule.
///
/// The paper's code derives every learning rate from a base rate (1e-2 for
/// MNIST and Fashion-MNIST, 2e-2 for CIFAR-10): AdaGrad uses the base, SGD with
/// momentum 0.9 a tenth of it, RMSProp and Adam a hundredth. AdaGrad teleports
/// in epoch 2 (the third) with teleport step 1e-4; the others in epoch 0 with
/// teleport step 5e-2. Everything else is PyTorch's default.
public struct PaperOptimizerSetting: Sendable {
  /// The optimizer, freshly created, with the paper's learning rate.
  public let optimizer: any Optimizer
  /// The 0-based epoch in which the paper teleports.
  public let teleportEpoch: Int
  /// η_tele for that optimizer.
  public let teleportLearningRate: Double

  /// The optimizer's short name ("AdaGrad", "momentum", "RMSProp", "Adam").
  public var name: String { optimizer.name }

  /// The four settings of Figure 5, in the paper's order.
  ///
  /// - Parameter baseLearningRate: 1e-2 for MNIST and Fashion-MNIST, 2e-2 for CIFAR-10.
  /// - Returns: AdaGrad, SGD with momentum, RMSProp, Adam.
  public static func figure5(baseLearningRate base: Double) -> [PaperOptimizerSetting] {
    [
      PaperOptimizerSetting(
        optimizer: AdaGrad(learningRate: base), teleportEpoch: 2,
        teleportLearningRate: 1e-4),
      PaperOptimizerSetting(
        optimizer: SGD(learningRate: base / 10, momentum: 0.9), teleportEpoch: 0,
        teleportLearningRate: 5e-2),
      PaperOptimizerSetting(
        optimizer: RMSProp(learningRate: base / 100), teleportEpoch: 0,
        teleportLearningRate: 5e-2),
      PaperOptimizerSetting(
        optimizer: Adam(learningRate: base / 100), teleportEpoch: 0,
        teleportLearningRate: 5e-2),
    ]
  }
}
