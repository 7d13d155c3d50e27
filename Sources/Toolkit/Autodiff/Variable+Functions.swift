// Elementwise functions and the column softmax on Variables. Introduced in the appendix (A-toolkit).

import Foundation
import Linear

// Each VJP below is written with the output y where that is cheaper and
// stabler (exp, sqrt, sigmoid, tanh, softmax): y is a recorded node when a
// graph is kept, so second derivatives flow through it.

extension Variable {
  // MARK: - Elementwise functions

  /// eˣ, entry by entry.
  public func exp() -> Variable {
    Variable(value: value.map(Foundation.exp), inputs: [self]) { g, _, y, _ in [g .* y] }
  }

  /// The natural logarithm, entry by entry (NaN for negative entries, −∞ at 0).
  public func log() -> Variable {
    Variable(value: value.map(Foundation.log), inputs: [self]) { g, x, _, _ in [g ./ x[0]] }
  }

  /// The square root, entry by entry; its derivative is infinite at 0.
  public func squareRoot() -> Variable {
    Variable(value: value.map { $0.squareRoot() }, inputs: [self]) { g, _, y, _ in
      [(g ./ y).scaled(by: 0.5)]
    }
  }

  /// The logistic sigmoid 1/(1 + e⁻ˣ), entry by entry.
  public func sigmoid() -> Variable {
    // Written so that neither branch overflows: e⁻ˣ for x ≥ 0, eˣ otherwise.
    let s = value.map { x in
      x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
    }
    return Variable(value: s, inputs: [self]) { g, _, y, _ in
      [g .* y .* (1 - y)]
    }
  }

  /// The hyperbolic tangent, entry by entry.
  public func tanh() -> Variable {
    Variable(value: value.map(Foundation.tanh), inputs: [self]) { g, _, y, _ in
      [g .* (1 - y .* y)]
    }
  }

  // MARK: - Softmax over columns

  /// The softmax of each column (one sample per column): exp(zᵢ)/Σₖ exp(zₖ).
  ///
  /// The forward pass subtracts each column's maximum first, so large logits
  /// do not overflow. The VJP is y ⊙ (ḡ − 1·(1ᵀ(y ⊙ ḡ))), in variable ops.
  public func softmaxColumns() -> Variable { softmaxColumns(knownValue: columnSoftmax(value)) }

  /// The column softmax when its value is already known (a loss computed it
  /// on the way), so that a VJP need not evaluate the exponentials again.
  public func softmaxColumns(knownValue: Matrix) -> Variable {
    Variable(value: knownValue, inputs: [self]) { g, _, y, _ in
      let weighted = (y .* g).columnSums().broadcast(rows: y.rows, columns: y.columns)
      return [y .* (g - weighted)]
    }
  }

  /// The log-softmax of each column: zᵢ − log Σₖ exp(zₖ), computed stably.
  ///
  /// Its VJP is ḡ − softmax(z) · (1ᵀḡ), using the differentiable softmax so
  /// that second derivatives (the Hessian of cross-entropy) are exact.
  public func logSoftmaxColumns() -> Variable {
    Variable(value: columnLogSoftmax(value), inputs: [self]) { g, x, _, _ in
      let total = g.columnSums().broadcast(rows: g.rows, columns: g.columns)
      return [g - x[0].softmaxColumns() .* total]
    }
  }
}

// MARK: - Matrix kernels

/// Column-wise log-softmax of a matrix, max-shifted so exp never overflows.
public func columnLogSoftmax(_ z: Matrix) -> Matrix {
  let (r, c) = (z.rows, z.columns)
  var out = z.scalars
  for j in 0..<c {
    var top = -Double.infinity
    for i in 0..<r { top = max(top, out[i * c + j]) }
    var total = 0.0
    for i in 0..<r { total += Foundation.exp(out[i * c + j] - top) }
    let logTotal = top + Foundation.log(total)
    for i in 0..<r { out[i * c + j] -= logTotal }
  }
  return Matrix(rows: r, columns: c, scalars: out)
}

/// Column-wise softmax of a matrix, max-shifted so exp never overflows.
public func columnSoftmax(_ z: Matrix) -> Matrix {
  columnLogSoftmax(z).map(Foundation.exp)
}
