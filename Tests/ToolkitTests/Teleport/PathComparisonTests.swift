// One teleport on both paths: they agree where the steps are well-conditioned and part where they are not.

import XCTest
@testable import Toolkit
@testable import Teleport

final class PathComparisonTests: XCTestCase {
  private func teleporter(
    rate: Double, steps: Int = 10, cap: Double? = 100, convention: TeleportConvention,
    path: TeleportPath = .automatic
  ) -> Teleporter {
    Teleporter(
      symmetry: NetworkSymmetry(ProjectedAction()),
      settings: TeleportSettings(
        learningRate: rate, stepCount: steps, objectiveCap: cap, convention: convention),
      path: path)
  }

  /// A well-conditioned teleport: the comparing teleporter hands back the reference's outcome
  /// bit for bit, and the fast path's weights are within 1e-9 of it but not equal (two paths
  /// were compared, not one twice).
  func testWellConditionedTeleportsAgreeToRounding() throws {
    let (w, batch) = randomNetworkAndBatch(
      dims: [6, 5, 4, 3], batchSize: 20, seed: 2, classification: true)
    for convention in [TeleportConvention.exact, .paperCode] {
      let comparing = PathComparingTeleporter(teleporter(rate: 0.1, convention: convention))
      let outcome = try comparing.teleport(w, on: batch)
      let reference = try teleporter(rate: 0.1, convention: convention, path: .reference)
        .teleport(w, on: batch)
      XCTAssertEqual(outcome.weights.map(\.scalars), reference.weights.map(\.scalars))
      let fast = try teleporter(rate: 0.1, convention: convention).teleport(w, on: batch)
      XCTAssertEqual(comparing.comparisons.count, 1)
      let c = try XCTUnwrap(comparing.comparisons.first)
      XCTAssertEqual(
        c.relativeDifference, largestRelativeDifference(reference.weights, fast.weights))
      XCTAssertGreaterThan(c.relativeDifference, 0, "\(convention)")
      XCTAssertLessThan(c.relativeDifference, 1e-9, "\(convention)")
      XCTAssertFalse(c.decisionsDiffer)
      XCTAssertFalse(c.referenceThrew || c.fastThrew)
      XCTAssertEqual(c.referenceObjective, reference.objective.after)
      XCTAssertEqual(c.fastObjective, fast.objective.after)
      XCTAssertEqual(c.referenceCondition, reference.largestStepCondition)
      XCTAssertEqual(c.fastCondition, fast.largestStepCondition)
      XCTAssertLessThan(c.referenceCondition, 100)
      XCTAssertGreaterThan(c.referenceCondition, 1)
    }
  }

  /// η = 3, twenty steps, no cap: the steps' elements reach κ₁ ≈ 2·10⁵, the reference rolls
  /// back and the fast path keeps weights 10⁷¹ times larger. Neither is the algorithm's answer:
  /// rounding decided.
  func testAnIllConditionedTeleportPartsThePaths() throws {
    let (w, batch) = randomNetworkAndBatch(
      dims: [6, 5, 4, 3], batchSize: 20, seed: 1, classification: true)
    let comparing = PathComparingTeleporter(
      teleporter(rate: 3, steps: 20, cap: nil, convention: .exact))
    _ = try comparing.teleport(w, on: batch)
    let c = try XCTUnwrap(comparing.comparisons.first)
    XCTAssertTrue(c.referenceRolledBack)
    XCTAssertFalse(c.fastRolledBack)
    XCTAssertTrue(c.decisionsDiffer)
    XCTAssertGreaterThan(c.relativeDifference, 1e6)
    XCTAssertGreaterThan(c.referenceCondition, 1e4)
    let summary = PathAgreement([[c]])
    XCTAssertEqual(summary.teleportsParted, 1)
    XCTAssertEqual(summary.decisionsDiffering, 1)
    XCTAssertEqual(summary.illConditioned, 1)
    XCTAssertEqual(summary.illConditionedParted, 1)
  }

  /// κ₁ of a one-step teleport is ‖g‖₁‖g⁻¹‖₁ of its one element, the largest over the layers;
  /// a teleport of no steps has κ₁ = 1.
  func testLargestStepConditionIsTheStepsKappa() throws {
    let (w, batch) = randomNetworkAndBatch(
      dims: [6, 5, 4, 3], batchSize: 20, seed: 4, classification: true)
    for path in [TeleportPath.reference, .automatic] {
      let one = try teleporter(rate: 0.5, steps: 1, cap: nil, convention: .exact, path: path)
        .teleport(w, on: batch)
      XCTAssertFalse(one.rolledBack)
      let kappas = one.elements.map { $0.matrix.oneNorm() * $0.inverse.oneNorm() }
      XCTAssertEqual(one.largestStepCondition, kappas.max()!, accuracy: 1e-12 * kappas.max()!)
      XCTAssertGreaterThan(kappas.min()!, 1)
      let none = try teleporter(rate: 0.5, steps: 0, convention: .exact, path: path)
        .teleport(w, on: batch)
      XCTAssertEqual(none.largestStepCondition, 1)
    }
  }

  /// The sums over runs, on outcomes made by hand.
  func testAgreementCountsByHand() {
    func outcome(_ x: Double, rolledBack: Bool = false, kappa: Double) -> TeleportOutcome {
      TeleportOutcome(
        weights: [Matrix(rows: 1, columns: 2, scalars: [1, x])], objective: (1, 2),
        batchLoss: (1, 1), stepsTaken: 1, stoppedAtCap: false, rolledBack: rolledBack,
        cost: TeleportCost(), elements: [], largestStepCondition: kappa)
    }
    let reference = outcome(2, kappa: 10)
    let agree = PathComparison(reference: reference, fast: outcome(2 + 0x1p-30, kappa: 10))
    let part = PathComparison(reference: outcome(2, kappa: 500), fast: outcome(3, kappa: 600))
    let decide = PathComparison(
      reference: outcome(2, rolledBack: true, kappa: 1e4), fast: outcome(2, kappa: 1e4))
    let threw = PathComparison(fast: outcome(4, kappa: 5))
    XCTAssertEqual(agree.relativeDifference, 0x1p-31)  // 4.7e-10: agrees
    XCTAssertEqual(part.relativeDifference, 0.5)
    XCTAssertEqual(threw.relativeDifference, .infinity)
    XCTAssertTrue(threw.referenceThrew && threw.decisionsDiffer && !threw.fastThrew)
    let summary = PathAgreement([[agree, part], [agree], [decide, threw], []])
    XCTAssertEqual(summary.runs, 4)
    XCTAssertEqual(summary.teleports, 5)
    XCTAssertEqual(summary.teleportsParted, 2)  // part and threw; decide moved no weight
    XCTAssertEqual(summary.runsParted, 2)
    XCTAssertEqual(summary.decisionsDiffering, 2)
    XCTAssertEqual(summary.runsWithDecisionsDiffering, 1)
    XCTAssertEqual(summary.largestDifference, .infinity)
    XCTAssertEqual(summary.illConditioned, 3)  // κ 500, 1e4 and the reference that threw
    XCTAssertEqual(summary.illConditionedParted, 2)
    // Runs 1 and 3 (one agreeing teleport; none) agree; run 0 parted, run 2 decided differently.
    XCTAssertEqual(PathAgreement.runsInAgreement([[agree, part], [agree], [decide], []]), [1, 3])
    XCTAssertEqual(PathAgreement.runsInAgreement([[agree, part]], partedAbove: 1), [0])
  }

  private func dataset(_ count: Int, seed: UInt64, zero: Bool = false) -> Dataset {
    var rng = SplitMix64(seed: seed)
    let images =
      zero
      ? Matrix(rows: 6, columns: count) : Matrix.uniform(6, count, low: 0, high: 1, using: &rng)
    return Dataset(
      name: "random", images: images, labels: (0..<count).map { _ in Int(rng.next() % 3) },
      classCount: 3)
  }

  /// A replayed run teleports where the run does, trains on from the reference's outcome
  /// (its J after each teleport equals a run on the reference path, bit for bit), and stops
  /// after the last teleport epoch.
  func testAReplayFollowsTheReferenceRun() throws {
    var rng = SplitMix64(seed: 3)
    let model = MLP(dimensions: [6, 5, 4, 3], using: &rng)
    let (trainSet, testSet) = (dataset(60, seed: 1), dataset(20, seed: 2))
    func configuration(_ path: TeleportPath) -> TrainingConfiguration {
      TrainingConfiguration(
        epochCount: 5, batchSize: 10, optimizer: SGD(learningRate: 0.1),
        schedule: TeleportSchedule(
          epochs: [1], teleportsPerEpoch: 3, teleportBatchSize: 15,
          teleporter: teleporter(rate: 0.1, convention: .exact, path: path)),
        seed: 7)
    }
    let comparisons = try comparePaths(
      model, on: trainSet, test: testSet, configuration: configuration(.automatic))
    let run = try train(
      model, on: trainSet, test: testSet, configuration: configuration(.reference))
    XCTAssertEqual(comparisons.count, 3)
    XCTAssertEqual(
      comparisons.map(\.referenceObjective), run.history.teleports.map(\.objectiveAfter))
    XCTAssertTrue(comparisons.allSatisfy { $0.relativeDifference < 1e-9 && !$0.decisionsDiffer })
  }

  /// A batch of zero images: σ(Z) = 0, both paths throw at the start of the first teleport,
  /// and the replay ends there with that comparison, as the run it replays would.
  func testAReferenceThatCannotStartEndsTheReplay() throws {
    var rng = SplitMix64(seed: 3)
    let model = MLP(dimensions: [6, 5, 4, 3], using: &rng)
    let comparisons = try comparePaths(
      model, on: dataset(60, seed: 1, zero: true), test: dataset(20, seed: 2),
      configuration: TrainingConfiguration(
        epochCount: 3, batchSize: 10, optimizer: SGD(learningRate: 0.1),
        schedule: TeleportSchedule(
          epochs: [0], teleportsPerEpoch: 2, teleportBatchSize: 15,
          teleporter: teleporter(rate: 0.1, convention: .exact)),
        seed: 7))
    XCTAssertEqual(comparisons.count, 1)
    let c = try XCTUnwrap(comparisons.first)
    XCTAssertTrue(c.referenceThrew && c.fastThrew)
    XCTAssertFalse(c.decisionsDiffer)
    XCTAssertEqual(c.relativeDifference, 0)
  }
}
