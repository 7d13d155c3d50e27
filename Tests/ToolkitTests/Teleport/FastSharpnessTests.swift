// The fast sharpness objective, and the fast path under the paper code's convention, against the reference.

import XCTest
import Toolkit
@testable import Teleport

final class FastSharpnessTests: XCTestCase {
  /// A sharpness objective with more directions than one chunk of `FastSharpness`,
  /// so that a chunk boundary falls inside a radius.
  func sharpness(_ direction: TeleportDirection = .increase, redraws: Bool = true)
    -> SharpnessObjective
  {
    SharpnessObjective(
      direction: direction, radii: [0.05, 0.3, 0.9], directionsPerRadius: 13, scale: 0.9,
      seed: 77, redrawsDirections: redraws)
  }

  /// J and ∇_T J by both paths, under both conventions.
  func compare(
    _ action: any LayerPairAction, objective: any TeleportObjective, weights w: [Matrix],
    batch: Batch, label: String, tolerance: Double = 1e-10
  ) throws {
    let symmetry = NetworkSymmetry(action)
    let settings = TeleportSettings(learningRate: 0.1)
    let fast = Teleporter(symmetry: symmetry, objective: objective, settings: settings)
    let reference = Teleporter(
      symmetry: symmetry, objective: objective, settings: settings, path: .reference)
    XCTAssertTrue(fast.usesFastPath(for: w), label)
    for stale in [nil, symmetry.pairInputs(weights: w, input: batch.input)] {
      let text =
        "\(action.name), \(objective.name), \(stale == nil ? "exact" : "paper code"), \(label)"
      let (j, g) = try fast.objectiveAndGradient(at: w, on: batch, pairInputs: stale)
      let (jRef, gRef) = try reference.objectiveAndGradient(at: w, on: batch, pairInputs: stale)
      XCTAssertEqual(j, jRef, accuracy: tolerance * abs(jRef), "J, \(text)")
      XCTAssertLessThan(relativeDifference(g, gRef), tolerance, "∇_T J, \(text)")
      XCTAssertGreaterThan(gRef.reduce(0) { $0 + $1.squaredNorm() }, 0, text)
    }
  }

  func testSharpnessGradientMatchesTheReference() throws {
    // 1, 2 and 3 hidden layers; batches below the hidden widths and above them; regression too.
    let cases: [(dims: [Int], batch: Int)] = [
      ([8, 6, 3], 12), ([8, 6, 5, 3], 3), ([8, 6, 5, 3], 12), ([9, 5, 7, 4, 3], 20),
    ]
    let actions: [any LayerPairAction] = [
      ProjectedAction(), LinearAction(pairIsLinear: false), LeakyReLUAction(inverse: .firstOrder),
    ]
    for action in actions {
      for (n, c) in cases.enumerated() {
        for classification in [true, false] {
          let (w, batch) = randomNetworkAndBatch(
            dims: c.dims, batchSize: c.batch, seed: UInt64(60 + n),
            classification: classification)
          try compare(
            action, objective: sharpness(), weights: w, batch: batch,
            label: "dims \(c.dims), batch \(c.batch), classification \(classification)")
        }
      }
    }
  }

  func testSharpnessWithFixedDirectionsMatchesTheReference() throws {
    let (w, batch) = randomNetworkAndBatch(
      dims: [12, 6, 5, 4], batchSize: 30, seed: 4, classification: true)
    try compare(
      ProjectedAction(), objective: sharpness(.decrease, redraws: false), weights: w,
      batch: batch, label: "fixed directions")
  }

  func testGradientNormUnderThePaperCodeConventionMatchesTheReference() throws {
    for (dims, size) in [([8, 6, 5, 3], 12), ([9, 5, 7, 4, 3], 3)] {
      let (w, batch) = randomNetworkAndBatch(
        dims: dims, batchSize: size, seed: 9, classification: true)
      for action in [ProjectedAction(), LeakyReLUAction(inverse: .exact)] as [any LayerPairAction] {
        try compare(
          action, objective: GradientNormObjective(), weights: w, batch: batch,
          label: "dims \(dims), batch \(size)")
      }
    }
  }

  /// A whole teleport, both paths: same steps, same cap stops, same weights.
  func testWholeTeleportsGiveTheSameWeightsByBothPaths() throws {
    let (w, batch) = randomNetworkAndBatch(
      dims: [12, 6, 5, 4], batchSize: 30, seed: 12, classification: true)
    let runs: [(any TeleportObjective, TeleportConvention, Double, Double?)] = [
      (sharpness(.decrease), .exact, 0.5, nil),
      (sharpness(.decrease), .paperCode, 0.5, nil),
      (sharpness(.increase), .paperCode, 0.5, nil),
      (GradientNormObjective(), .paperCode, 0.05, nil),
    ]
    for (objective, convention, rate, cap) in runs {
      let settings = TeleportSettings(
        learningRate: rate, stepCount: 6, objectiveCap: cap, convention: convention)
      let symmetry = NetworkSymmetry(ProjectedAction())
      let fast = try Teleporter(symmetry: symmetry, objective: objective, settings: settings)
        .teleport(w, on: batch)
      let reference = try Teleporter(
        symmetry: symmetry, objective: objective, settings: settings, path: .reference
      ).teleport(w, on: batch)
      let label = "\(objective.name) \(objective.direction), \(convention)"
      XCTAssertEqual(fast.stepsTaken, 6, label)
      XCTAssertEqual(reference.stepsTaken, 6, label)
      XCTAssertFalse(fast.rolledBack, label)
      XCTAssertGreaterThan(
        relativeDifference(fast.weights, w), 1e-4, "the teleport moved, \(label)")
      XCTAssertLessThan(relativeDifference(fast.weights, reference.weights), 1e-10, label)
      XCTAssertEqual(
        fast.objective.after, reference.objective.after,
        accuracy: 1e-10 * abs(reference.objective.after), label)
      XCTAssertEqual(
        fast.objective.after < fast.objective.before, objective.direction == .decrease, label)
    }
  }

  func testTheCapStopsBothPathsAtTheSameStep() throws {
    // The paper code's cap ends a descent too: with the cap just below J at the start,
    // both paths stop before the first step; between J's values, at the same later step.
    let (w, batch) = randomNetworkAndBatch(
      dims: [12, 6, 5, 4], batchSize: 30, seed: 13, classification: true)
    let objective = sharpness(.increase)
    let symmetry = NetworkSymmetry(ProjectedAction())
    let free = try Teleporter(
      symmetry: symmetry, objective: objective,
      settings: TeleportSettings(learningRate: 0.5, stepCount: 6, objectiveCap: nil)
    ).teleport(w, on: batch)
    let cap = (free.objective.before + free.objective.after) / 2
    for path in [TeleportPath.automatic, .reference] {
      let capped = try Teleporter(
        symmetry: symmetry, objective: objective,
        settings: TeleportSettings(
          learningRate: 0.5, stepCount: 6, objectiveCap: cap, convention: .paperCode),
        path: path
      ).teleport(w, on: batch)
      XCTAssertTrue(capped.stoppedAtCap, "\(path)")
      XCTAssertGreaterThan(capped.stepsTaken, 0, "\(path)")
      XCTAssertLessThan(capped.stepsTaken, 6, "\(path)")
    }
  }

  func testDirectionsAreFreshAtEveryStepAndTheSameWithinOne() throws {
    // Step s draws stream s of the seed, whatever the weights; without redrawing, every
    // step draws the seed's own stream.
    let (w, batch) = randomNetworkAndBatch(
      dims: [8, 6, 3], batchSize: 10, seed: 2, classification: true)
    func j(_ o: any TeleportObjective, _ weights: [Matrix]) throws -> Double {
      try o.value(
        weights: weights.map { Variable($0) }, batch: batch, negativeSlope: defaultNegativeSlope
      ).scalarValue
    }
    let objective = sharpness()
    XCTAssertEqual(try j(objective.atStep(3), w), try j(objective.atStep(3), w))
    XCTAssertNotEqual(try j(objective.atStep(3), w), try j(objective.atStep(4), w))
    var stream = SplitMix64.stream(seed: 77, index: 3)
    var generator = objective.drawing(step: 3).directionGenerator()
    XCTAssertEqual(stream.next(), generator.next())
    let fixed = sharpness(redraws: false)
    XCTAssertEqual(try j(fixed.atStep(3), w), try j(fixed.atStep(4), w))
    var seedStream = SplitMix64(seed: 77)
    var fixedGenerator = fixed.drawing(step: 5).directionGenerator()
    XCTAssertEqual(seedStream.next(), fixedGenerator.next())
  }
}
