// Exact Hessians: the flatten order, the quadratic case, HVPs and finite differences.

import XCTest
import Toolkit
@testable import Teleport

final class HessianTests: XCTestCase {
  func testFlattenOrderAndRoundTrip() {
    let w1 = Matrix([[1, 2, 3], [4, 5, 6]])
    let w2 = Matrix([[7, 8]])
    let w = flatten([w1, w2])
    XCTAssertEqual(w.shape.rows, 8)
    XCTAssertEqual(w.shape.columns, 1)
    XCTAssertEqual(w.scalars, [1, 2, 3, 4, 5, 6, 7, 8], "W₁ row by row, then W₂")
    let back = unflatten(w, shapes: [w1.shape, w2.shape])
    XCTAssertEqual(back, [w1, w2])
  }

  func testHessianOfAQuadraticIsItsMatrix() {
    var rng = SplitMix64(seed: 3)
    let m = Matrix.normal(6, 6, using: &rng)
    let a = m + m.transposed
    let x = Matrix.normal(6, 1, using: &rng)
    let h = hessian(at: x) { v in 0.5 * v.dot(matmul(Variable(constant: a), v)) }
    XCTAssertLessThan(
      (h - a).maxAbs(), 1e-12, "first mismatch: \(String(describing: firstMismatch(h, a)))")
  }

  func testNetworkHessianMatchesHessianVectorProductsAndFiniteDifferences() {
    for classification in [false, true] {
      let (w, batch) = randomNetworkAndBatch(
        dims: [4, 5, 3, 2], batchSize: 6, seed: 21,
        classification: classification)
      let h = lossHessian(weights: w, on: batch)
      let d = flatten(w).count
      XCTAssertEqual(h.shape.rows, d)
      XCTAssertLessThan((h - h.transposed).maxAbs(), 1e-12, "symmetric")
      let loss: ([Variable]) -> Variable = { MLP.loss(weights: $0, on: batch) }
      for j in [0, 7, d / 2, d - 1] {
        var e = Matrix(rows: d, columns: 1)
        e[j, 0] = 1
        let hvp = flatten(
          hessianVectorProduct(at: w, along: unflatten(e, shapes: w.map(\.shape)), in: loss))
        let column = Matrix.column(h.column(j))
        XCTAssertLessThan(
          (column - hvp).maxAbs(), 1e-10 * max(1, hvp.maxAbs()), "column \(j) vs HVP")
        // Central differences of the gradient along e_j.
        let step = 1e-5
        let plus = lossAndFlatGradient(
          weights: unflatten(flatten(w) + step * e, shapes: w.map(\.shape)), on: batch)
        let minus = lossAndFlatGradient(
          weights: unflatten(flatten(w) - step * e, shapes: w.map(\.shape)), on: batch)
        let numeric = (plus.gradient - minus.gradient) / (2 * step)
        XCTAssertLessThan(
          (column - numeric).maxAbs(), 1e-5 * max(1, numeric.maxAbs()),
          "column \(j) vs central differences (classification: \(classification))")
      }
    }
  }
}
