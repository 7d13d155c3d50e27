// Optimizer state carried through a teleport: exact where the mathematics says so, and only there.

import XCTest
import Toolkit
@testable import Optimizers

final class StateTransportTests: XCTestCase {
  let seeds: [UInt64] = Array(1...5)

  // MARK: - Fixtures

  /// The state an optimizer holds, flattened to a list of matrices.
  func state(_ optimizer: any Optimizer) -> [Matrix] {
    switch optimizer {
    case let o as SGD: return o.buffers
    case let o as AdaGrad: return o.squareSums
    case let o as RMSProp: return o.squareAverages
    case let o as Adam: return o.firstMoments + o.secondMoments
    default: return []
    }
  }

  func gradients(_ w: [Matrix], _ batch: Batch, slope: Double) -> [Matrix] {
    MLP(weights: w, negativeSlope: slope).lossAndGradient(on: batch).gradients
  }

  /// g = exp(T − Tᵀ): orthogonal, one per hidden layer.
  func orthogonalElements(for w: [Matrix], seed: UInt64) throws -> [GroupElement] {
    try randomGenerators(for: w, seed: seed).map { t in
      try GroupElement(
        generator: 0.5 * (t - t.transposed), parametrisation: .exponential, inverse: .exact)
    }
  }

  /// g = permutation · positive diagonal (unit diagonal when `rescale` is false).
  func monomialElements(for w: [Matrix], seed: UInt64, rescale: Bool) throws -> [GroupElement] {
    var rng = SplitMix64(seed: seed ^ 0x7E1E)
    return try NetworkSymmetry.hiddenSizes(of: w).map { k in
      var order = Array(0..<k)
      for i in stride(from: k - 1, to: 0, by: -1) {
        order.swapAt(i, Int(rng.next() % UInt64(i + 1)))
      }
      let scales = (0..<k).map { _ in rescale ? 0.5 + 1.5 * rng.nextUniform() : 1 }
      return try GroupElement(
        matrix: Matrix(rows: k, columns: k) { i, j in order[i] == j ? scales[i] : 0 })
    }
  }

  /// Runs `steps` steps of `optimizer` from `w`, returning the iterates visited (before each step).
  func run<O: Optimizer>(
    _ optimizer: inout O, from w: [Matrix], steps: Int, batch: Batch,
    slope: Double
  ) -> (final: [Matrix], visited: [[Matrix]]) {
    var w = w
    var visited: [[Matrix]] = []
    for _ in 0..<steps {
      visited.append(w)
      optimizer.step(&w, gradients: gradients(w, batch, slope: slope))
    }
    return (w, visited)
  }

  /// The state `optimizer` would hold had every past gradient been taken at g·w_s instead of w_s.
  func stateFromMovedHistory<O: Optimizer>(
    _ fresh: O, visited: [[Matrix]], elements: [GroupElement],
    symmetry: NetworkSymmetry, batch: Batch
  ) throws -> [Matrix] {
    var shadow = fresh
    var scratch = visited[0]
    for w in visited {
      let moved = try symmetry.apply(elements, to: w, input: batch.input)
      shadow.step(&scratch, gradients: gradients(moved, batch, slope: symmetry.negativeSlope))
    }
    return state(shadow)
  }

  // MARK: - Gradients

  func testGradientsMapExactlyUnderExactSymmetries() throws {
    for seed in seeds {
      // A deep linear network (slope 1) under a general g, and a LeakyReLU one under a monomial g.
      for (slope, general) in [(1.0, true), (defaultNegativeSlope, false)] {
        let (w, batch) = randomNetworkAndBatch(
          dims: [6, 5, 4, 3], batchSize: 30, seed: seed, negativeSlope: slope)
        let symmetry = NetworkSymmetry(LinearAction(pairIsLinear: slope == 1), negativeSlope: slope)
        let elements =
          general
          ? try randomElements(for: w, scale: 0.5, seed: seed)
          : try monomialElements(for: w, seed: seed, rescale: true)
        let moved = try symmetry.apply(elements, to: w, input: batch.input)
        let map = StateTransport(elements: elements, weights: w)
        let before = gradients(w, batch, slope: slope)
        let after = gradients(moved, batch, slope: slope)
        for i in w.indices {
          assertMatrixApproximatelyEqual(
            map.gradient(before[i], layer: i), after[i], relativeTolerance: 1e-8,
            absoluteTolerance: 1e-12, "seed \(seed) slope \(slope) layer \(i)")
        }
      }
    }
  }

  // MARK: - State against the history at the moved points

  func testFirstMomentsTransportExactlyForEveryInvertibleElement() throws {
    let optimizers: [any Optimizer] = [
      SGD(learningRate: 0.05, momentum: 0.9), Adam(learningRate: 0.01),
    ]
    for seed in seeds {
      let (w, batch) = randomNetworkAndBatch(
        dims: [6, 5, 4, 3], batchSize: 30, seed: seed, negativeSlope: 1)
      let symmetry = NetworkSymmetry(LinearAction(), negativeSlope: 1)
      let elements = try randomElements(for: w, scale: 0.5, seed: seed)
      for fresh in optimizers {
        try checkFirstMoments(
          fresh, w: w, batch: batch, symmetry: symmetry, elements: elements, seed: seed)
      }
    }
  }

  func checkFirstMoments<O: Optimizer>(
    _ fresh: O, w: [Matrix], batch: Batch, symmetry: NetworkSymmetry,
    elements: [GroupElement], seed: UInt64
  ) throws {
    var optimizer = fresh
    let (final, visited) = run(&optimizer, from: w, steps: 4, batch: batch, slope: 1)
    optimizer.teleported(.transport, elements: elements, after: final)
    let expected = try stateFromMovedHistory(
      fresh, visited: visited, elements: elements,
      symmetry: symmetry, batch: batch)
    let actual = state(optimizer)
    // Momentum buffers, and Adam's first moments (its first w.count matrices).
    for i in w.indices {
      assertMatrixApproximatelyEqual(
        actual[i], expected[i], relativeTolerance: 1e-8, absoluteTolerance: 1e-12,
        "\(fresh.name) seed \(seed) layer \(i)")
    }
  }

  func testSecondMomentsTransportExactlyForPermutationsAndRescalings() throws {
    let optimizers: [any Optimizer] = [
      AdaGrad(learningRate: 0.01), RMSProp(learningRate: 0.001),
      Adam(learningRate: 0.01),
    ]
    for seed in seeds {
      let (w, batch) = randomNetworkAndBatch(dims: [6, 5, 4, 3], batchSize: 30, seed: seed)
      let symmetry = NetworkSymmetry(LinearAction(pairIsLinear: false))
      let elements = try monomialElements(for: w, seed: seed, rescale: true)
      for fresh in optimizers {
        try checkAllState(
          fresh, w: w, batch: batch, symmetry: symmetry, elements: elements, seed: seed)
      }
    }
  }

  func checkAllState<O: Optimizer>(
    _ fresh: O, w: [Matrix], batch: Batch, symmetry: NetworkSymmetry,
    elements: [GroupElement], seed: UInt64
  ) throws {
    var optimizer = fresh
    let (final, visited) = run(
      &optimizer, from: w, steps: 4, batch: batch, slope: symmetry.negativeSlope)
    optimizer.teleported(.transport, elements: elements, after: final)
    let expected = try stateFromMovedHistory(
      fresh, visited: visited, elements: elements,
      symmetry: symmetry, batch: batch)
    for (i, (a, e)) in zip(state(optimizer), expected).enumerated() {
      assertMatrixApproximatelyEqual(
        a, e, relativeTolerance: 1e-8, absoluteTolerance: 1e-14,
        "\(fresh.name) seed \(seed) state \(i)")
    }
  }

  func testSecondMomentsAreOnlyApproximateForAGeneralElement() throws {
    let (w, batch) = randomNetworkAndBatch(
      dims: [6, 5, 4, 3], batchSize: 30, seed: 2, negativeSlope: 1)
    let symmetry = NetworkSymmetry(LinearAction(), negativeSlope: 1)
    let elements = try randomElements(for: w, scale: 0.5, seed: 2)
    var optimizer = AdaGrad(learningRate: 0.01)
    let (final, visited) = run(&optimizer, from: w, steps: 4, batch: batch, slope: 1)
    optimizer.teleported(.transport, elements: elements, after: final)
    let expected = try stateFromMovedHistory(
      AdaGrad(learningRate: 0.01), visited: visited,
      elements: elements, symmetry: symmetry, batch: batch)
    let error =
      zip(optimizer.squareSums, expected).map { ($0 - $1).maxAbs() / $1.maxAbs() }.max() ?? 0
    XCTAssertGreaterThan(error, 1e-3, "the diagonal transport should not be exact for a general g")
    XCTAssertLessThan(error, 1, "but it should be of the right size")
    XCTAssertTrue(optimizer.squareSums.allSatisfy { $0.scalars.allSatisfy { $0 >= 0 } })
  }

  // MARK: - Transport, then step = step in the moved coordinates

  func testTransportThenStepEqualsMovedRunForEquivariantPairs() throws {
    for seed in seeds {
      // SGD and momentum commute with orthogonal g on a linear network…
      let (wl, bl) = randomNetworkAndBatch(
        dims: [6, 5, 4, 3], batchSize: 30, seed: seed, negativeSlope: 1)
      let linear = NetworkSymmetry(LinearAction(), negativeSlope: 1)
      let rotations = try orthogonalElements(for: wl, seed: seed)
      for fresh: any Optimizer in [
        SGD(learningRate: 0.05), SGD(learningRate: 0.05, momentum: 0.9),
        SGD(learningRate: 0.05, momentum: 0.9, nesterov: true),
      ] {
        let gap = try movedRunGap(
          fresh, w: wl, batch: bl, symmetry: linear, elements: rotations, policy: .transport)
        XCTAssertLessThan(gap, 1e-10, "\(fresh.name) seed \(seed)")
      }
      // …and every optimizer commutes with a permutation of hidden units.
      let (w, batch) = randomNetworkAndBatch(dims: [6, 5, 4, 3], batchSize: 30, seed: seed)
      let leaky = NetworkSymmetry(LinearAction(pairIsLinear: false))
      let permutations = try monomialElements(for: w, seed: seed, rescale: false)
      for fresh: any Optimizer in [
        SGD(learningRate: 0.05, momentum: 0.9), AdaGrad(learningRate: 0.05),
        RMSProp(learningRate: 0.005), Adam(learningRate: 0.01),
      ] {
        let gap = try movedRunGap(
          fresh, w: w, batch: batch, symmetry: leaky, elements: permutations,
          policy: .transport)
        XCTAssertLessThan(gap, 1e-10, "\(fresh.name) seed \(seed)")
        let kept = try movedRunGap(
          fresh, w: w, batch: batch, symmetry: leaky, elements: permutations,
          policy: .keep)
        XCTAssertGreaterThan(
          kept, 1e-6, "\(fresh.name) seed \(seed): keeping unmoved state should differ")
      }
    }
  }

  func testNoOptimizerHereCommutesWithAGeneralElement() throws {
    // The reason teleportation changes anything: a general g changes the step itself.
    let (w, batch) = randomNetworkAndBatch(
      dims: [6, 5, 4, 3], batchSize: 30, seed: 1, negativeSlope: 1)
    let symmetry = NetworkSymmetry(LinearAction(), negativeSlope: 1)
    let elements = try randomElements(for: w, scale: 0.5, seed: 1)
    let gap = try movedRunGap(
      SGD(learningRate: 0.05, momentum: 0.9), w: w, batch: batch,
      symmetry: symmetry, elements: elements, policy: .transport)
    XCTAssertGreaterThan(gap, 1e-6)
  }

  /// Max |Δ| between (run 3 steps, teleport with `policy`, run 3 more) and (start at g·w, run 6).
  func movedRunGap<O: Optimizer>(
    _ fresh: O, w: [Matrix], batch: Batch, symmetry: NetworkSymmetry,
    elements: [GroupElement], policy: StatePolicy
  ) throws -> Double {
    let slope = symmetry.negativeSlope
    var a = fresh
    let (mid, _) = run(&a, from: w, steps: 3, batch: batch, slope: slope)
    let teleported = try symmetry.apply(elements, to: mid, input: batch.input)
    a.teleported(policy, elements: elements, after: teleported)
    let (endA, _) = run(&a, from: teleported, steps: 3, batch: batch, slope: slope)
    var b = fresh
    let (endB, _) = run(
      &b, from: try symmetry.apply(elements, to: w, input: batch.input), steps: 6,
      batch: batch, slope: slope)
    return zip(endA, endB).map { ($0 - $1).maxAbs() }.max() ?? 0
  }

  // MARK: - Policies

  func testPoliciesResetKeepAndLeaveEmptyStateAlone() throws {
    let (w, batch) = randomNetworkAndBatch(dims: [4, 3, 2], batchSize: 10, seed: 9)
    let elements = try randomElements(for: w, scale: 0.3, seed: 9)
    var adam = Adam(learningRate: 0.01)
    adam.teleported(.transport, elements: elements, after: w)
    XCTAssertTrue(adam.firstMoments.isEmpty, "transporting no state creates none")
    _ = run(&adam, from: w, steps: 2, batch: batch, slope: defaultNegativeSlope)
    let before = state(adam)
    adam.teleported(.keep, elements: elements, after: w)
    XCTAssertEqual(state(adam), before)
    XCTAssertEqual(adam.stepCount, 2)
    adam.teleported(.transport, elements: elements, after: w)
    XCTAssertEqual(adam.stepCount, 2, "transported moments keep their age")
    adam.teleported(.reset, elements: elements, after: w)
    XCTAssertTrue(state(adam).isEmpty)
    XCTAssertEqual(adam.stepCount, 0)
  }
}
