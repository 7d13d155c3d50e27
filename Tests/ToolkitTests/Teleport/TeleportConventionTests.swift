// Our exact teleport against the paper code's: where they agree, where they part, and the cap.

import XCTest
@testable import Toolkit

final class TeleportConventionTests: XCTestCase {
  private func teleporter(
    _ convention: TeleportConvention, rate: Double, steps: Int = 10,
    cap: Double? = nil, objective: any TeleportObjective = GradientNormObjective()
  )
    -> Teleporter
  {
    Teleporter(
      symmetry: NetworkSymmetry(ProjectedAction()), objective: objective,
      settings: TeleportSettings(
        learningRate: rate, stepCount: steps, objectiveCap: cap,
        convention: convention))
  }

  private func relativeDistance(_ a: [Matrix], _ b: [Matrix]) -> Double {
    largestRelativeDifference(a, b)
  }

  func testLargestRelativeDifferenceByHand() {
    let a = [
      Matrix(rows: 1, columns: 2, scalars: [2, -4]), Matrix(rows: 1, columns: 1, scalars: [1]),
    ]
    let b = [
      Matrix(rows: 1, columns: 2, scalars: [2, -3]), Matrix(rows: 1, columns: 1, scalars: [3]),
    ]
    XCTAssertEqual(largestRelativeDifference(a, b), 0.5)  // max |Δ| = 2 over max |a| = 4
    XCTAssertEqual(largestRelativeDifference(a, a), 0)
  }

  func testOneHiddenLayerTeleportsIdenticallyUnderBothConventions() throws {
    // Pair 0 sees the batch X under both conventions, so with one hidden layer nothing differs
    // but rounding between the fast path and the reference graph; on one path, nothing at all.
    let (w, batch) = randomNetworkAndBatch(
      dims: [8, 6, 3], batchSize: 30, seed: 3, classification: true)
    let exact = try teleporter(.exact, rate: 0.05, steps: 5).teleport(w, on: batch)
    let paper = try teleporter(.paperCode, rate: 0.05, steps: 5).teleport(w, on: batch)
    XCTAssertEqual(exact.stepsTaken, 5)
    XCTAssertLessThan(relativeDistance(exact.weights, paper.weights), 1e-12)
    let onTheReferencePath = try [TeleportConvention.exact, .paperCode].map { convention in
      try Teleporter(
        symmetry: NetworkSymmetry(ProjectedAction()),
        settings: TeleportSettings(
          learningRate: 0.05, stepCount: 5, objectiveCap: nil, convention: convention),
        path: .reference
      ).teleport(w, on: batch).weights
    }
    XCTAssertEqual(relativeDistance(onTheReferencePath[0], onTheReferencePath[1]), 0)
  }

  func testPaperCodeStepsMatchTheReferenceFormulas() throws {
    // Two steps replayed with the paper's formulas (gradient_descent_mlp_utils.py, teleport()):
    // h₁ = σ(W₁X) computed once; per step, T_m = η ∂J/∂T_m with the stale inputs,
    // W₁ ← g₀W₁, W₂ ← W₂σ(W₁X)σ(g₀W₁X)⁺, then W₃ ← W₃σ(W₂h₁)σ(g₁W₂h₁)⁺, W₂ ← g₁W₂ with
    // the W₂ just computed, and finally h₁ ← g₀h₁.
    let (start, batch) = randomNetworkAndBatch(
      dims: [6, 5, 4, 3], batchSize: 20, seed: 5,
      classification: true)
    let rate = 0.5
    let tele = teleporter(.paperCode, rate: rate, steps: 2)
    let outcome = try tele.teleport(start, on: batch)
    XCTAssertEqual(outcome.stepsTaken, 2)

    func sigma(_ z: Matrix) -> Matrix { leakyReLU(z) }
    let x = batch.input
    var w = start
    var h1 = sigma(w[0] * x)
    for _ in 0..<2 {
      let (_, gradients) = try tele.objectiveAndGradient(at: w, on: batch, pairInputs: [x, h1])
      let g0 = Matrix.identity(5) + rate * gradients[0]
      let g1 = Matrix.identity(4) + rate * gradients[1]
      let w2 = try w[1] * sigma(w[0] * x) * pseudoInverse(sigma(g0 * w[0] * x))
      w[0] = g0 * w[0]
      w[2] = try w[2] * sigma(w2 * h1) * pseudoInverse(sigma(g1 * w2 * h1))
      w[1] = g1 * w2
      h1 = g0 * h1
    }
    XCTAssertLessThan(relativeDistance(w, outcome.weights), 1e-12)
    // The exact convention differs on the same problem: the replay tells them apart.
    let exact = try teleporter(.exact, rate: rate, steps: 2).teleport(start, on: batch)
    XCTAssertGreaterThan(relativeDistance(w, exact.weights), 1e-6)
  }

  func testGradientWithStaleInputsMatchesFiniteDifferences() throws {
    // Stale inputs that differ from the recomputed ones, so that the check sees them.
    let (w, batch) = randomNetworkAndBatch(
      dims: [6, 5, 4, 3], batchSize: 9, seed: 8, classification: true)
    let symmetry = NetworkSymmetry(ProjectedAction())
    var stale = symmetry.pairInputs(weights: w, input: batch.input)
    var rng = SplitMix64(seed: 77)
    stale[1] =
      (Matrix.identity(5) + 0.3 * Matrix.uniform(5, 5, low: -1, high: 1, using: &rng)) * stale[1]
    let tele = teleporter(.paperCode, rate: 0.1)
    let (_, analytic) = try tele.objectiveAndGradient(at: w, on: batch, pairInputs: stale)
    let (_, recomputed) = try tele.objectiveAndGradient(at: w, on: batch)
    XCTAssertGreaterThan(relativeDistance(analytic, recomputed), 1e-3, "stale inputs must matter")
    let h = 1e-5
    for (m, k) in [5, 4].enumerated() {
      for (i, j) in [(0, 0), (k - 1, 1), (2, 3)] {
        func objective(_ e: Double) throws -> Double {
          let elements = [5, 4].enumerated().map { n, kn -> GroupElement in
            var t = Matrix(rows: kn, columns: kn)
            if n == m { t[i, j] = e }
            return GroupElement(matrix: .identity(kn) + t, inverse: .identity(kn) - t)
          }
          let moved = try symmetry.apply(elements, to: w, input: batch.input, pairInputs: stale)
          return try tele.objectiveValue(at: moved, on: batch)
        }
        let numeric = (try objective(h) - objective(-h)) / (2 * h)
        XCTAssertEqual(
          analytic[m][i, j], numeric, accuracy: 1e-6 * max(1, abs(numeric)), "T_\(m)[\(i), \(j)]")
      }
    }
  }

  /// The paper's MNIST network (784-16-16-10, initialised as in `MLP`) and a batch of pixel-like inputs.
  private func paperShapedProblem(batchSize: Int) -> (weights: [Matrix], batch: Batch) {
    var rng = SplitMix64(seed: 2)
    let net = MLP(dimensions: [784, 16, 16, 10], using: &rng)
    let x = Matrix.uniform(784, batchSize, low: 0, high: 1, using: &rng)
    let labels = (0..<batchSize).map { _ in Int(rng.next() % 10) }
    return (net.weights, Batch(input: x, labels: labels))
  }

  func testConventionsAgreeAtThePapersStepOnABatchOf200AndPartAtLargerSteps() throws {
    let (w, batch) = paperShapedProblem(batchSize: 200)
    let small = try relativeDistance(
      teleporter(.exact, rate: 1e-4).teleport(w, on: batch).weights,
      teleporter(.paperCode, rate: 1e-4).teleport(w, on: batch).weights)
    XCTAssertLessThan(small, 1e-8)
    XCTAssertGreaterThan(small, 0)
    let large = try relativeDistance(
      teleporter(.exact, rate: 1e-2).teleport(w, on: batch).weights,
      teleporter(.paperCode, rate: 1e-2).teleport(w, on: batch).weights)
    XCTAssertGreaterThan(large, 1e-5)
  }

  func testOnlyTheExactConventionKeepsTheLossWhenTheBatchIsNoLargerThanTheWidth() throws {
    // Batch 10 ≤ width 16: action (C) is an exact symmetry, so our teleport keeps the loss.
    let (w, batch) = paperShapedProblem(batchSize: 10)
    let exact = try teleporter(.exact, rate: 1e-2).teleport(w, on: batch)
    let paper = try teleporter(.paperCode, rate: 1e-2).teleport(w, on: batch)
    XCTAssertEqual(exact.stepsTaken, 10)
    XCTAssertEqual(paper.stepsTaken, 10)
    XCTAssertFalse(paper.rolledBack)
    XCTAssertLessThan(exact.relativeLossChange, 1e-12)
    XCTAssertGreaterThan(paper.relativeLossChange, 1e-3)
  }

  func testThePaperCodeCapAlsoEndsADescent() throws {
    let (w, batch) = randomNetworkAndBatch(
      dims: [6, 5, 4, 3], batchSize: 20, seed: 6, classification: true)
    let descent = GradientNormObjective(direction: .decrease)
    // A cap below J: ours ignores it when descending, the paper's code stops before the first step.
    let exact = try teleporter(.exact, rate: 1e-3, steps: 3, cap: 0, objective: descent).teleport(
      w, on: batch)
    let paper = try teleporter(.paperCode, rate: 1e-3, steps: 3, cap: 0, objective: descent)
      .teleport(w, on: batch)
    XCTAssertEqual(exact.stepsTaken, 3)
    XCTAssertFalse(exact.stoppedAtCap)
    XCTAssertEqual(paper.stepsTaken, 0)
    XCTAssertTrue(paper.stoppedAtCap)
    // Ascending, both stop.
    let up = try teleporter(.exact, rate: 1e-3, steps: 3, cap: 0).teleport(w, on: batch)
    XCTAssertEqual(up.stepsTaken, 0)
    XCTAssertTrue(up.stoppedAtCap)
  }
}
