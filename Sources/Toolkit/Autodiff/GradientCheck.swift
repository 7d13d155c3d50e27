// Central-difference checks of first and second derivatives. Introduced in the appendix (A-toolkit).

import Support
import Linear

/// Which derivative a gradient check compares.
public enum GradientCheckOrder: Int, Sendable {
  /// ∇f against central differences of f.
  case first = 1
  /// The Hessian–vector product ∇²f·v (double backward) against central
  /// differences of the analytic gradient along v.
  case second = 2
}

/// A gradient check that met NaN: it never passes silently.
public struct GradientCheckError: Error, Equatable, CustomStringConvertible {
  /// The order that was being checked.
  public let order: GradientCheckOrder
  /// The input whose derivative held the NaN; nil when f's value itself was NaN.
  public let input: Int?
  /// Where NaN was met: "value", "analytic" or "numeric".
  public let side: String

  /// A sentence naming where NaN was met.
  public var description: String {
    let place = input.map { "the \(side) derivative for input \($0)" } ?? "the function's value"
    return "gradient check (order \(order.rawValue)): NaN met in \(place); "
      + "check the point (log or division at 0?) and the step size"
  }
}

/// One input's analytic derivative next to its finite-difference estimate.
public struct GradientComparison: Sendable {
  /// Which input of the function.
  public let input: Int
  /// From the autodiff engine.
  public let analytic: Matrix
  /// From central differences.
  public let numeric: Matrix

  /// max |analytic − numeric| over all entries.
  public var maxAbsDifference: Double { (analytic - numeric).maxAbs() }

  /// `maxAbsDifference` divided by the larger of the two derivatives' largest
  /// entries (0 when both are exactly zero): a relative error that entries
  /// near zero cannot blow up.
  public var relativeError: Double {
    let scale = max(analytic.maxAbs(), numeric.maxAbs())
    return scale == 0 ? 0 : maxAbsDifference / scale
  }
}

/// Compares the engine's derivatives of `f` with central finite differences.
///
/// Central differences have error O(h²) from truncation and O(ε/h) from
/// rounding (ε ≈ 1e-16 times the size of f), so h = 1e-5 balances them at
/// about 1e-10 relative for functions of order one.
///
/// - Parameters:
///   - f: a function of the inputs returning a 1×1 variable.
///   - xs: the point.
///   - order: `.first` (gradient) or `.second` (Hessian–vector product).
///   - step: the finite-difference step h.
///   - seed: seeds the random direction v of a second-order check.
/// - Returns: one comparison per input.
/// - Throws: `GradientCheckError` when f's value or either derivative contains NaN.
/// - Complexity: first order, 2 evaluations of f per entry of every input;
///   second order, 2 gradients and one Hessian–vector product.
public func checkGradient(
  of f: ([Variable]) -> Variable, at xs: [Matrix],
  order: GradientCheckOrder = .first, step: Double = 1e-5,
  seed: UInt64 = 0
) throws -> [GradientComparison] {
  // Constants build no graph: a plain evaluation of f.
  func evaluate(_ point: [Matrix]) -> Double { f(point.map { Variable(constant: $0) }).scalarValue }
  if evaluate(xs).isNaN { throw GradientCheckError(order: order, input: nil, side: "value") }
  let analytic: [Matrix]
  var numeric: [Matrix]
  switch order {
  case .first:
    analytic = gradient(at: xs, in: f)
    numeric = xs.map { Matrix(rows: $0.rows, columns: $0.columns) }
    for k in xs.indices {
      for e in 0..<xs[k].count {
        var plus = xs, minus = xs
        plus[k].scalars[e] += step
        minus[k].scalars[e] -= step
        numeric[k].scalars[e] = (evaluate(plus) - evaluate(minus)) / (2 * step)
      }
    }
  case .second:
    var rng = SplitMix64(seed: seed)
    let vs = xs.map { Matrix.normal($0.rows, $0.columns, using: &rng) }
    analytic = hessianVectorProduct(at: xs, along: vs, in: f)
    let plus = gradient(at: zip(xs, vs).map { $0 + step * $1 }, in: f)
    let minus = gradient(at: zip(xs, vs).map { $0 - step * $1 }, in: f)
    numeric = zip(plus, minus).map { ($0 - $1) / (2 * step) }
  }
  for k in xs.indices {
    if analytic[k].scalars.contains(where: \.isNaN) {
      throw GradientCheckError(order: order, input: k, side: "analytic")
    }
    if numeric[k].scalars.contains(where: \.isNaN) {
      throw GradientCheckError(order: order, input: k, side: "numeric")
    }
  }
  return xs.indices.map {
    GradientComparison(input: $0, analytic: analytic[$0], numeric: numeric[$0])
  }
}
