import XCTest
import Toolkit
@testable import Autodiff

final class DifferentialOperatorsTests: XCTestCase {
  func testHessianVectorProductOfAQuadraticIsExact() {
    // f(x) = ½ xᵀ A x: ∇²f · v = ½ (A + Aᵀ) v.
    var rng = SplitMix64(seed: 5)
    let a = Matrix.uniform(4, 4, low: -1, high: 1, using: &rng)
    let x = Matrix.uniform(4, 1, low: -1, high: 1, using: &rng)
    let v = Matrix.uniform(4, 1, low: -1, high: 1, using: &rng)
    let hv = hessianVectorProduct(at: x, along: v) { x in
      matmul(x, matmul(Variable(constant: a), x), transposeA: .transposed).scaled(by: 0.5)
    }
    assertMatrixApproximatelyEqual(
      hv, 0.5 * matmul(a + a.transposed, v), relativeTolerance: 1e-14, absoluteTolerance: 1e-14)
  }

  func testHessianVectorProductMatchesDifferencesOfTheGradient() {
    // A two-input function with curvature everywhere.
    var rng = SplitMix64(seed: 6)
    let xs = [
      Matrix.uniform(3, 2, low: -1, high: 1, using: &rng),
      Matrix.uniform(2, 3, low: -1, high: 1, using: &rng),
    ]
    let vs = xs.map { Matrix.normal($0.rows, $0.columns, using: &rng) }
    let f: ([Variable]) -> Variable = { matmul($0[0], $0[1]).tanh().squaredNorm() }
    let hv = hessianVectorProduct(at: xs, along: vs, in: f)
    let h = 1e-5
    let plus = gradient(at: zip(xs, vs).map { $0 + h * $1 }, in: f)
    let minus = gradient(at: zip(xs, vs).map { $0 - h * $1 }, in: f)
    for k in 0..<2 {
      assertMatrixApproximatelyEqual(
        hv[k], (plus[k] - minus[k]) / (2 * h), relativeTolerance: 1e-7, absoluteTolerance: 1e-7,
        "input \(k)")
    }
  }

  func testValueWithGradientReturnsTheValue() {
    let (value, g) = valueWithGradient(at: Matrix([[1, 2, 3]])) { $0.squaredNorm() }
    XCTAssertEqual(value, 14)
    assertMatrixApproximatelyEqual(g, Matrix([[2, 4, 6]]), relativeTolerance: 0)
  }

  func testGradientAtAConstantVariableStillDifferentiates() {
    // Finite differences evaluate nested gradients with constant outer inputs.
    let g = gradient(at: Variable(constant: Matrix([[3]]))) { $0 .* $0 }
    XCTAssertEqual(g.scalarValue, 6)
  }
}
