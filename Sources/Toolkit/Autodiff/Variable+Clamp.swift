// Clamping and Frobenius normalisation on Variables, for the meta-optimizers' heads. Introduced in chapter 06.

import Support
import Linear

extension Variable {
  /// Every entry limited to [lower, upper], as `torch.clamp`.
  ///
  /// The derivative is 1 where the entry lies inside the interval (ends
  /// included, as in PyTorch) and 0 where it was clipped, so a clipped
  /// step size passes no meta-gradient. The mask is a constant; the second
  /// derivative is zero almost everywhere.
  ///
  /// - Parameters:
  ///   - lower: the smallest value kept.
  ///   - upper: the largest value kept; at least `lower`.
  /// - Returns: the clamped variable, same shape.
  public func clamped(to lower: Double, _ upper: Double) -> Variable {
    require(lower <= upper, "Variable.clamped: lower \(lower) exceeds upper \(upper)")
    let mask = value.map { $0 >= lower && $0 <= upper ? 1 : 0 }
    let result = value.map { Swift.min(Swift.max($0, lower), upper) }
    return Variable(value: result, inputs: [self]) { g, _, _, _ in [g .* Variable(constant: mask)] }
  }

  /// The same direction with Frobenius norm `norm`: self · norm / ‖self‖_F.
  ///
  /// Numerical hazard: undefined at zero; a zero input is returned unchanged
  /// (T = 0 means "no teleport"), which is what a caller wants there.
  ///
  /// - Parameter norm: the target Frobenius norm (the paper: 0.01).
  /// - Returns: the rescaled variable, differentiable through the norm.
  public func rescaled(toNorm norm: Double) -> Variable {
    if norm == 0 { return Variable(constant: .zeros(rows, columns)) }
    let length = squaredNorm().squareRoot()  // 1×1
    if length.scalarValue == 0 { return self }
    return scaled(by: Variable.constant(norm) ./ length)
  }
}
