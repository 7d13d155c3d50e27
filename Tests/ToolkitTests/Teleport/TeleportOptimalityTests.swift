// The chapter-03 measures: eigenvector residual, Newton cosine, orbit tangents and their span.

import XCTest
import Toolkit
@testable import Teleport

final class TeleportOptimalityTests: XCTestCase {
  func testEigenvectorResidualOnKnownVectors() {
    let h = Matrix([[1, 0], [0, 3]])
    let eigen = eigenvectorResidual(
      hessianTimesGradient: matmul(h, .column([0, 2])), gradient: .column([0, 2]))
    XCTAssertEqual(eigen.rayleighQuotient, 3, accuracy: 1e-15)
    XCTAssertEqual(eigen.relative, 0, accuracy: 1e-15)
    // g = (1, 1): Hg = (1, 3), ρ = 2, Hg − ρg = (−1, 1): √2 / √10.
    let mixed = eigenvectorResidual(
      hessianTimesGradient: matmul(h, .column([1, 1])), gradient: .column([1, 1]))
    XCTAssertEqual(mixed.rayleighQuotient, 2, accuracy: 1e-15)
    XCTAssertEqual(mixed.relative, (2.0 / 10).squareRoot(), accuracy: 1e-15)
  }

  func testNewtonCosineAndTangentFraction() {
    XCTAssertEqual(
      newtonCosine(gradient: .column([1, 2]), newtonDirection: .column([2, 4])), 1, accuracy: 1e-15)
    XCTAssertEqual(
      newtonCosine(gradient: .column([1, 0]), newtonDirection: .column([0, 3])), 0, accuracy: 1e-15)
    // Tangents spanning the first two axes of ℝ³, given redundantly (rank 2, three columns).
    let tangents = Matrix([[1, 0, 1], [0, 1, 1], [0, 0, 0]])
    XCTAssertEqual(
      try tangentFraction(of: .column([3, -1, 0]), tangents: tangents), 1, accuracy: 1e-14)
    XCTAssertEqual(
      try tangentFraction(of: .column([0, 0, 5]), tangents: tangents), 0, accuracy: 1e-14)
    XCTAssertEqual(
      try tangentFraction(of: .column([1, 0, 1]), tangents: tangents), (0.5).squareRoot(),
      accuracy: 1e-14)
  }

  /// The tangents against central differences of the action, and ⟨∇ℒ, ξ⟩ = 0 for an exact action.
  ///
  /// Every pair's input is square (batch = width): with fewer samples than
  /// inputs, (B) at g = I already replaces V by VXX⁺, so its orbit would pass
  /// through that projected point rather than through w.
  func testOrbitTangentsMatchFiniteDifferencesAndLieInTheLevelSet() throws {
    let (w, batch) = randomNetworkAndBatch(dims: [4, 4, 4, 2], batchSize: 4, seed: 8)
    for action in [
      LeakyReLUAction(inverse: .exact) as any LayerPairAction,
      OrthogonalSubgroupAction(LeakyReLUAction(inverse: .exact)),
    ] {
      let symmetry = NetworkSymmetry(action)
      let tangents = try orbitTangents(of: symmetry, at: w, input: batch.input)
      let sizes = NetworkSymmetry.hiddenSizes(of: w)
      XCTAssertEqual(tangents.shape.columns, sizes.map { $0 * $0 }.reduce(0, +))
      let h = 1e-6
      for (m, i, j) in [(0, 0, 1), (0, 3, 2), (1, 3, 0), (1, 2, 2)] {
        func moved(_ s: Double) throws -> Matrix {
          let elements = try sizes.enumerated().map { n, k -> GroupElement in
            var t = Matrix(rows: k, columns: k)
            if n == m { t[i, j] = s }
            return try GroupElement(
              generator: action.projectGenerator(t), parametrisation: .exponential,
              inverse: .exact)
          }
          return flatten(try symmetry.apply(elements, to: w, input: batch.input))
        }
        let numeric = (try moved(h) - moved(-h)) / (2 * h)
        let column = (m == 0 ? 0 : sizes[0] * sizes[0]) + i * sizes[m] + j
        let analytic = Matrix.column(tangents.column(column))
        XCTAssertLessThan(
          (analytic - numeric).maxAbs(), 1e-6 * max(1, numeric.maxAbs()),
          "\(action.name) tangent (\(m), \(i), \(j))")
      }
      let g = lossAndFlatGradient(weights: w, on: batch).gradient
      let along = matmul(tangents, g, transposeA: .transposed)  // ⟨ξ, ∇ℒ⟩ for every tangent
      XCTAssertLessThan(
        along.maxAbs(), 1e-10 * max(1, g.norm() * tangents.maxAbs()),
        "\(action.name): orbit tangents must lie in the level set")
    }
  }

  /// Definition 3.3 in numbers: ∂‖∇ℒ‖²/∂T_ij = 2⟨H∇ℒ, ξ_ij⟩, the teleporter's gradient.
  func testTeleportGradientIsHessianGradientAlongTheTangents() throws {
    let (w, batch) = randomNetworkAndBatch(
      dims: [5, 4, 3], batchSize: 5, seed: 13, classification: true)
    let symmetry = NetworkSymmetry(LeakyReLUAction(inverse: .exact))
    let teleporter = Teleporter(symmetry: symmetry, settings: TeleportSettings(learningRate: 0.1))
    let (_, gradient) = try teleporter.objectiveAndGradient(at: w, on: batch)
    let g = lossAndFlatGradient(weights: w, on: batch).gradient
    let hg = matmul(lossHessian(weights: w, on: batch), g)
    let tangents = try orbitTangents(of: symmetry, at: w, input: batch.input)
    let predicted = 2 * matmul(tangents, hg, transposeA: .transposed)  // [k², 1]
    XCTAssertLessThan(
      (predicted - gradient[0].flattened).maxAbs(), 1e-9 * max(1, predicted.maxAbs()))
  }

  func testMeasuresOnANetworkAreInRange() throws {
    let (w, batch) = randomNetworkAndBatch(
      dims: [4, 4, 4, 3], batchSize: 4, seed: 17, classification: true)
    let report = try measureTeleportOptimality(
      symmetry: NetworkSymmetry(LeakyReLUAction(inverse: .exact)),
      weights: w, on: batch)
    XCTAssertEqual(report.spectrum.values.count, flatten(w).count)
    XCTAssert((0...1).contains(report.eigenvector.relative))
    XCTAssert((-1...1).contains(report.newtonCosine))
    // The orbit lies inside the level set, so its tangent part cannot exceed the level set's.
    XCTAssertLessThanOrEqual(report.orbitTangentFraction, report.levelSetTangentFraction + 1e-12)
    XCTAssertGreaterThan(report.orbitTangentFraction, 0)
    XCTAssertLessThan(
      report.gradientAlongOrbit, 1e-12,
      "batch = widths = 4: (B) is exact, the orbit is in the level set")
  }
}
