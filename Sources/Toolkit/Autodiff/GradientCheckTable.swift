// The "verify it works" table: every operation checked at orders 1 and 2. Introduced in the appendix (A-toolkit).

import Foundation
import Support
import Linear

/// A named scalar function of some matrices, ready for `checkGradient`.
public struct GradientCheckCase: Sendable {
  /// The operation under test, as the table prints it.
  public let name: String
  /// The point at which it is checked.
  public let inputs: [Matrix]
  /// The function: the operation followed by a fixed scalar probe.
  public let function: @Sendable ([Variable]) -> Variable

  /// A case from its parts.
  public init(_ name: String, inputs: [Matrix],
              function: @escaping @Sendable ([Variable]) -> Variable) {
    self.name = name
    self.inputs = inputs
    self.function = function
  }

  /// The relative-error tolerance the tests and the table use at each order.
  public static func tolerance(_ order: GradientCheckOrder) -> Double {
    order == .first ? 1e-6 : 1e-4
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
  /// One case per differentiable operation of the engine, at seeded random
  /// points away from every singularity (positive entries for log and √,
  /// divisors in [0.5, 1.5], a well-conditioned matrix to invert).
  public static func engineCases(seed: UInt64 = 7) -> [GradientCheckCase] {
    var rng = SplitMix64(seed: seed)
    func u(_ r: Int, _ c: Int, _ low: Double = -1, _ high: Double = 1) -> Matrix {
      Matrix.uniform(r, c, low: low, high: high, using: &rng)
    }
    let t = Transpose.transposed
    let p: @Sendable (Variable) -> Variable = { cubicProbe($0) }
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
      .init("divide (⊘)", inputs: [u(3, 4), u(3, 4, 0.5, 1.5)]) { p($0[0] ./ $0[1]) },
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
      .init("log", inputs: [u(3, 4, 0.5, 2)]) { p($0[0].log()) },
      .init("square root", inputs: [u(3, 4, 0.5, 2)]) { p($0[0].squareRoot()) },
      .init("sigmoid", inputs: [u(3, 4, -3, 3)]) { p($0[0].sigmoid()) },
      .init("tanh", inputs: [u(3, 4, -2, 2)]) { p($0[0].tanh()) },
      .init("softmax (columns)", inputs: [u(4, 3, -2, 2)]) { p($0[0].softmaxColumns()) },
      .init("log-softmax (columns)", inputs: [u(4, 3, -2, 2)]) { p($0[0].logSoftmaxColumns()) },
      .init("inverse", inputs: [Matrix.identity(3) + 0.3 * u(3, 3)]) {
        guard let inverse = try? $0[0].inverse() else {
          requirementFailure("gradient check: the point chosen for inverse is singular")
        }
        return p(inverse)
      },
      .init("vstack", inputs: [u(2, 3), u(3, 3)]) { p(Variable.vstack([$0[0], $0[1]])) },
      .init("hstack", inputs: [u(3, 2), u(3, 3)]) { p(Variable.hstack([$0[0], $0[1]])) },
      .init("rows 1..<3", inputs: [u(4, 3)]) { p($0[0].rows(1..<3)) },
      .init("columns 1..<3", inputs: [u(3, 4)]) { p($0[0].columns(1..<3)) },
      .init("reshape", inputs: [u(3, 4)]) { p($0[0].reshaped(2, 6)) },
    ]
  }
}

/// The "verify it works" table: for each case, the worst relative error of
/// the gradient (order 1) and of the Hessian–vector product (order 2).
///
/// Errors are printed as powers of ten ("< 1e-9") so that the table does not
/// change with the BLAS kernel or CPU.
///
/// - Parameter cases: for example `GradientCheckCase.engineCases()` followed
///   by `GradientCheckCase.networkCases()`.
/// - Returns: a Markdown table, one row per case.
public func gradientCheckTable(_ cases: [GradientCheckCase]) -> String {
  var lines = ["| operation | order 1 rel. error | order 2 rel. error | ok |",
               "|---|---|---|---|"]
  for c in cases {
    var cells: [String] = []
    var ok = true
    for order in [GradientCheckOrder.first, .second] {
      do {
        let worst = try checkGradient(of: c.function, at: c.inputs, order: order)
          .map(\.relativeError).max() ?? 0
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
