// Group elements g ∈ GL_k and the Lie parametrisations that produce them. Introduced in chapter 01.
// It lives in Linear/ because it is linear algebra (g and g⁻¹, exp) and both Optimizers/
// (state transport) and Symmetry/ use it.

import Support

/// How a Lie-algebra element T (a k×k matrix) becomes a group element g.
public enum LieParametrisation: String, Sendable, CaseIterable {
  /// g = I + T: the first-order map the paper's code uses; invertible only for small T.
  case firstOrder = "I+T"
  /// g = exp(T): always invertible, with exp(T)⁻¹ = exp(−T).
  case exponential = "exp(T)"
}

/// How the inverse g⁻¹ that an action needs is formed.
public enum InverseRule: String, Sendable {
  /// The exact inverse (LU for I + T, exp(−T) for exp(T)).
  case exact
  /// I − T, which inverts I + T only to first order (the paper's (B′) and its meta-learning code).
  case firstOrder
}

/// A group element g together with the inverse an action will use.
public struct GroupElement: Sendable {
  /// g, k×k.
  public let matrix: Matrix
  /// g⁻¹, or its first-order stand-in I − T (see `InverseRule`).
  public let inverse: Matrix

  /// The identity of GL_k.
  public static func identity(_ k: Int) -> GroupElement {
    GroupElement(matrix: .identity(k), inverse: .identity(k))
  }

  /// The element reached from the identity along the Lie-algebra element `t`.
  ///
  /// - Parameters:
  ///   - t: T, k×k.
  ///   - parametrisation: g = I + T or g = exp(T).
  ///   - inverse: the exact inverse, or I − T.
  /// - Throws: `LinearAlgebraError` when I + T is singular and the exact inverse is asked for,
  ///   or when T holds NaN or infinity and g = exp(T).
  public init(
    generator t: Matrix, parametrisation: LieParametrisation,
    inverse rule: InverseRule
  ) throws {
    require(t.isSquare, "GroupElement: a generator must be square, got \(t.shapeText)")
    let identity = Matrix.identity(t.rows)
    switch (parametrisation, rule) {
    case (.firstOrder, .exact):
      matrix = identity + t
      inverse = try Linear.inverse(matrix)
    case (.firstOrder, .firstOrder):
      matrix = identity + t
      inverse = identity - t
    case (.exponential, .exact):
      matrix = try matrixExponential(t)
      inverse = try matrixExponential(-t)
    case (.exponential, .firstOrder):
      matrix = try matrixExponential(t)
      inverse = identity - t
    }
  }

  /// An element given directly (for example a sampled rotation); its inverse is computed exactly.
  public init(matrix: Matrix) throws {
    require(matrix.isSquare, "GroupElement: g must be square, got \(matrix.shapeText)")
    self.matrix = matrix
    self.inverse = try Linear.inverse(matrix)
  }

  /// An element with a given inverse (trusted, not checked).
  public init(matrix: Matrix, inverse: Matrix) {
    self.matrix = matrix
    self.inverse = inverse
  }
}
