// Newton's method and damped Newton, from an exact Hessian. Introduced in chapter 03.

import Support
import Linear
import Autodiff

/// The eigen-decomposition of a symmetric Hessian, largest eigenvalue first.
public struct HessianSpectrum: Sendable {
  /// λ₁ ≥ λ₂ ≥ … ≥ λ_d.
  public let values: [Double]
  /// Column i is the unit eigenvector of `values[i]`.
  public let vectors: Matrix

  /// Decomposes H with LAPACK (`symmetricEigen`, dsyevd) and sorts descending.
  ///
  /// - Parameter hessian: a symmetric d×d matrix.
  /// - Throws: `LinearAlgebraError` for NaN, an asymmetric H, or no convergence.
  public init(_ hessian: Matrix) throws {
    let (ascending, columns) = try symmetricEigen(hessian)
    let n = ascending.count
    values = Array(ascending.reversed())
    vectors = Matrix(rows: n, columns: n) { i, j in columns[i, n - 1 - j] }
  }

  /// λ₁, the largest eigenvalue.
  public var largest: Double { values.first ?? 0 }
  /// λ_d, the smallest (most negative) eigenvalue.
  public var smallest: Double { values.last ?? 0 }
  /// How many eigenvalues are below zero (directions of negative curvature).
  public var negativeCount: Int { values.filter { $0 < 0 }.count }
}

/// The Newton direction H⁻¹∇ℒ, by an LU solve (LAPACK dgesv).
///
/// - Parameters:
///   - hessian: H, d×d.
///   - gradient: ∇ℒ, d×1.
/// - Returns: p with H p = ∇ℒ; the Newton step is w − p.
/// - Throws: `LinearAlgebraError` when H is singular; a network at a minimum
///   has a singular Hessian (every symmetry direction is flat), so take
///   `saddleFreeNewtonDirection` there.
public func newtonDirection(hessian: Matrix, gradient: Matrix) throws -> Matrix {
  require(
    hessian.isSquare && hessian.rows == gradient.count,
    "newtonDirection: H is \(hessian.shapeText) but ∇ℒ has \(gradient.count) entries")
  return try solve(hessian, gradient.flattened)
}

/// The "saddle-free" Newton direction |H|⁻¹∇ℒ: H's eigenvalues replaced by
/// max(|λ|, floor), so that the step always goes downhill.
///
/// Plain Newton jumps to the stationary point of the local quadratic model,
/// which on a non-convex loss may be a saddle or a maximum. Flipping the
/// negative eigenvalues keeps Newton's scaling along each eigenvector and the
/// descent direction (Dauphin et al. 2014).
///
/// - Parameters:
///   - spectrum: H's eigen-decomposition.
///   - gradient: ∇ℒ, d×1.
///   - floor: the smallest |λ| used; directions flatter than this are scaled by 1/floor.
/// - Returns: V diag(1 / max(|λ|, floor)) Vᵀ ∇ℒ, d×1.
///
/// [Dauphin et al. 2014]: https://arxiv.org/abs/1406.2572
public func saddleFreeNewtonDirection(
  spectrum: HessianSpectrum, gradient: Matrix,
  floor: Double
) -> Matrix {
  require(floor > 0, "saddleFreeNewtonDirection: floor must be positive, got \(floor)")
  let v = spectrum.vectors
  var coefficients = matmul(v, gradient.flattened, transposeA: .transposed)  // [d, 1] = Vᵀ∇ℒ
  for i in 0..<coefficients.count {
    coefficients.scalars[i] /= max(abs(spectrum.values[i]), floor)
  }
  return matmul(v, coefficients)  // [d, 1]
}

/// One (damped) Newton step: w − α·p, for a direction p = H⁻¹∇ℒ (or |H|⁻¹∇ℒ).
///
/// With α = 1 this is Newton's method; 0 < α < 1 is damped Newton. The chapter
/// shows that a gradient step w − η∇ℒ taken where ∇ℒ is an eigenvector of H
/// with eigenvalue λ is exactly this step with α = ηλ.
///
/// - Parameters:
///   - weights: W₁ … W_L.
///   - direction: p, d×1 in `flatten`'s order.
///   - damping: α.
/// - Returns: the moved weights.
public func newtonStep(_ weights: [Matrix], direction: Matrix, damping: Double = 1) -> [Matrix] {
  let w = flatten(weights)
  return unflatten(w - damping * direction.flattened, shapes: weights.map(\.shape))
}
