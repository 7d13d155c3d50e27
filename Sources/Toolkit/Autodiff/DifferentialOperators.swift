// gradient, valueWithGradient, pullback and hessianVectorProduct. Introduced in the appendix (A-toolkit).

import Support
import Linear

// The names follow Swift's `_Differentiation` vocabulary. A function here
// takes Variables and returns a 1×1 Variable (a scalar loss).
//
// Two families:
// - at a `Matrix`: fresh leaves are made, no graph is kept, and plain matrices
//   come back. This is the fast path for training.
// - at a `Variable`: the point may itself depend on outer variables, the graph
//   is kept, and the result is a Variable that can be differentiated again.
//   Nesting these is how we differentiate a gradient.

// MARK: - At matrices (first order, fast)

/// The value of `f` at `x` and its gradient.
///
/// - Parameters:
///   - x: the point.
///   - f: a function returning a 1×1 variable.
/// - Returns: f(x) and ∇f(x), with x's shape.
public func valueWithGradient(
  at x: Matrix,
  in f: (Variable) -> Variable
) -> (value: Double, gradient: Matrix) {
  let (value, gradients) = valueWithGradient(at: [x]) { f($0[0]) }
  return (value, gradients[0])
}

/// The value of `f` at several matrices and its gradient with respect to each.
///
/// - Parameters:
///   - xs: the points (for example a network's weights).
///   - f: a function of as many variables, returning a 1×1 variable.
/// - Returns: f(xs) and one gradient per input.
public func valueWithGradient(
  at xs: [Matrix],
  in f: ([Variable]) -> Variable
) -> (value: Double, gradients: [Matrix]) {
  let leaves = xs.map { Variable($0) }
  let y = f(leaves)
  requireScalar(y, "valueWithGradient(at:in:)")
  return (y.scalarValue, gradients(of: y, withRespectTo: leaves).map(\.value))
}

/// The gradient of `f` at `x`.
public func gradient(at x: Matrix, in f: (Variable) -> Variable) -> Matrix {
  valueWithGradient(at: x, in: f).gradient
}

/// The gradients of `f` at several matrices, one per input.
public func gradient(at xs: [Matrix], in f: ([Variable]) -> Variable) -> [Matrix] {
  valueWithGradient(at: xs, in: f).gradients
}

/// The value of `f` at `x` and its pullback: the map ḡ ↦ ḡ·∂f/∂x for any
/// cotangent ḡ of f's output, which may be any shape.
///
/// - Returns: f(x), and a function that can be called many times.
public func valueWithPullback(at x: Matrix, in f: (Variable) -> Variable)
  -> (value: Matrix, pullback: (Matrix) -> Matrix)
{
  let leaf = Variable(x)
  let y = f(leaf)
  return (
    y.value,
    { seed in
      gradients(of: y, withRespectTo: [leaf], seed: Variable(constant: seed))[0].value
    }
  )
}

/// The pullback of `f` at `x`: the map ḡ ↦ ḡ·∂f/∂x (see `valueWithPullback(at:in:)`).
public func pullback(at x: Matrix, in f: (Variable) -> Variable) -> (Matrix) -> Matrix {
  valueWithPullback(at: x, in: f).pullback
}

// MARK: - At variables (kept graph, differentiable again)

/// The gradient of `f` at a variable that may depend on outer variables,
/// as a recorded variable that can be differentiated again.
///
/// - Parameters:
///   - x: an existing node (a leaf, or the result of other operations).
///   - f: a function returning a 1×1 variable.
/// - Returns: ∇f(x), recorded (`createGraph: true`).
public func gradient(at x: Variable, in f: (Variable) -> Variable) -> Variable {
  gradient(at: [x]) { f($0[0]) }[0]
}

/// The gradients of `f` at several variables, recorded so that they can be
/// differentiated again.
///
/// A constant point is replaced by a fresh leaf with the same value, so that
/// an inner gradient still works when the outer variables are constants (as
/// in a finite-difference evaluation of a gradient norm).
public func gradient(at xs: [Variable], in f: ([Variable]) -> Variable) -> [Variable] {
  let points = xs.map { $0.isConstant ? Variable($0.value) : $0 }
  let y = f(points)
  requireScalar(y, "gradient(at:in:)")
  return gradients(of: y, withRespectTo: points, createGraph: true)
}

// MARK: - Second order

/// The Hessian–vector product ∇²f(x)·v, without forming the Hessian.
///
/// Double backward: record g = ∇f(x), then differentiate ⟨g, v⟩ with respect
/// to x. The cost is a small multiple of one gradient.
///
/// - Parameters:
///   - x: the point.
///   - v: the direction, with x's shape.
///   - f: a function returning a 1×1 variable.
/// - Returns: ∇²f(x)·v, with x's shape.
public func hessianVectorProduct(
  at x: Matrix, along v: Matrix,
  in f: (Variable) -> Variable
) -> Matrix {
  hessianVectorProduct(at: [x], along: [v]) { f($0[0]) }[0]
}

/// The Hessian–vector product for a function of several matrices: the
/// direction has one block per input, and so does the result.
public func hessianVectorProduct(
  at xs: [Matrix], along vs: [Matrix],
  in f: ([Variable]) -> Variable
) -> [Matrix] {
  require(
    !xs.isEmpty && xs.count == vs.count,
    "hessianVectorProduct: \(xs.count) inputs but \(vs.count) direction blocks")
  for (x, v) in zip(xs, vs) { x.requireSameShape(v, "hessianVectorProduct(at:along:in:)") }
  let leaves = xs.map { Variable($0) }
  let y = f(leaves)
  requireScalar(y, "hessianVectorProduct(at:along:in:)")
  let g = gradients(of: y, withRespectTo: leaves, createGraph: true)
  let terms = zip(g, vs).map { $0.dot(Variable(constant: $1)) }
  let directional = terms.dropFirst().reduce(terms[0], +)  // ⟨∇f, v⟩, 1×1
  return gradients(of: directional, withRespectTo: leaves).map(\.value)
}

/// Stops with a clear message unless `y` is 1×1.
private func requireScalar(_ y: Variable, _ operation: String) {
  require(
    y.rows == 1 && y.columns == 1,
    "\(operation): the function must return a 1×1 variable, got \(y.shapeText); "
      + "reduce it with sum(), mean() or a loss first")
}
