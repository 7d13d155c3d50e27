// The SO(k) restriction: skew generators, orthogonal elements, an exact and bounded teleport.

import XCTest
import Toolkit
@testable import Symmetry

final class OrthogonalSubgroupActionTests: XCTestCase {
  func testGeneratorsAreSkewAndElementsOrthogonal() throws {
    let action = OrthogonalSubgroupAction(LeakyReLUAction(inverse: .exact))
    var rng = SplitMix64(seed: 2)
    let t = action.projectGenerator(Matrix.normal(5, 5, using: &rng))
    XCTAssertLessThan((t + t.transposed).maxAbs(), 1e-15)
    let g = try GroupElement(generator: t, parametrisation: .exponential, inverse: .exact)
    XCTAssertLessThan(
      (matmul(g.matrix, g.matrix, transposeB: .transposed) - .identity(5)).maxAbs(), 1e-12)
    XCTAssertEqual(action.inverseRule, .exact)
    XCTAssertTrue(action.name.contains("SO(k)"))
  }

  func testTeleportOnSOkKeepsTheLossAndRaisesTheGradientNorm() throws {
    let (w, batch) = randomNetworkAndBatch(
      dims: [6, 6, 6, 3], batchSize: 6, seed: 4, classification: true)
    let symmetry = NetworkSymmetry(OrthogonalSubgroupAction(LeakyReLUAction(inverse: .exact)))
    let teleporter = Teleporter(
      symmetry: symmetry,
      settings: TeleportSettings(
        learningRate: 0.05, stepCount: 20, objectiveCap: nil,
        parametrisation: .exponential))
    let outcome = try teleporter.teleport(w, on: batch)
    XCTAssertFalse(outcome.rolledBack)
    XCTAssertLessThan(outcome.relativeLossChange, 1e-10)
    XCTAssertGreaterThan(outcome.objective.after, outcome.objective.before)
    for (element, k) in zip(outcome.elements, NetworkSymmetry.hiddenSizes(of: w)) {
      XCTAssertLessThan(
        (matmul(element.matrix, element.matrix, transposeB: .transposed) - .identity(k)).maxAbs(),
        1e-10, "the composed element stays orthogonal")
    }
  }
}
