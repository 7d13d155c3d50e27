// Elementwise arithmetic on Variables and its VJPs. Introduced in the appendix (A-toolkit).

import Support
import Linear

extension Variable {
  // MARK: - Sums and differences

  /// The elementwise sum `self + other` (same shapes).
  public func adding(_ other: Variable) -> Variable {
    value.requireSameShape(other.value, "Variable.adding")
    return Variable(value: value + other.value, inputs: [self, other]) { g, _, _, needed in
      [needed[0] ? g : nil, needed[1] ? g : nil]
    }
  }

  /// The elementwise difference `self - other` (same shapes).
  public func subtracting(_ other: Variable) -> Variable {
    value.requireSameShape(other.value, "Variable.subtracting")
    return Variable(value: value - other.value, inputs: [self, other]) { g, _, _, needed in
      [needed[0] ? g : nil, needed[1] ? g.negated() : nil]
    }
  }

  /// The elementwise negation `-self`.
  public func negated() -> Variable {
    Variable(value: -value, inputs: [self]) { g, _, _, _ in [g.negated()] }
  }

  // MARK: - Products and quotients

  /// The elementwise (Hadamard) product `self ⊙ other` (same shapes).
  public func multiplying(_ other: Variable) -> Variable {
    value.requireSameShape(other.value, "Variable.multiplying")
    return Variable(value: value .* other.value, inputs: [self, other]) { g, x, _, needed in
      [needed[0] ? g.multiplying(x[1]) : nil, needed[1] ? g.multiplying(x[0]) : nil]
    }
  }

  /// The elementwise quotient `self ⊘ other` (same shapes).
  ///
  /// The VJP for the divisor, −ḡ ⊙ y ⊘ b, reuses the output y = a ⊘ b rather
  /// than squaring b, which would overflow sooner.
  public func dividing(by other: Variable) -> Variable {
    value.requireSameShape(other.value, "Variable.dividing")
    return Variable(value: value ./ other.value, inputs: [self, other]) { g, x, y, needed in
      let gOverB = g.dividing(by: x[1])
      return [needed[0] ? gOverB : nil, needed[1] ? gOverB.multiplying(y).negated() : nil]
    }
  }

  // MARK: - Scalars

  /// Every entry multiplied by the constant `factor`.
  public func scaled(by factor: Double) -> Variable {
    Variable(value: factor * value, inputs: [self]) { g, _, _, _ in [g.scaled(by: factor)] }
  }

  /// Every entry plus the constant `offset`.
  public func adding(_ offset: Double) -> Variable {
    Variable(value: value + offset, inputs: [self]) { g, _, _, _ in [g] }
  }

  /// Every entry multiplied by the 1×1 variable `factor` (a differentiable scalar).
  public func scaled(by factor: Variable) -> Variable {
    require(
      factor.rows == 1 && factor.columns == 1,
      "Variable.scaled(by:): the factor must be 1×1, got \(factor.shapeText)")
    let s = factor.value.scalars[0]
    return Variable(value: s * value, inputs: [self, factor]) { g, x, _, needed in
      [
        needed[0] ? g.scaled(by: x[1]) : nil,
        needed[1] ? g.multiplying(x[0]).sum() : nil,
      ]
    }
  }

  // MARK: - Operators

  /// Elementwise sum (forwards to `adding(_:)`).
  public static func + (a: Variable, b: Variable) -> Variable { a.adding(b) }
  /// Elementwise difference (forwards to `subtracting(_:)`).
  public static func - (a: Variable, b: Variable) -> Variable { a.subtracting(b) }
  /// Elementwise product (forwards to `multiplying(_:)`); the matrix product is `matmul`.
  public static func .* (a: Variable, b: Variable) -> Variable { a.multiplying(b) }
  /// Elementwise quotient (forwards to `dividing(by:)`).
  public static func ./ (a: Variable, b: Variable) -> Variable { a.dividing(by: b) }
  /// Negation (forwards to `negated()`).
  public static prefix func - (a: Variable) -> Variable { a.negated() }
  /// Scaling by a constant (forwards to `scaled(by:)`).
  public static func * (s: Double, a: Variable) -> Variable { a.scaled(by: s) }
  /// Scaling by a constant (forwards to `scaled(by:)`).
  public static func * (a: Variable, s: Double) -> Variable { a.scaled(by: s) }
  /// Division by a constant.
  public static func / (a: Variable, s: Double) -> Variable { a.scaled(by: 1 / s) }
  /// Adding a constant to every entry (forwards to `adding(_:)`).
  public static func + (a: Variable, s: Double) -> Variable { a.adding(s) }
  /// Subtracting a constant from every entry.
  public static func - (a: Variable, s: Double) -> Variable { a.adding(-s) }
  /// A constant minus every entry, `s − a`.
  public static func - (s: Double, a: Variable) -> Variable { a.negated().adding(s) }
}
