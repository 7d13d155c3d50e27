// Exact Hessians of small networks, one Hessian-vector product per column. Introduced in chapter 03.

import Support
import Linear
import Autodiff
import Nets

// MARK: - Flattening weights into one vector w

/// The weights W₁ … W_L flattened into one column vector w ∈ ℝ^d.
///
/// The order is the one every chapter-03 measure uses: W₁ first, then W₂, …;
/// inside each matrix row by row (the storage order of `Matrix`). So entry
/// (i, j) of W_m sits at offset(m) + i·columns(W_m) + j.
///
/// - Parameter weights: W₁ … W_L.
/// - Returns: w, d×1 with d = Σ rows·columns.
public func flatten(_ weights: [Matrix]) -> Matrix {
  Matrix.column(weights.flatMap(\.scalars))
}

/// The inverse of `flatten`: cuts a d×1 vector into matrices of the given shapes.
///
/// - Parameters:
///   - vector: d×1 (or 1×d), in `flatten`'s order.
///   - shapes: the matrices' (rows, columns), W₁ first.
/// - Returns: one matrix per shape.
public func unflatten(_ vector: Matrix, shapes: [(rows: Int, columns: Int)]) -> [Matrix] {
  let total = shapes.reduce(0) { $0 + $1.rows * $1.columns }
  require(
    vector.count == total,
    "unflatten: the vector has \(vector.count) entries but the shapes hold \(total)")
  var offset = 0
  return shapes.map { shape in
    let n = shape.rows * shape.columns
    defer { offset += n }
    return Matrix(
      rows: shape.rows, columns: shape.columns,
      scalars: Array(vector.scalars[offset..<(offset + n)]))
  }
}

// MARK: - The Hessian

/// The exact Hessian ∇²f(w) of a scalar function of several matrices, d×d in `flatten`'s order.
///
/// Column j is the Hessian-vector product H·e_j with the j-th basis vector.
/// Rather than calling `hessianVectorProduct` d times (each call repeats the
/// forward pass and the first backward pass), we record the gradient g = ∇f
/// once with its graph and pull each basis vector back through it: the
/// vector-Jacobian product of g with seed e_j is row j of the Jacobian of g,
/// which is column j of H because H is symmetric. The result is symmetrised,
/// (H + Hᵀ)/2, which only removes rounding.
///
/// - Parameters:
///   - xs: the point, for example a network's weights W₁ … W_L.
///   - f: a function of as many variables, returning a 1×1 variable.
/// - Returns: H, d×d.
/// - Complexity: d backward passes through the recorded gradient; fine for a
///   few thousand parameters, O(d²) memory.
public func hessian(at xs: [Matrix], in f: ([Variable]) -> Variable) -> Matrix {
  let leaves = xs.map { Variable($0) }
  let y = f(leaves)
  require(
    y.rows == 1 && y.columns == 1,
    "hessian: the function must return a 1×1 variable, got \(y.shapeText)")
  let g = gradients(of: y, withRespectTo: leaves, createGraph: true)
  let d = xs.reduce(0) { $0 + $1.count }
  var h = Matrix(rows: d, columns: d)
  var row = 0
  for (block, x) in xs.enumerated() {
    for entry in 0..<x.count {
      var seed = Matrix(rows: x.rows, columns: x.columns)
      seed.scalars[entry] = 1
      let pulled = gradients(of: g[block], withRespectTo: leaves, seed: Variable(constant: seed))
      let values = pulled.flatMap(\.value.scalars)  // row `row` of H, in flatten order
      for (j, v) in values.enumerated() { h.scalars[row * d + j] = v }
      row += 1
    }
  }
  return 0.5 * (h + h.transposed)
}

/// The exact Hessian of a scalar function of one matrix (flattened row by row).
///
/// - Parameters:
///   - x: the point.
///   - f: a function returning a 1×1 variable.
/// - Returns: H, d×d with d = x.count.
public func hessian(at x: Matrix, in f: (Variable) -> Variable) -> Matrix {
  hessian(at: [x]) { f($0[0]) }
}

/// The Hessian of a network's loss on a batch with respect to all its weights.
///
/// - Parameters:
///   - weights: W₁ … W_L.
///   - batch: the data (the loss is `MLP.loss(weights:on:)`).
///   - negativeSlope: the LeakyReLU slope.
/// - Returns: H, d×d in `flatten`'s order. LeakyReLU has σ″ = 0 away from 0,
///   so this is the Hessian of the piecewise-smooth loss at w.
public func lossHessian(
  weights: [Matrix], on batch: Batch,
  negativeSlope: Double = defaultNegativeSlope
) -> Matrix {
  hessian(at: weights) { MLP.loss(weights: $0, on: batch, negativeSlope: negativeSlope) }
}

/// The loss and its gradient, flattened: ℒ(w) and ∇ℒ(w) as a d×1 vector.
///
/// - Parameters:
///   - weights: W₁ … W_L.
///   - batch: the data.
///   - negativeSlope: the LeakyReLU slope.
public func lossAndFlatGradient(
  weights: [Matrix], on batch: Batch,
  negativeSlope: Double = defaultNegativeSlope
)
  -> (loss: Double, gradient: Matrix)
{
  let (value, grads) = valueWithGradient(at: weights) {
    MLP.loss(weights: $0, on: batch, negativeSlope: negativeSlope)
  }
  return (value, flatten(grads))
}
