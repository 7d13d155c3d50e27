import XCTest
import Toolkit
@testable import Autodiff

final class GradientCheckTests: XCTestCase {
  func testNaNFailsLoudly() {
    // log of a negative entry is NaN on both sides; the check must throw.
    let x = Matrix([[1, -2], [3, 4]])
    XCTAssertThrowsError(try checkGradient(of: { $0[0].log().sum() }, at: [x])) { error in
      XCTAssertTrue("\(error)".contains("NaN"), "\(error)")
    }
    XCTAssertThrowsError(try checkGradient(of: { $0[0].log().sum() }, at: [x], order: .second))
  }

  func testDetectsAWrongVJP() throws {
    // y = x³ with a deliberately wrong VJP (2x instead of 3x²).
    func wrongCube(_ x: Variable) -> Variable {
      Variable(value: x.value .* x.value .* x.value, inputs: [x]) { g, x, _, _ in
        [g .* x[0].scaled(by: 2)]
      }
    }
    let comparisons = try checkGradient(
      of: { wrongCube($0[0]).sum() }, at: [Matrix([[1.5, -0.5]])])
    XCTAssertGreaterThan(comparisons[0].relativeError, 0.1)
  }

  func testFirstAndSecondOrderOnAKnownFunction() throws {
    // f(x) = Σ x³: ∇f = 3x², ∇²f·v = 6x ⊙ v.
    let x = Matrix([[0.5, -1.2, 2.0]])
    let first = try checkGradient(of: { ($0[0] .* $0[0] .* $0[0]).sum() }, at: [x])
    assertMatrixApproximatelyEqual(
      first[0].analytic, 3 * (x .* x), relativeTolerance: 1e-14, absoluteTolerance: 1e-14)
    XCTAssertLessThan(first[0].relativeError, 1e-8)
    let second = try checkGradient(of: { ($0[0] .* $0[0] .* $0[0]).sum() }, at: [x], order: .second)
    XCTAssertLessThan(second[0].relativeError, 1e-6)
  }
}
