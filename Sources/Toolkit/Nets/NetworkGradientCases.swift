// Gradient-check cases for the network operations. Introduced in the appendix (A-toolkit).

import Support
import Linear
import Autodiff

extension GradientCheckCase {
  /// One case per network operation (LeakyReLU, its inverse, the losses, a
  /// whole MLP), at seeded points at least 0.05 away from LeakyReLU's kink,
  /// where finite differences would straddle it.
  public static func networkCases(seed: UInt64 = 11) -> [GradientCheckCase] {
    var rng = SplitMix64(seed: seed)
    func awayFromKink(_ r: Int, _ c: Int) -> Matrix {
      Matrix(rows: r, columns: c, scalars: (0..<(r * c)).map { _ in
        let magnitude = 0.05 + 0.95 * rng.nextUniform()
        return rng.nextUniform() < 0.5 ? -magnitude : magnitude
      })
    }
    let labels = [2, 0, 1, 2, 1]
    let x = Matrix.uniform(4, 5, low: -1, high: 1, using: &rng)
    let target = Matrix.uniform(3, 5, low: -1, high: 1, using: &rng)
    let p: @Sendable (Variable) -> Variable = { cubicProbe($0) }
    return [
      .init("LeakyReLU", inputs: [awayFromKink(3, 4)]) { p(leakyReLU($0[0])) },
      .init("inverse LeakyReLU", inputs: [awayFromKink(3, 4)]) { p(inverseLeakyReLU($0[0])) },
      .init("cross-entropy", inputs: [Matrix.uniform(3, 5, low: -2, high: 2, using: &rng)]) {
        crossEntropy(logits: $0[0], labels: labels)
      },
      .init("half squared error", inputs: [Matrix.uniform(3, 5, low: -1, high: 1, using: &rng)]) {
        halfSquaredError(prediction: $0[0], target: Variable(constant: target))
      },
      .init("MLP [4, 6, 3] + cross-entropy",
            inputs: [Matrix.uniform(6, 4, low: -1, high: 1, using: &rng),
                     Matrix.uniform(3, 6, low: -1, high: 1, using: &rng)]) {
        crossEntropy(logits: MLP.forward(Variable(constant: x), weights: $0), labels: labels)
      },
    ]
  }
}
