// The fast teleport path against the generic autodiff reference it replaces.

import XCTest
import Toolkit
@testable import Teleport

final class FastGradientNormTests: XCTestCase {
  /// Every action with a fast path, each as the teleporter sees it.
  let actions: [any LayerPairAction] = [
    LinearAction(pairIsLinear: false), RescalingAction(), LeakyReLUAction(inverse: .exact),
    LeakyReLUAction(inverse: .firstOrder), ProjectedAction(),
    OrthogonalSubgroupAction(ProjectedAction()),
  ]

  /// J and ∇_T J by both paths on one network and batch.
  func compare(
    _ action: any LayerPairAction, weights w: [Matrix], batch: Batch, label: String,
    tolerance: Double = 1e-10
  ) throws {
    let symmetry = NetworkSymmetry(action)
    let settings = TeleportSettings(learningRate: 0.1)
    let fast = Teleporter(symmetry: symmetry, settings: settings)
    let reference = Teleporter(symmetry: symmetry, settings: settings, path: .reference)
    XCTAssertTrue(fast.usesFastPath(for: w), label)
    XCTAssertFalse(reference.usesFastPath(for: w), label)
    let (j, g) = try fast.objectiveAndGradient(at: w, on: batch)
    let (jRef, gRef) = try reference.objectiveAndGradient(at: w, on: batch)
    XCTAssertEqual(j, jRef, accuracy: tolerance * abs(jRef), "\(action.name) J, \(label)")
    XCTAssertLessThan(relativeDifference(g, gRef), tolerance, "\(action.name) ∇_T J, \(label)")
    XCTAssertGreaterThan(gRef.reduce(0) { $0 + $1.squaredNorm() }, 0, label)
  }

  func testGradientMatchesTheReferenceOnSeveralShapesAndBatches() throws {
    // 2 and 3 hidden layers; batches below every hidden width, between them, and
    // above them (and above the input width, where X⁺X ≠ I for (B)).
    let cases: [(dims: [Int], batch: Int)] = [
      ([8, 6, 5, 3], 3), ([8, 6, 5, 3], 12), ([9, 5, 7, 4, 3], 3), ([9, 5, 7, 4, 3], 20),
      ([30, 7, 5, 4], 40),
    ]
    for action in actions {
      for (n, c) in cases.enumerated() {
        for classification in [true, false] {
          let seed = UInt64(10 * n + (classification ? 1 : 2))
          let (w, batch) = randomNetworkAndBatch(
            dims: c.dims, batchSize: c.batch, seed: seed,
            classification: classification)
          try compare(
            action, weights: w, batch: batch,
            label: "dims \(c.dims), batch \(c.batch), classification \(classification)")
        }
      }
    }
  }

  func testGradientMatchesTheReferenceNearSingularity() throws {
    // Sample 1 a copy of sample 0 (exactly, or up to 1e-3): G = XᵀX is singular or nearly so
    // (the fast path never inverts it), and for (B) X⁺X is a projector of rank b − 1.
    // With the batch above every hidden width the activations' Gram matrices stay invertible.
    for action in actions {
      for (dims, size, gap) in [
        ([8, 6, 5, 3], 10, 0.0), ([8, 6, 5, 3], 10, 1e-3), ([9, 5, 7, 4, 3], 14, 1e-6),
      ] {
        let (w, batch) = randomNetworkAndBatch(
          dims: dims, batchSize: size, seed: 7, classification: true)
        try compare(
          action, weights: w, batch: nearlyRepeatedSample(batch, gap: gap),
          label: "sample 1 = sample 0 + \(gap)·sample 2, batch \(size)")
      }
    }
  }

  /// Where a pseudo-inverse's Gram matrix is ill-conditioned, both paths invert it by
  /// the same formula in a different order of operations, and agree to its condition
  /// number times the rounding error (for the derivative, its square), not to 1e-10:
  /// a batch of 6 between widths 5 and 7 (activations 5×6 and 7×6, nearly square), and
  /// a batch of 4 below the widths with two samples 1e-2 apart (σ(W₁X) has two nearly
  /// equal columns). Typical agreement elsewhere is 1e-13.
  func testIllConditionedActivationsAgreeToTheirConditioning() throws {
    for action in actions {
      let (w, batch) = randomNetworkAndBatch(
        dims: [9, 5, 7, 4, 3], batchSize: 6, seed: 21, classification: true)
      try compare(
        action, weights: w, batch: batch, label: "batch 6 between the widths", tolerance: 1e-9)
      let (w4, batch4) = randomNetworkAndBatch(
        dims: [8, 6, 5, 3], batchSize: 4, seed: 7, classification: true)
      try compare(
        action, weights: w4, batch: nearlyRepeatedSample(batch4, gap: 1e-2),
        label: "batch 4 below the widths", tolerance: 1e-4)
    }
  }

  /// The batch with sample 1 replaced by sample 0 + gap·sample 2.
  func nearlyRepeatedSample(_ batch: Batch, gap: Double) -> Batch {
    var x = batch.input
    for i in 0..<x.rows { x[i, 1] = x[i, 0] + gap * x[i, 2] }
    return Batch(input: x, targets: batch.targets)
  }

  func testAWholeTeleportGivesTheSameWeightsByBothPaths() throws {
    let runs: [(any LayerPairAction, LieParametrisation, Double, [Int], Int)] = [
      (ProjectedAction(), .firstOrder, 1e-2, [12, 6, 5, 4], 30),
      (ProjectedAction(), .firstOrder, 1e-2, [12, 6, 5, 4, 3], 4),
      (LeakyReLUAction(inverse: .firstOrder), .firstOrder, 1e-2, [12, 6, 5, 4], 8),
      (LeakyReLUAction(inverse: .exact), .exponential, 1e-2, [12, 6, 5, 4], 8),
      (LinearAction(pairIsLinear: false), .firstOrder, 1e-2, [12, 6, 5, 4], 9),
    ]
    for (n, (action, parametrisation, rate, dims, size)) in runs.enumerated() {
      let (w, batch) = randomNetworkAndBatch(
        dims: dims, batchSize: size, seed: UInt64(40 + n),
        classification: true)
      let settings = TeleportSettings(
        learningRate: rate, stepCount: 10, objectiveCap: nil,
        parametrisation: parametrisation)
      let symmetry = NetworkSymmetry(action)
      let fast = try Teleporter(symmetry: symmetry, settings: settings).teleport(w, on: batch)
      let reference = try Teleporter(symmetry: symmetry, settings: settings, path: .reference)
        .teleport(w, on: batch)
      let label = "\(action.name), dims \(dims), batch \(size)"
      XCTAssertEqual(fast.stepsTaken, 10, label)
      XCTAssertEqual(reference.stepsTaken, 10, label)
      XCTAssertFalse(fast.rolledBack, label)
      XCTAssertLessThan(relativeDifference(fast.weights, reference.weights), 1e-10, label)
      XCTAssertGreaterThan(
        relativeDifference(fast.weights, w), 1e-4, "the teleport moved, \(label)")
      XCTAssertEqual(
        fast.objective.after, reference.objective.after,
        accuracy: 1e-10 * abs(reference.objective.after), label)
      XCTAssertEqual(
        fast.objective.before, reference.objective.before,
        accuracy: 1e-10 * abs(reference.objective.before), label)
    }
  }

  func testOtherObjectivesTakeTheReferencePath() {
    let (w, _) = randomNetworkAndBatch(dims: [6, 5, 3], batchSize: 4, seed: 1)
    /// The batch loss itself: an objective with no hand-written form.
    struct BatchLoss: TeleportObjective {
      var name: String { "ℒ" }
      var direction: TeleportDirection { .decrease }
      var cost: (gradients: Int, hessianVectorProducts: Int) { (1, 0) }
      func value(weights: [Variable], batch: Batch, negativeSlope: Double) throws -> Variable {
        MLP.loss(weights: weights, on: batch, negativeSlope: negativeSlope)
      }
    }
    let other = Teleporter(
      symmetry: NetworkSymmetry(ProjectedAction()), objective: BatchLoss(),
      settings: TeleportSettings(learningRate: 0.1))
    XCTAssertFalse(other.usesFastPath(for: w))
    let sharp = Teleporter(
      symmetry: NetworkSymmetry(ProjectedAction()),
      objective: SharpnessObjective(
        direction: .increase, radii: [0.1], directionsPerRadius: 1, seed: 1),
      settings: TeleportSettings(learningRate: 0.1))
    XCTAssertTrue(sharp.usesFastPath(for: w))
  }

  func testGramOfColumnsMatchesTheProduct() {
    var rng = SplitMix64(seed: 3)
    let x = Matrix.uniform(37, 11, using: &rng)
    let g = BLAS.gramOfColumns(x)
    XCTAssertLessThan((g - naiveMatmul(x, x, transposeA: .transposed)).maxAbs(), 1e-12)
    XCTAssertEqual(g, g.transposed)
  }
}

/// ψ: the fast per-curve computation against the reference.
final class FastOrbitCurvatureTests: XCTestCase {
  func testOrbitCurvatureMatchesTheReference() throws {
    // 2 and 3 hidden layers; batches below and above the widths; one probe nearly rank-deficient.
    for (n, (dims, size)) in [([12, 6, 5, 3], 4), ([12, 6, 5, 3], 10), ([20, 7, 6, 5, 3], 15)]
      .enumerated()
    {
      var probes: [ProbeBatch] = []
      var weights: [Matrix] = []
      for c in 0..<3 {
        let (w, batch) = randomNetworkAndBatch(
          dims: dims, batchSize: size, seed: UInt64(100 * n + c),
          classification: true)
        weights = w
        var x = batch.input
        if c == 2 { for i in 0..<x.rows { x[i, 1] = x[i, 0] + 1e-6 * x[i, 2] } }
        probes.append(try ProbeBatch(Batch(input: x, targets: batch.targets)))
      }
      let fast = try orbitCurvature(weights: weights, probes: probes, seed: 5)
      let reference = try orbitCurvature(
        weights: weights, probes: probes, seed: 5, path: .reference)
      XCTAssertEqual(fast, reference, accuracy: 1e-10 * reference, "dims \(dims), batch \(size)")
      XCTAssertGreaterThan(reference, 0)
    }
  }
}
