// Every group action is checked for loss invariance, over many seeds.

import XCTest
import Toolkit
@testable import Symmetry

final class InvarianceTests: XCTestCase {
  let seeds: [UInt64] = Array(1...20)

  /// Sweeps `body` over the seeds, labelling failures with the seed.
  func withEverySeed(_ body: (UInt64) throws -> Void) rethrows {
    for seed in seeds { try body(seed) }
  }

  func testLinearActionIsExactOnALinearNetwork() throws {
    try withEverySeed { seed in
      // Slope 1 makes σ the identity: a deep linear network.
      let (w, batch) = randomNetworkAndBatch(
        dims: [6, 5, 4, 3], batchSize: 30, seed: seed, negativeSlope: 1)
      let symmetry = NetworkSymmetry(LinearAction(), negativeSlope: 1)
      let elements = try randomElements(for: w, scale: 0.5, seed: seed)
      let (_, report) = try symmetry.measureInvariance(of: elements, weights: w, batch: batch)
      XCTAssertLessThan(report.relativeBatchChange, 1e-10, "seed \(seed)")
    }
  }

  func testLinearActionIsNotASymmetryOfLeakyReLU() throws {
    let (w, batch) = randomNetworkAndBatch(dims: [6, 5, 4, 3], batchSize: 30, seed: 3)
    let symmetry = NetworkSymmetry(LinearAction(pairIsLinear: false))
    let (_, report) = try symmetry.measureInvariance(
      of: try randomElements(for: w, scale: 0.5, seed: 3), weights: w, batch: batch)
    XCTAssertGreaterThan(report.relativeBatchChange, 1e-4)
    XCTAssertFalse(report.isExact)
  }

  func testLeakyReLUActionIsExactWhenTheBatchFitsTheInputWidth() throws {
    try withEverySeed { seed in
      // Batch 5 ≤ every pair's input width (8, 7), so X⁺X = I on every pair.
      let (w, batch) = randomNetworkAndBatch(dims: [8, 7, 6, 3], batchSize: 5, seed: seed)
      let (_, heldOut) = randomNetworkAndBatch(dims: [8, 7, 6, 3], batchSize: 40, seed: seed + 100)
      let symmetry = NetworkSymmetry(LeakyReLUAction(inverse: .exact))
      let (_, report) = try symmetry.measureInvariance(
        of: try randomElements(for: w, scale: 0.3, seed: seed), weights: w, batch: batch,
        heldOut: heldOut)
      XCTAssertTrue(report.isExact, "seed \(seed)")
      XCTAssertLessThan(report.relativeBatchChange, 1e-10, "seed \(seed)")
      // The action is built on the batch: other data see a different network.
      XCTAssertGreaterThan(report.relativeHeldOutChange ?? 0, 1e-6, "seed \(seed)")
    }
  }

  func testLeakyReLUActionAtTheIdentityProjectsVButKeepsTheBatchOutputs() throws {
    // (B) at g = I gives V′ = σ⁻¹(σ(VX))X⁺ = VXX⁺: the outputs on X are the same,
    // but V′ is V projected onto the row space of X, a different network elsewhere.
    let (w, batch) = randomNetworkAndBatch(dims: [8, 7, 6, 3], batchSize: 5, seed: 8)
    let symmetry = NetworkSymmetry(LeakyReLUAction())
    let identity = NetworkSymmetry.hiddenSizes(of: w).map { GroupElement.identity($0) }
    let moved = try symmetry.apply(identity, to: w, input: batch.input)
    assertMatrixApproximatelyEqual(
      MLP(weights: moved)(batch.input), MLP(weights: w)(batch.input),
      relativeTolerance: 1e-10)
    let xPlus = try pseudoInverse(batch.input)
    assertMatrixApproximatelyEqual(moved[0], w[0] * batch.input * xPlus, relativeTolerance: 1e-10)
    XCTAssertGreaterThan((moved[0] - w[0]).maxAbs(), 1e-3)
  }

  func testLeakyReLUActionIsApproximateWhenTheBatchIsTooLarge() throws {
    let (w, batch) = randomNetworkAndBatch(dims: [8, 7, 6, 3], batchSize: 20, seed: 4)
    let symmetry = NetworkSymmetry(LeakyReLUAction(inverse: .exact))
    let (_, report) = try symmetry.measureInvariance(
      of: try randomElements(for: w, scale: 0.3, seed: 4), weights: w, batch: batch)
    XCTAssertFalse(report.isExact)
    XCTAssertGreaterThan(report.relativeBatchChange, 1e-6)
  }

  func testRescalingIsExactForLeakyReLU() throws {
    try withEverySeed { seed in
      let (w, batch) = randomNetworkAndBatch(dims: [6, 5, 4, 3], batchSize: 50, seed: seed)
      var rng = SplitMix64(seed: seed)
      let elements = try NetworkSymmetry.hiddenSizes(of: w).map { k in
        try GroupElement(
          generator: RescalingAction().projectGenerator(
            Matrix.uniform(k, k, low: -1, high: 1, using: &rng)),
          parametrisation: .exponential, inverse: .exact)
      }
      let (_, report) = try NetworkSymmetry(RescalingAction()).measureInvariance(
        of: elements, weights: w, batch: batch)
      XCTAssertLessThan(report.relativeBatchChange, 1e-10, "seed \(seed)")
    }
  }

  func testProjectedActionIsExactWhenTheBatchFitsTheHiddenWidth() throws {
    try withEverySeed { seed in
      // Batch 5 ≤ hidden widths 8 and 7.
      let (w, batch) = randomNetworkAndBatch(
        dims: [10, 8, 7, 3], batchSize: 5, seed: seed,
        classification: true)
      let symmetry = NetworkSymmetry(ProjectedAction())
      let (_, report) = try symmetry.measureInvariance(
        of: try randomElements(for: w, scale: 0.3, seed: seed), weights: w, batch: batch)
      XCTAssertTrue(report.isExact, "seed \(seed)")
      XCTAssertLessThan(report.relativeBatchChange, 1e-10, "seed \(seed)")
    }
  }

  /// Change ‖f(g·w) − f(w)‖_F of the network's outputs on the batch for g = I + εT.
  func lossChange(
    _ action: any LayerPairAction, rule: InverseRule, dims: [Int], batchSize: Int,
    seed: UInt64, epsilon: Double
  ) throws -> Double {
    let (w, batch) = randomNetworkAndBatch(dims: dims, batchSize: batchSize, seed: seed)
    let elements = try randomGenerators(for: w, seed: seed).map {
      try GroupElement(generator: epsilon * $0, parametrisation: .firstOrder, inverse: rule)
    }
    let moved = try NetworkSymmetry(action).apply(elements, to: w, input: batch.input)
    return (MLP(weights: moved)(batch.input) - MLP(weights: w)(batch.input)).norm()
  }

  /// The order p of a change c(ε) ≈ C εᵖ, from c(ε) / c(ε/2) ≈ 2ᵖ.
  func order(_ change: (Double) throws -> Double) rethrows -> Double {
    let big = try change(1e-3), small = try change(5e-4)
    return log2(big / small)
  }

  func testFirstOrderActionChangesTheLossAtSecondOrder() throws {
    try withEverySeed { seed in
      // (B′) on a batch where (B) is exact: U(I − T)(I + T)σ(VX) = U(I − T²)σ(VX).
      let change = { (e: Double) in
        try self.lossChange(
          LeakyReLUAction(inverse: .firstOrder), rule: .firstOrder,
          dims: [8, 7, 6, 3], batchSize: 5, seed: seed, epsilon: e)
      }
      XCTAssertEqual(try change(0), 0, accuracy: 1e-12, "seed \(seed)")
      XCTAssertEqual(try order(change), 2, accuracy: 0.1, "seed \(seed)")
    }
  }

  func testProjectedActionOnALargeBatchChangesTheLossAtFirstOrder() throws {
    try withEverySeed { seed in
      // (C) with batch 30 > widths 6, 5: U σ(VX)(P_T − I) with P_T the projector onto the
      // row space of σ((I+T)VX). Its derivative is −σ′(VX)⊙(TVX)·(I − P₀), which vanishes
      // only if σ is linear: LeakyReLU's mask moves rows out of the row space (chapter 01).
      let change = { (e: Double) in
        try self.lossChange(
          ProjectedAction(), rule: .exact, dims: [8, 6, 5, 3], batchSize: 30,
          seed: seed, epsilon: e)
      }
      XCTAssertEqual(try change(0), 0, accuracy: 1e-12, "seed \(seed)")
      XCTAssertEqual(try order(change), 1, accuracy: 0.15, "seed \(seed)")
    }
  }
}
