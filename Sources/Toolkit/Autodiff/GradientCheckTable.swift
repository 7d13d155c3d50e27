// The "verify it works" table: every operation checked at orders 1 and 2. Introduced in the appendix (A-toolkit).

import Foundation
import Support
import Linear

/// How one input of a gradient-check case is drawn: a shape and a distribution.
///
/// The distributions keep the point away from where an operation is not
/// differentiable or not defined (a kink, a clip, a singular matrix), because
/// central differences that straddle such a place measure nothing.
public struct RandomInput: Sendable {
  /// Rows and columns of the drawn matrix.
  public let rows: Int
  public let columns: Int
  private let draw: @Sendable (inout SplitMix64) -> Matrix

  /// Draws one matrix.
  public func sample(using rng: inout SplitMix64) -> Matrix { draw(&rng) }

  /// Entries uniform in `range`.
  public static func uniform(
    _ rows: Int, _ columns: Int,
    in range: ClosedRange<Double> = -1...1
  ) -> RandomInput {
    RandomInput(rows: rows, columns: columns) { rng in
      Matrix.uniform(rows, columns, low: range.lowerBound, high: range.upperBound, using: &rng)
    }
  }

  /// Entries uniform in `range` but at least `margin` from each of `points`
  /// (redrawn until they are), for operations with kinks or clips there.
  public static func uniform(
    _ rows: Int, _ columns: Int, in range: ClosedRange<Double>,
    awayFrom points: [Double], by margin: Double
  ) -> RandomInput {
    RandomInput(rows: rows, columns: columns) { rng in
      Matrix(
        rows: rows, columns: columns,
        scalars: (0..<(rows * columns)).map { _ in
          var x: Double
          repeat {
            x = range.lowerBound + (range.upperBound - range.lowerBound) * rng.nextUniform()
          } while points.contains { abs(x - $0) < margin }
          return x
        })
    }
  }

  /// I + spread · U(−1, 1): square and, for spread well below 1/n, well conditioned.
  public static func nearIdentity(_ n: Int, spread: Double) -> RandomInput {
    RandomInput(rows: n, columns: n) { rng in
      Matrix.identity(n) + spread * Matrix.uniform(n, n, low: -1, high: 1, using: &rng)
    }
  }
}

/// A named scalar function of some matrices, and where to check it.
public struct GradientCheckCase: Sendable {
  /// The operation under test, as the table prints it.
  public let name: String
  /// How each input is drawn; the case is checked at several such points.
  public let inputs: [RandomInput]
  /// The function: the operation followed by a fixed scalar probe.
  public let function: @Sendable ([Variable]) -> Variable

  /// A case from its parts.
  public init(
    _ name: String, inputs: [RandomInput],
    function: @escaping @Sendable ([Variable]) -> Variable
  ) {
    self.name = name
    self.inputs = inputs
    self.function = function
  }

  /// The relative-error tolerance the tests and the table use at each order.
  public static func tolerance(_ order: GradientCheckOrder) -> Double {
    order == .first ? 1e-6 : 1e-4
  }

  /// `count` points, each one matrix per input, drawn from stream 0 of `seed`.
  public func points(_ count: Int, seed: UInt64) -> [[Matrix]] {
    var rng = SplitMix64.stream(seed: seed, index: 0)
    return (0..<count).map { _ in inputs.map { $0.sample(using: &rng) } }
  }

  /// The worst relative error of `order` over `pointCount` random points and,
  /// at order 2, over `directionCount` random directions at each point.
  ///
  /// Order 1 perturbs every entry of every input, so it has no direction to
  /// choose; order 2 compares Hessian–vector products, one per direction.
  ///
  /// - Throws: `GradientCheckError` when NaN is met at any point.
  public func worstRelativeError(
    order: GradientCheckOrder, pointCount: Int = 3,
    directionCount: Int = 3, seed: UInt64 = 0
  ) throws -> Double {
    var directions = SplitMix64.stream(seed: seed, index: 1)  // seeds each direction v
    var worst = 0.0
    for point in points(pointCount, seed: seed) {
      for _ in 0..<(order == .first ? 1 : directionCount) {
        let comparisons = try checkGradient(
          of: function, at: point, order: order,
          seed: directions.next())
        worst = max(worst, comparisons.map(\.relativeError).max() ?? 0)
      }
    }
    return worst
  }
}

/// ⟨C, y ⊙ y ⊙ y⟩ for a fixed random C: a scalar whose Hessian is not zero
/// even when the operation producing y is linear (or, like √, is undone by a
/// square), so that the second-order check exercises the VJP of every VJP.
public func cubicProbe(_ y: Variable, seed: UInt64 = 99) -> Variable {
  var rng = SplitMix64(seed: seed)
  let c = Matrix.uniform(y.rows, y.columns, low: -1, high: 1, using: &rng)
  return (y .* y .* y .* Variable(constant: c)).sum()
}

extension GradientCheckCase {
  /// One case per differentiable operation of the engine, drawn away from
  /// every singularity (positive entries for log and √, divisors in
  /// [0.5, 1.5], well-conditioned matrices to invert, no entry within 0.05 of
  /// a clip).
  public static func engineCases() -> [GradientCheckCase] {
    let t = Transpose.transposed
    let p: @Sendable (Variable) -> Variable = { cubicProbe($0) }
    func u(_ r: Int, _ c: Int, _ range: ClosedRange<Double> = -1...1) -> RandomInput {
      .uniform(r, c, in: range)
    }
    return [
      .init("matmul A·B", inputs: [u(3, 4), u(4, 5)]) { p(matmul($0[0], $0[1])) },
      .init("matmul Aᵀ·B", inputs: [u(4, 3), u(4, 5)]) { p(matmul($0[0], $0[1], transposeA: t)) },
      .init("matmul A·Bᵀ", inputs: [u(3, 4), u(5, 4)]) { p(matmul($0[0], $0[1], transposeB: t)) },
      .init("matmul Aᵀ·Bᵀ", inputs: [u(4, 3), u(5, 4)]) {
        p(matmul($0[0], $0[1], transposeA: t, transposeB: t))
      },
      .init("add", inputs: [u(3, 4), u(3, 4)]) { p($0[0] + $0[1]) },
      .init("subtract", inputs: [u(3, 4), u(3, 4)]) { p($0[0] - $0[1]) },
      .init("negate", inputs: [u(3, 4)]) { p(-$0[0]) },
      .init("multiply (⊙)", inputs: [u(3, 4), u(3, 4)]) { p($0[0] .* $0[1]) },
      .init("divide (⊘)", inputs: [u(3, 4), u(3, 4, 0.5...1.5)]) { p($0[0] ./ $0[1]) },
      .init("scale by constant", inputs: [u(3, 4)]) { p(2.5 * $0[0]) },
      .init("add constant", inputs: [u(3, 4)]) { p($0[0] + 0.7) },
      .init("scale by 1×1 variable", inputs: [u(3, 4), u(1, 1)]) { p($0[0].scaled(by: $0[1])) },
      .init("transpose", inputs: [u(3, 4)]) { p($0[0].transposed) },
      .init("sum", inputs: [u(3, 4)]) { p($0[0].sum()) },
      .init("row sums", inputs: [u(3, 4)]) { p($0[0].rowSums()) },
      .init("column sums", inputs: [u(3, 4)]) { p($0[0].columnSums()) },
      .init("mean", inputs: [u(3, 4)]) { p($0[0].mean()) },
      .init("squared norm", inputs: [u(3, 4)]) { p($0[0].squaredNorm()) },
      .init("broadcast column", inputs: [u(3, 1)]) { p($0[0].broadcast(rows: 3, columns: 4)) },
      .init("broadcast row", inputs: [u(1, 4)]) { p($0[0].broadcast(rows: 3, columns: 4)) },
      .init("broadcast scalar", inputs: [u(1, 1)]) { p($0[0].broadcast(rows: 3, columns: 4)) },
      .init("exp", inputs: [u(3, 4)]) { p($0[0].exp()) },
      .init("log", inputs: [u(3, 4, 0.5...2)]) { p($0[0].log()) },
      .init("square root", inputs: [u(3, 4, 0.5...2)]) { p($0[0].squareRoot()) },
      .init("sigmoid", inputs: [u(3, 4, -3...3)]) { p($0[0].sigmoid()) },
      .init("tanh", inputs: [u(3, 4, -2...2)]) { p($0[0].tanh()) },
      .init("softmax (columns)", inputs: [u(4, 3, -2...2)]) { p($0[0].softmaxColumns()) },
      .init("log-softmax (columns)", inputs: [u(4, 3, -2...2)]) { p($0[0].logSoftmaxColumns()) },
      .init(
        "clamp to [-0.5, 0.5]",
        inputs: [.uniform(3, 4, in: -1...1, awayFrom: [-0.5, 0.5], by: 0.05)]
      ) {
        p($0[0].clamped(to: -0.5, 0.5))
      },
      .init("inverse", inputs: [.nearIdentity(3, spread: 0.3)]) { p(invertible($0[0], "inverse")) },
      // Actions (B) and (C) invert σ(UX) with these; both full-rank branches are checked.
      .init("pseudo-inverse, tall (AᵀA)⁻¹Aᵀ", inputs: [u(5, 3)]) {
        p(pseudoInvertible($0[0]))
      },
      .init("pseudo-inverse, wide Aᵀ(AAᵀ)⁻¹", inputs: [u(3, 5)]) {
        p(pseudoInvertible($0[0]))
      },
      .init("vstack", inputs: [u(2, 3), u(3, 3)]) { p(Variable.vstack([$0[0], $0[1]])) },
      .init("hstack", inputs: [u(3, 2), u(3, 3)]) { p(Variable.hstack([$0[0], $0[1]])) },
      .init("rows 1..<3", inputs: [u(4, 3)]) { p($0[0].rows(1..<3)) },
      .init("columns 1..<3", inputs: [u(3, 4)]) { p($0[0].columns(1..<3)) },
      .init("reshape", inputs: [u(3, 4)]) { p($0[0].reshaped(2, 6)) },
    ]
  }
}

/// x⁻¹, stopping with a message if a drawn point is singular (its distribution makes that impossible).
private func invertible(_ x: Variable, _ name: String) -> Variable {
  guard let inverse = try? x.inverse() else {
    requirementFailure("gradient check: the point drawn for \(name) is singular")
  }
  return inverse
}

/// x⁺, stopping with a message if a drawn point is rank-deficient.
private func pseudoInvertible(_ x: Variable) -> Variable {
  guard let inverse = try? x.pseudoInverse() else {
    requirementFailure("gradient check: the point drawn for pseudo-inverse is rank-deficient")
  }
  return inverse
}

/// The "verify it works" table: for each case, the worst relative error of
/// the gradient (order 1) and of the Hessian–vector product (order 2) over
/// `pointCount` random points and, at order 2, `directionCount` random
/// directions at each.
///
/// Errors are printed as powers of ten ("< 1e-9") so that the table does not
/// change with the BLAS kernel or CPU.
///
/// - Parameters:
///   - cases: for example `GradientCheckCase.engineCases()` followed
///     by `GradientCheckCase.networkCases()`.
///   - pointCount: random points per case.
///   - directionCount: random directions per point at order 2.
///   - seed: seeds the points and directions.
/// - Returns: a Markdown table, one row per case.
public func gradientCheckTable(
  _ cases: [GradientCheckCase], pointCount: Int = 3,
  directionCount: Int = 3, seed: UInt64 = 0
) -> String {
  var lines = [
    "| operation | order 1 rel. error | order 2 rel. error | ok |",
    "|---|---|---|---|",
  ]
  for c in cases {
    var cells: [String] = []
    var ok = true
    for order in [GradientCheckOrder.first, .second] {
      do {
        let worst = try c.worstRelativeError(
          order: order, pointCount: pointCount,
          directionCount: directionCount, seed: seed)
        ok = ok && worst <= GradientCheckCase.tolerance(order)
        cells.append(powerOfTenBound(worst))
      } catch {
        ok = false
        cells.append("NaN met")
      }
    }
    lines.append("| \(c.name) | \(cells[0]) | \(cells[1]) | \(ok ? "yes" : "NO") |")
  }
  return lines.joined(separator: "\n")
}

/// "< 1e-9" for 3.2e-10: the smallest power of ten above `x`; "0" for zero.
func powerOfTenBound(_ x: Double) -> String {
  guard x > 0, x.isFinite else { return x == 0 ? "0" : "\(x)" }
  return "< 1e\(Int(Foundation.floor(Foundation.log10(x))) + 1)"
}
