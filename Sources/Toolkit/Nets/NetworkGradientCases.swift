// Gradient-check cases for the network operations. Introduced in the appendix (A-toolkit).

import Support
import Linear
import Autodiff

extension GradientCheckCase {
  /// One case per network operation (LeakyReLU, its inverse, the losses, a
  /// whole MLP), at points at least 0.05 away from LeakyReLU's kink, where
  /// finite differences would straddle it.
  ///
  /// - Parameter seed: seeds the fixed data (the MLP's input and the regression
  ///   target); the points checked are drawn by the table.
  public static func networkCases(seed: UInt64 = 11) -> [GradientCheckCase] {
    var rng = SplitMix64(seed: seed)
    let awayFromKink = { (r: Int, c: Int) in
      RandomInput.uniform(r, c, in: -1...1, awayFrom: [0], by: 0.05)
    }
    let labels = [2, 0, 1, 2, 1]
    let x = Matrix.uniform(4, 5, low: -1, high: 1, using: &rng)
    let target = Matrix.uniform(3, 5, low: -1, high: 1, using: &rng)
    let p: @Sendable (Variable) -> Variable = { cubicProbe($0) }
    return [
      .init("LeakyReLU", inputs: [awayFromKink(3, 4)]) { p(leakyReLU($0[0])) },
      .init("inverse LeakyReLU", inputs: [awayFromKink(3, 4)]) { p(inverseLeakyReLU($0[0])) },
      .init("cross-entropy", inputs: [.uniform(3, 5, in: -2...2)]) {
        crossEntropy(logits: $0[0], labels: labels)
      },
      .init("half squared error", inputs: [.uniform(3, 5)]) {
        halfSquaredError(prediction: $0[0], target: Variable(constant: target))
      },
      .init("MLP [4, 6, 3] + cross-entropy", inputs: [.uniform(6, 4), .uniform(3, 6)]) {
        crossEntropy(logits: MLP.forward(Variable(constant: x), weights: $0), labels: labels)
      },
    ]
  }
}
