// Shape mismatches stop the process with a message naming both shapes (Support/Requirement.swift).
//
// `require` ends the process, so these are Swift Testing exit tests: each body
// runs in a child process, and the test checks that it failed and what it said.

import Foundation
import Testing
import Toolkit
@testable import Linear

@Suite struct MatrixShapeRequirementTests {
  /// The child's standard error as text.
  private func stderr(_ result: ExitTest.Result?) -> String {
    String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
  }

  @Test func elementwiseAdditionNamesBothShapes() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Matrix.zeros(2, 3) + Matrix.zeros(3, 2)
    }
    #expect(stderr(result).contains("+: shape mismatch 2×3 vs 3×2"))
  }

  @Test func inPlaceSubtractionNamesBothShapes() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var x = Matrix.zeros(2, 2)
      x -= Matrix.zeros(2, 1)
      _ = x
    }
    #expect(stderr(result).contains("-=: shape mismatch 2×2 vs 2×1"))
  }

  @Test func productNamesBothOperandsAndTheirTransposes() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ =
        matmul(Matrix.zeros(2, 3), Matrix.zeros(2, 3), transposeB: .transposed)
        + matmul(Matrix.zeros(2, 3), Matrix.zeros(2, 3))
    }
    #expect(stderr(result).contains("matmul: shape mismatch 2×3 · 2×3"))
  }

  @Test func scalarsMustFillTheShape() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Matrix(rows: 2, columns: 2, scalars: [1, 2, 3])
    }
    #expect(stderr(result).contains("3 scalars cannot fill a 2×2 matrix"))
  }

  @Test func raggedRowsAreRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Matrix([[1, 2], [3]])
    }
    #expect(stderr(result).contains("row 1 has 1 entries, row 0 has 2"))
  }

  @Test func slicesOutOfRangeAreRejected() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Matrix.zeros(2, 3).columns(2..<4)
    }
    #expect(stderr(result).contains("columns 2..<4 out of 0..<3"))
  }

  @Test func reshapeMustKeepTheCount() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Matrix.zeros(2, 3).reshaped(4, 2)
    }
    #expect(stderr(result).contains("cannot reshape 2×3 to 4×2"))
  }
}
