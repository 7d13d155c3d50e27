import XCTest
import Toolkit
@testable import Nets

final class MLPTests: XCTestCase {
  func testShapesFollowTheDimensions() {
    var rng = SplitMix64(seed: 1)
    let net = MLP(dimensions: [784, 16, 10, 10], using: &rng)
    XCTAssertEqual(net.weights.map(\.shapeText), ["16×784", "10×16", "10×10"])
    XCTAssertEqual(net.dimensions, [784, 16, 10, 10])
    let bound = 1 / 784.0.squareRoot()
    XCTAssertLessThanOrEqual(net.weights[0].maxAbs(), bound)
  }

  func testMatrixAndVariableForwardsAgree() {
    var rng = SplitMix64(seed: 2)
    let net = MLP(dimensions: [7, 5, 4, 3], using: &rng)
    let x = Matrix.uniform(7, 6, using: &rng)
    let viaVariables = MLP.forward(Variable(constant: x), weights: net.weights.map { Variable($0) })
    assertMatrixApproximatelyEqual(
      viaVariables.value, net(x), relativeTolerance: 1e-15, absoluteTolerance: 1e-15)
    XCTAssertEqual(net.activations(x).count, 4)
  }

  func testSGDStepsLowerTheLossOnAFixedBatch() {
    var rng = SplitMix64(seed: 3)
    var net = MLP(dimensions: [8, 6, 4], using: &rng)
    let x = Matrix.uniform(8, 10, using: &rng)
    let labels = (0..<10).map { $0 % 4 }
    let before = net.loss(input: x, labels: labels)
    var last = before
    for _ in 0..<50 { last = net.sgdStep(input: x, labels: labels, learningRate: 0.5) }
    XCTAssertLessThan(net.loss(input: x, labels: labels), 0.9 * before)
    XCTAssertLessThan(net.loss(input: x, labels: labels), last)
  }

  /// The composite check that teleportation relies on: the gradient with
  /// respect to a Lie-algebra element T of the squared gradient norm
  /// ‖∇_W ℒ(W(T))‖², for a two-layer LeakyReLU network whose weights depend
  /// on T, against finite differences.
  func testGradientOfGradientNormThroughAGroupAction() {
    var rng = SplitMix64(seed: 4)
    let (inputWidth, hidden, outputWidth, batch) = (5, 4, 3, 6)
    let x = Variable(constant: .uniform(inputWidth, batch, low: -1, high: 1, using: &rng))
    let v0 = Variable(
      constant: .pytorchLinear(outputSize: hidden, inputSize: inputWidth, using: &rng))
    let u0 = Variable(
      constant: .pytorchLinear(outputSize: outputWidth, inputSize: hidden, using: &rng))
    let labels = (0..<batch).map { $0 % outputWidth }
    let y = Variable(constant: .uniform(outputWidth, batch, low: -1, high: 1, using: &rng))
    let identity = Variable(constant: .identity(hidden))
    let t0 = 0.1 * Matrix.uniform(hidden, hidden, low: -1, high: 1, using: &rng)

    // First-order action U(I − T), (I + T)V, and the exact one U g⁻¹, gV.
    let firstOrder: (Variable) -> [Variable] = { t in
      [matmul(t + identity, v0), matmul(u0, identity - t)]
    }
    let exact: (Variable) -> [Variable] = { t in
      let g = identity + t
      guard let gInverse = try? g.inverse() else { preconditionFailure("I + T is singular") }
      return [matmul(g, v0), matmul(u0, gInverse)]
    }
    let losses: [(String, ([Variable]) -> Variable)] = [
      ("cross-entropy", { crossEntropy(logits: MLP.forward(x, weights: $0), labels: labels) }),
      (
        "half squared error",
        { halfSquaredError(prediction: MLP.forward(x, weights: $0), target: y) }
      ),
    ]
    for (actionName, action) in [("first-order", firstOrder), ("exact", exact)] {
      for (lossName, loss) in losses {
        let objective: ([Variable]) -> Variable = { t in
          let gradientsAtW = gradient(at: action(t[0]), in: loss)
          return gradientsAtW.map { $0.squaredNorm() }.dropFirst()
            .reduce(gradientsAtW[0].squaredNorm(), +)  // ‖∇_W ℒ‖², 1×1
        }
        assertGradientCheckPasses(
          "\(actionName) action, \(lossName)", objective, at: [t0],
          order: .first, tolerance: 1e-6)
      }
    }
  }
}

final class MLPBackpropagationTests: XCTestCase {
  func testHandDerivedGradientMatchesTheEngine() {
    var rng = SplitMix64(seed: 9)
    for dimensions in [[6, 5, 4, 3], [7, 3], [5, 8, 8, 6, 4]] {
      let net = MLP(dimensions: dimensions, using: &rng)
      let x = Matrix.uniform(dimensions[0], 9, low: -1, high: 1, using: &rng)
      let labels = (0..<9).map { $0 % dimensions[dimensions.count - 1] }
      let engine = net.lossAndGradient(input: x, labels: labels)
      let byHand = net.lossAndGradientByBackpropagation(input: x, labels: labels)
      XCTAssertEqual(byHand.loss, engine.loss, accuracy: 1e-14)
      for i in net.weights.indices {
        assertMatrixApproximatelyEqual(
          byHand.gradients[i], engine.gradients[i], relativeTolerance: 1e-13,
          absoluteTolerance: 1e-13,
          "\(dimensions), W\(i + 1)")
      }
    }
  }
}
