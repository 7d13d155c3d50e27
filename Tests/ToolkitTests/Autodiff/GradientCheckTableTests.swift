import XCTest
import Toolkit
@testable import Autodiff

final class GradientCheckTableTests: XCTestCase {
  func testEveryEngineOperationAtFirstOrder() {
    for c in GradientCheckCase.engineCases() {
      assertGradientCheckPasses(c.name, c.function, at: c.inputs, order: .first, tolerance: 1e-6)
    }
  }

  func testEveryEngineOperationAtSecondOrder() {
    for c in GradientCheckCase.engineCases() {
      assertGradientCheckPasses(c.name, c.function, at: c.inputs, order: .second, tolerance: 1e-4)
    }
  }

  func testTableHasOneRowPerCaseAndAllPass() {
    let cases = Array(GradientCheckCase.engineCases().prefix(3))
    let table = gradientCheckTable(cases)
    let rows = table.split(separator: "\n")
    XCTAssertEqual(rows.count, 2 + cases.count)
    XCTAssertTrue(rows[2].hasPrefix("| matmul A·B | < 1e-"), String(rows[2]))
    XCTAssertFalse(table.contains("NO"), table)
  }

  func testPowerOfTenBound() {
    XCTAssertEqual(powerOfTenBound(3.2e-10), "< 1e-9")
    XCTAssertEqual(powerOfTenBound(0), "0")
    XCTAssertEqual(powerOfTenBound(0.5), "< 1e0")
  }
}
