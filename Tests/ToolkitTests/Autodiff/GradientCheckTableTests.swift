// Tests for Autodiff/GradientCheckTable.swift: every engine operation, at several points and directions.

import XCTest
import Toolkit
@testable import Autodiff

final class GradientCheckTableTests: XCTestCase {
  /// Fails, naming the case and the order, when its worst relative error exceeds the tolerance.
  private func assertPasses(
    _ cases: [GradientCheckCase], order: GradientCheckOrder, seed: UInt64,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    for c in cases {
      do {
        let worst = try c.worstRelativeError(order: order, seed: seed)
        XCTAssertLessThanOrEqual(
          worst, GradientCheckCase.tolerance(order),
          "\(c.name), order \(order.rawValue), seed \(seed)", file: file, line: line)
      } catch {
        XCTFail("\(c.name): \(error)", file: file, line: line)
      }
    }
  }

  func testEveryEngineOperationAtFirstOrder() {
    // Seed 0 is the table's; seed 1 adds three more points per case.
    for seed: UInt64 in [0, 1] {
      assertPasses(GradientCheckCase.engineCases(), order: .first, seed: seed)
    }
  }

  func testEveryEngineOperationAtSecondOrder() {
    for seed: UInt64 in [0, 1] {
      assertPasses(GradientCheckCase.engineCases(), order: .second, seed: seed)
    }
  }

  func testTheOperationsTheChaptersAddAreInTheTable() {
    let names = GradientCheckCase.engineCases().map(\.name)
    XCTAssertTrue(names.contains("clamp to [-0.5, 0.5]"), "\(names)")
    XCTAssertEqual(
      names.filter { $0.hasPrefix("pseudo-inverse") }.count, 2, "tall and wide branches")
  }

  func testPointsAreSeveralDistinctAndReproducible() {
    let c = GradientCheckCase.engineCases()[0]
    let points = c.points(3, seed: 5)
    XCTAssertEqual(points.count, 3)
    XCTAssertEqual(points.map { $0.map(\.shapeText) }, Array(repeating: ["3×4", "4×5"], count: 3))
    XCTAssertNotEqual(points[0][0], points[1][0])
    XCTAssertNotEqual(points[1][0], points[2][0])
    XCTAssertEqual(
      c.points(3, seed: 5).map { $0[1] }, points.map { $0[1] }, "same seed, same points")
    XCTAssertNotEqual(c.points(1, seed: 6)[0][0], points[0][0], "another seed, other points")
  }

  func testDrawsStayAwayFromKinksAndSingularities() {
    var rng = SplitMix64(seed: 8)
    let away = RandomInput.uniform(20, 20, in: -1...1, awayFrom: [-0.5, 0.5], by: 0.05)
    for x in away.sample(using: &rng).scalars {
      XCTAssertTrue((-1...1).contains(x), "\(x)")
      XCTAssertGreaterThanOrEqual(abs(abs(x) - 0.5), 0.05, "\(x)")
    }
    let near = RandomInput.nearIdentity(4, spread: 0.1).sample(using: &rng)
    XCTAssertLessThanOrEqual((near - .identity(4)).maxAbs(), 0.1)
    XCTAssertGreaterThan((near - .identity(4)).maxAbs(), 0)
  }

  func testAnErrorAtSomePointsOnlyIsCaughtBySeveralPoints() throws {
    // y = x ⊙ x whose VJP doubles wherever x₀₀ > 0.5: right at some points, wrong at others.
    let wrongCase = GradientCheckCase("wrong where x₀₀ > 0.5", inputs: [.uniform(2, 2)]) { x in
      Variable(value: x[0].value .* x[0].value, inputs: [x[0]]) { g, x, _, _ in
        [g .* x[0].scaled(by: x[0].value[0, 0] > 0.5 ? 4 : 2)]
      }.sum()
    }
    // A seed whose first point is right and one of whose next two is wrong.
    let seed = (0..<100 as Range<UInt64>).first { s in
      let x00 = wrongCase.points(3, seed: s).map { $0[0][0, 0] }
      return x00[0] <= 0.5 && x00[1...].contains { $0 > 0.5 }
    }
    let s = try XCTUnwrap(seed)
    XCTAssertLessThan(try wrongCase.worstRelativeError(order: .first, pointCount: 1, seed: s), 1e-8)
    XCTAssertGreaterThan(
      try wrongCase.worstRelativeError(order: .first, pointCount: 3, seed: s), 0.1)
  }

  func testTableHasOneRowPerCaseAndFlagsAWrongCase() {
    let right = Array(GradientCheckCase.engineCases().prefix(2))
    let doubled = GradientCheckCase("doubled gradient", inputs: [.uniform(2, 2)]) { x in
      Variable(value: x[0].value .* x[0].value, inputs: [x[0]]) { g, x, _, _ in
        [g .* x[0].scaled(by: 4)]
      }
      .sum()
    }
    let table = gradientCheckTable(right + [doubled], pointCount: 2, directionCount: 2)
    let rows = table.split(separator: "\n")
    XCTAssertEqual(rows.count, 2 + 3)
    XCTAssertTrue(rows[2].hasPrefix("| matmul A·B | < 1e-"), String(rows[2]))
    XCTAssertTrue(rows[2].hasSuffix("| yes |"), String(rows[2]))
    XCTAssertTrue(rows[4].hasPrefix("| doubled gradient | < 1e0 |"), String(rows[4]))
    XCTAssertTrue(rows[4].hasSuffix("| NO |"), String(rows[4]))
  }

  func testPowerOfTenBound() {
    XCTAssertEqual(powerOfTenBound(3.2e-10), "< 1e-9")
    XCTAssertEqual(powerOfTenBound(0), "0")
    XCTAssertEqual(powerOfTenBound(0.5), "< 1e0")
  }
}
