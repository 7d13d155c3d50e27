import XCTest
@testable import Toolkit

final class MatrixTests: XCTestCase {
  func testBLASMatchesNaive() {
    var rng = SplitMix64(seed: 1)
    let a = Matrix.uniform(7, 5, using: &rng), b = Matrix.uniform(5, 3, using: &rng)
    let d = matmul(a, b) - naiveMatmul(a, b)
    XCTAssertLessThan(d.maxAbs(), 1e-12)
  }
}
