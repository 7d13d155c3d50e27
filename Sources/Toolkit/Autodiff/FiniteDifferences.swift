// Central-difference stencils for curves and Jacobian columns, the slow references of every closed form. Introduced in chapter 03.

import Support
import Linear

/// The `order`-th derivative at t = 0 of a curve t ↦ c(t) (a list of matrices), by central differences.
///
/// - order 1: (c(h) − c(−h)) / 2h
/// - order 2: (c(h) − 2c(0) + c(−h)) / h²
/// - order 3: (c(2h) − 2c(h) + 2c(−h) − c(−2h)) / 2h³
///
/// Each has error O(h²); rounding adds about ε·|c| / hᵒʳᵈᵉʳ, so the third order wants a
/// larger step than the first (chapter 04 uses 1e-4 for orders 1 and 2, 2e-3 for order 3).
///
/// - Parameters:
///   - order: 1, 2 or 3.
///   - h: the step in t.
///   - curve: c, evaluated at a few multiples of h.
/// - Returns: the estimate, one matrix per entry of c.
public func centralDifference(order: Int, step h: Double, of curve: (Double) throws -> [Matrix])
  rethrows
  -> [Matrix]
{
  switch order {
  case 1:
    return zip(try curve(h), try curve(-h)).map { ($0 - $1) / (2 * h) }
  case 2:
    let (p, z, n) = (try curve(h), try curve(0), try curve(-h))
    return (0..<p.count).map { (p[$0] - 2 * z[$0] + n[$0]) / (h * h) }
  case 3:
    let (p2, p1, n1, n2) = (try curve(2 * h), try curve(h), try curve(-h), try curve(-2 * h))
    return (0..<p1.count).map { i -> Matrix in
      let numerator: Matrix = p2[i] - 2 * p1[i] + 2 * n1[i] - n2[i]
      return numerator / (2 * h * h * h)
    }
  default:
    requirementFailure("centralDifference: order \(order) has no stencil here; use 1, 2 or 3")
  }
}

/// ‖(M₁, …, M_n)‖: the Frobenius norm of a list of matrices taken as one long vector.
public func combinedNorm(_ matrices: [Matrix]) -> Double {
  matrices.reduce(0) { $0 + $1.squaredNorm() }.squareRoot()
}

/// ‖analytic − numeric‖ / ‖numeric‖ over lists of matrices (`combinedNorm`).
public func relativeDistance(_ analytic: [Matrix], _ numeric: [Matrix]) -> Double {
  require(
    analytic.count == numeric.count,
    "relativeDistance: \(analytic.count) analytic and \(numeric.count) numeric matrices")
  return combinedNorm(zip(analytic, numeric).map { $0 - $1 }) / combinedNorm(numeric)
}

/// The largest error of chosen columns of a Jacobian against central differences.
///
/// Column j of the Jacobian of F at x is d/ds F(x + s·e_j) at s = 0; `along(j, s)` evaluates
/// that curve (for a Hessian, F is the gradient; for orbit tangents, F is the group action
/// along one generator). The error of a column is max |analytic − numeric| / max(1, max |numeric|).
///
/// - Parameters:
///   - jacobian: the analytic Jacobian, one column per direction.
///   - columns: which columns to check.
///   - h: the step in s.
///   - along: F along direction j at s, as a column.
/// - Returns: the largest error over the columns.
public func jacobianColumnError(
  _ jacobian: Matrix, columns: [Int], step h: Double,
  along: (Int, Double) throws -> Matrix
) rethrows -> Double {
  var worst = 0.0
  for j in columns {
    let numeric = try centralDifference(order: 1, step: h) { s in [try along(j, s)] }[0]
    let analytic = Matrix.column(jacobian.column(j))
    worst = max(worst, (analytic - numeric).maxAbs() / max(1, numeric.maxAbs()))
  }
  return worst
}
