// The quadratic loss ½wᵀAw and its level-set group A^(-1/2) R A^(1/2). Introduced in chapter 03.

import Support
import Linear
import Autodiff

/// The quadratic loss ℒ(w) = ½ wᵀA w with A symmetric positive definite, and the
/// group that moves w around its level sets.
///
/// With u = A^(1/2) w the loss is ½‖u‖², so the orthogonal group acting on u,
/// g_R = A^(−1/2) R A^(1/2) with R ∈ O(d), preserves ℒ and reaches every point
/// of a level set from any other: the action is transitive. The gradient is
/// ∇ℒ = A w = A^(1/2) u, so ‖∇ℒ‖² = uᵀA u, which is largest on the level set
/// when u (hence w, and ∇ℒ) is an eigenvector of A for λ_max (`paper.md` §2.0).
public struct QuadraticProblem: Sendable {
  /// A, d×d, symmetric positive definite.
  public let a: Matrix
  /// A's eigenvalues, largest first.
  public let eigenvalues: [Double]
  /// Column i is the unit eigenvector of `eigenvalues[i]`.
  public let eigenvectors: Matrix
  /// A^(1/2).
  public let squareRoot: Matrix
  /// A^(−1/2).
  public let inverseSquareRoot: Matrix

  /// The problem with a given symmetric positive definite A.
  ///
  /// - Parameter a: A, d×d.
  /// - Throws: `QuadraticProblemError.notPositiveDefinite` when an eigenvalue is ≤ 0;
  ///   `LinearAlgebraError` when A is not symmetric or holds NaN.
  public init(matrix a: Matrix) throws {
    require(a.isSquare, "QuadraticProblem: A must be square, got \(a.shapeText)")
    let (ascending, columns) = try symmetricEigen(a)
    guard let smallest = ascending.first, smallest > 0 else {
      throw QuadraticProblemError.notPositiveDefinite(smallest: ascending.first ?? 0)
    }
    let n = a.rows
    self.a = 0.5 * (a + a.transposed)
    eigenvalues = Array(ascending.reversed())
    eigenvectors = Matrix(rows: n, columns: n) { i, j in columns[i, n - 1 - j] }
    let q = eigenvectors, values = eigenvalues
    func spectral(_ f: (Double) -> Double) -> Matrix {
      let scaled = Matrix(rows: n, columns: n) { i, j in q[i, j] * f(values[j]) }
      return matmul(scaled, q, transposeB: .transposed)  // [d, d] = Q f(Λ) Qᵀ
    }
    squareRoot = spectral { $0.squareRoot() }
    inverseSquareRoot = spectral { 1 / $0.squareRoot() }
  }

  /// A random problem with the given eigenvalues: A = Q diag(λ) Qᵀ, Q orthogonal.
  ///
  /// Q is the eigenvector matrix of a symmetric matrix with N(0, 1) entries,
  /// an orthogonal matrix drawn from a seeded stream.
  ///
  /// - Parameters:
  ///   - eigenvalues: λ₁ … λ_d, all positive.
  ///   - seed: the seed of Q.
  public static func random(eigenvalues: [Double], seed: UInt64) throws -> QuadraticProblem {
    let n = eigenvalues.count
    require(n > 0, "QuadraticProblem.random: needs at least one eigenvalue")
    var rng = SplitMix64(seed: seed)
    let m = Matrix.normal(n, n, using: &rng)
    let q = try symmetricEigen(m + m.transposed).vectors
    let scaled = Matrix(rows: n, columns: n) { i, j in q[i, j] * eigenvalues[j] }
    return try QuadraticProblem(matrix: matmul(scaled, q, transposeB: .transposed))  // [d, d]
  }

  /// d, the dimension.
  public var dimension: Int { a.rows }
  /// λ_max.
  public var largestEigenvalue: Double { eigenvalues[0] }

  // MARK: - Loss, gradient, Hessian

  /// ℒ(w) = ½ wᵀA w.
  public func loss(_ w: Matrix) -> Double { 0.5 * w.flattened.dot(matmul(a, w.flattened)) }
  /// ∇ℒ(w) = A w, d×1.
  public func gradient(_ w: Matrix) -> Matrix { matmul(a, w.flattened) }
  /// The Hessian, A (the same at every w).
  public var hessian: Matrix { a }
  /// The minimiser w* = 0.
  public var minimum: Matrix { Matrix(rows: dimension, columns: 1) }

  /// The largest ‖∇ℒ‖² on the level set of w: 2ℒ(w)·λ_max, reached where w is
  /// an eigenvector of A for λ_max.
  public func maximalGradientNormSquared(onLevelSetOf w: Matrix) -> Double {
    2 * loss(w) * largestEigenvalue
  }

  // MARK: - The group and its teleport

  /// g_R·w = A^(−1/2) R A^(1/2) w.
  ///
  /// - Parameters:
  ///   - rotation: R, d×d orthogonal.
  ///   - w: d×1.
  public func act(_ rotation: Matrix, on w: Matrix) -> Matrix {
    matmul(inverseSquareRoot, matmul(rotation, matmul(squareRoot, w.flattened)))  // [d, 1]
  }

  /// The gradient, on the Lie algebra of skew-symmetric S (R = exp(S)), of the
  /// normalised objective J(S) = ‖∇ℒ(g_R·w)‖² / (2ℒ(w)) at S = 0.
  ///
  /// With u = A^(1/2) w, J(S) = (e^S u)ᵀ A (e^S u) / ‖u‖², whose derivative at 0
  /// in a direction Ṡ is 2uᵀAṠu/‖u‖² = ⟨Ṡ, 2Auuᵀ⟩/‖u‖²; its skew part is
  /// (Auuᵀ − uuᵀA)/‖u‖². Dividing ‖∇ℒ‖² by 2ℒ, which is constant on the orbit,
  /// makes J the Rayleigh quotient of u: the step size then does not depend on
  /// how far from the minimum w is.
  ///
  /// - Parameter w: d×1.
  /// - Returns: the skew-symmetric d×d gradient (zero at the minimum).
  public func teleportGradient(at w: Matrix) -> Matrix {
    let u = matmul(squareRoot, w.flattened)  // [d, 1]
    let uu = u.squaredNorm()
    guard uu > 0 else { return Matrix(rows: dimension, columns: dimension) }
    let au = matmul(a, u)  // [d, 1]
    let outer = matmul(au, u, transposeB: .transposed)  // [d, d] = A u uᵀ
    return (outer - outer.transposed) / uu
  }

  /// A teleport: gradient ascent on the Lie algebra of skew matrices,
  /// re-linearised at each step (S = 0 at the current point, S ← η ∇_S J, w ← g_{exp(S)}·w).
  ///
  /// - Parameters:
  ///   - w: the starting point, d×1.
  ///   - learningRate: η_tele, in units of the Rayleigh quotient; about
  ///     1/(λ_max − λ_min) converges like a power iteration.
  ///   - stepCount: the most ascent steps.
  ///   - tolerance: stop early once ‖∇_S J‖_F ≤ tolerance (the point is then a
  ///     maximiser to rounding); 0 takes every step.
  /// - Returns: the path (w first, then the point after each step) and the generators S used.
  /// - Throws: `LinearAlgebraError.nonFinite` when a step overflows (a learning rate far too large).
  public func teleport(
    _ w: Matrix, learningRate: Double, stepCount: Int,
    tolerance: Double = 0
  ) throws -> QuadraticTeleport {
    require(stepCount >= 0, "QuadraticProblem.teleport: stepCount must be ≥ 0, got \(stepCount)")
    var path = [w.flattened]
    var generators: [Matrix] = []
    var current = w.flattened
    for _ in 0..<stepCount {
      let gradient = teleportGradient(at: current)
      if gradient.norm() <= tolerance { break }
      let s = learningRate * gradient
      current = act(try matrixExponential(s), on: current)
      path.append(current)
      generators.append(s)
    }
    return QuadraticTeleport(path: path, generators: generators)
  }
}

/// The result of a quadratic teleport.
public struct QuadraticTeleport: Sendable {
  /// The start and the point after every ascent step.
  public let path: [Matrix]
  /// The skew-symmetric S of every step (R = exp(S)).
  public let generators: [Matrix]
  /// The teleported point.
  public var end: Matrix { path[path.count - 1] }
}

/// Why a quadratic problem could not be built.
public enum QuadraticProblemError: Error, CustomStringConvertible, Equatable {
  /// A has an eigenvalue ≤ 0.
  case notPositiveDefinite(smallest: Double)

  /// What was wrong and how to fix it.
  public var description: String {
    switch self {
    case .notPositiveDefinite(let smallest):
      return "QuadraticProblem: A must be positive definite, but its smallest eigenvalue is "
        + "\(smallest); add a multiple of the identity or pass positive eigenvalues"
    }
  }
}
