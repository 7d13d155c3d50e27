import Foundation
import XCTest
import Toolkit
@testable import Autodiff

final class BackwardTests: XCTestCase {
  func testSharedSubexpressionsAccumulate() {
    // f(x) = x ⊙ x + x uses x three times: ∇f = 2x + 1.
    let x = Matrix([[0.3, -2], [1.5, 4]])
    let g = gradient(at: x) { ($0 .* $0 + $0).sum() }
    assertMatrixApproximatelyEqual(g, 2 * x + 1, relativeTolerance: 1e-15, absoluteTolerance: 1e-15)
  }

  func testNestedDerivativeHasNoPerturbationConfusion() {
    // d/dx [x · d/dy (x y)] = d/dx [x · x] = 2x.
    let x0 = 1.7
    let d = gradient(at: Matrix.scalar(x0)) { x in
      x .* gradient(at: Variable(scalar: 0.4)) { y in x .* y }
    }
    XCTAssertEqual(d.scalarValue, 2 * x0, accuracy: 1e-14)

    // Siskind & Pearlmutter's example: d/dx [x · d/dy (x + y)] = 1; a confused
    // implementation lets the inner pass see x's perturbation and returns 2.
    let e = gradient(at: Matrix.scalar(1)) { x in
      x .* gradient(at: Variable(scalar: 1)) { y in x + y }
    }
    XCTAssertEqual(e.scalarValue, 1, accuracy: 1e-15)
  }

  func testInteriorNodesAsInputsGiveTotalDerivatives() {
    // y = x², out = y·x. ∂out/∂y = x, and d out/dx = 3x² along both paths.
    let x = Variable(scalar: 1.3)
    let y = x .* x
    let out = y .* x
    let both = gradients(of: out, withRespectTo: [x, y])
    XCTAssertEqual(both[0].scalarValue, 3 * 1.3 * 1.3, accuracy: 1e-14)
    XCTAssertEqual(both[1].scalarValue, 1.3, accuracy: 1e-15)
  }

  func testUnrelatedInputsAndConstantsGetZeros() {
    let x = Variable(Matrix([[1, 2]]))
    let unrelated = Variable(Matrix([[3], [4]]))
    let data = Variable(constant: Matrix([[5, 6]]))
    let out = (x .* data).sum()
    let g = gradients(of: out, withRespectTo: [x, unrelated, data])
    assertMatrixApproximatelyEqual(g[0].value, Matrix([[5, 6]]), relativeTolerance: 0)
    assertMatrixApproximatelyEqual(g[1].value, .zeros(2, 1), relativeTolerance: 0)
    assertMatrixApproximatelyEqual(g[2].value, .zeros(1, 2), relativeTolerance: 0)
  }

  func testWithoutCreateGraphTheResultIsAConstant() {
    let x = Variable(Matrix([[1, 2]]))
    let out = (x .* x).sum()
    XCTAssertTrue(gradients(of: out, withRespectTo: [x])[0].isConstant)
    XCTAssertFalse(gradients(of: out, withRespectTo: [x], createGraph: true)[0].isConstant)
  }

  func testOperationsOnConstantsRecordNothing() {
    let a = Variable(constant: Matrix([[1, 2]]))
    let b = (a .* a).exp().sum()
    XCTAssertTrue(b.isConstant)
    XCTAssertTrue(b.inputs.isEmpty)
  }

  func testConcurrentBackwardPassesOnOneGraphAgree() {
    // Nothing is stored on the nodes, so passes can share a graph.
    var rng = SplitMix64(seed: 3)
    let w = Variable(Matrix.uniform(5, 4, low: -1, high: 1, using: &rng))
    let out = matmul(w, w, transposeA: .transposed).tanh().sum()
    let reference = gradients(of: out, withRespectTo: [w])[0].value
    let results = ConcurrentResults(count: 8)
    DispatchQueue.concurrentPerform(iterations: 8) { k in
      let second = gradients(
        of: gradients(of: out, withRespectTo: [w], createGraph: true)[0]
          .squaredNorm(), withRespectTo: [w])[0].value
      results.set(k, gradients(of: out, withRespectTo: [w])[0].value, second)
    }
    let firstSecond = results.second[0]
    for k in 0..<8 {
      assertMatrixApproximatelyEqual(
        results.first[k], reference, relativeTolerance: 0, "thread \(k)")
      assertMatrixApproximatelyEqual(
        results.second[k], firstSecond, relativeTolerance: 0, "thread \(k)")
    }
  }

  func testSeedGivesAVectorJacobianProduct() {
    // y = A x for a 3×2 A; the pullback of u is Aᵀ u.
    let a = Matrix([[1, 2], [3, 4], [5, 6]])
    let (value, pullback) = valueWithPullback(at: Matrix([[1], [-1]])) {
      matmul(Variable(constant: a), $0)
    }
    assertMatrixApproximatelyEqual(value, Matrix([[-1], [-1], [-1]]), relativeTolerance: 0)
    let u = Matrix([[1], [0], [2]])
    assertMatrixApproximatelyEqual(
      pullback(u), matmul(a, u, transposeA: .transposed), relativeTolerance: 1e-15,
      absoluteTolerance: 1e-15)
    let alone = Toolkit.pullback(at: Matrix([[1], [-1]])) {
      matmul(Variable(constant: a), $0.tanh())
    }
    let t = Matrix([[1], [-1]]).map { 1 - Foundation.tanh($0) * Foundation.tanh($0) }
    assertMatrixApproximatelyEqual(
      alone(u), matmul(a, u, transposeA: .transposed) .* t, relativeTolerance: 1e-15,
      absoluteTolerance: 1e-15)
  }
}

/// Results written from several threads, one slot each.
private final class ConcurrentResults: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var first: [Matrix]
  private(set) var second: [Matrix]
  init(count: Int) {
    first = Array(repeating: Matrix(rows: 0, columns: 0), count: count)
    second = first
  }
  func set(_ k: Int, _ a: Matrix, _ b: Matrix) {
    lock.lock()
    defer { lock.unlock() }
    first[k] = a
    second[k] = b
  }
}
