// The node of the reverse-mode graph. Introduced in the appendix (A-toolkit).

import Linear

/// A vector–Jacobian product: given the cotangent ḡ of an operation's output,
/// the cotangents of the inputs that are asked for (`nil` for the others).
///
/// Every rule is written with `Variable` operations, never with raw matrices,
/// so that the backward pass can itself be recorded and differentiated.
///
/// - Parameters:
///   - cotangent: ḡ, with the output's shape.
///   - inputs: the operation's inputs, as the backward pass presents them
///     (the recorded nodes when a graph is kept, constants otherwise).
///   - output: the operation's output, presented the same way.
///   - needed: `needed[i]` is true when input `i` lies on a path to an input
///     of the differentiation; rules may skip the others (and must return nil).
public typealias VectorJacobianProduct =
  @Sendable (
    _ cotangent: Variable, _ inputs: [Variable], _ output: Variable, _ needed: [Bool]
  ) -> [Variable?]

/// A matrix that remembers how it was computed, so that we can differentiate it.
///
/// A `Variable` is one node of a directed acyclic graph: its `value`, the
/// `inputs` it was computed from, and the vector–Jacobian product (VJP) of that
/// computation. Three kinds of node exist:
/// - a *leaf* (`Variable(_:)`): something we may differentiate with respect to;
/// - a *constant* (`Variable(constant:)`): data such as a batch or X⁺; it never
///   enters the graph, and operations whose inputs are all constants record
///   nothing;
/// - a *recorded* node: the result of an operation with at least one
///   non-constant input.
///
/// Derivatives come from `gradients(of:withRespectTo:createGraph:)`, which
/// walks the graph backwards and applies each node's VJP. Because every VJP is
/// written with `Variable` operations, the backward pass with
/// `createGraph: true` records new nodes, and its results can be
/// differentiated again (HIPS/autograd; PyTorch's `create_graph=True`).
///
/// ## Why there is no perturbation confusion
///
/// Perturbation confusion (Siskind & Pearlmutter 2005) is what happens when
/// nested derivatives mix up whose perturbation is whose: an inner
/// d/dy silently also differentiates through an outer variable x, or an outer
/// pass reads a gradient the inner pass left behind. Forward-mode systems
/// prevent it with a fresh tag per nesting level; autodidact keeps a trace
/// stack. Here the tag is the node itself:
/// - a differentiation names its inputs by *node identity* and walks only the
///   nodes that lie on a path from those inputs to its output, so an inner
///   d/dy never propagates into x (x is not between y and the output), and x's
///   dependence is kept, as a recorded node, for the outer pass;
/// - gradients are *returned*, never stored on nodes (there is no `.grad`
///   field and no "visited" flag), so nested or concurrent backward passes
///   cannot overwrite each other's results, and a node can take part in any
///   number of differentiations.
///
/// Values are immutable, so a node can be shared freely between threads.
///
/// [Siskind & Pearlmutter]: https://doi.org/10.1007/s10990-008-9037-1
public final class Variable: Sendable {
  /// The matrix this node holds.
  public let value: Matrix
  /// The nodes this one was computed from (empty for leaves and constants).
  public let inputs: [Variable]
  /// How to pull a cotangent back to `inputs`; nil for leaves and constants.
  let vectorJacobianProduct: VectorJacobianProduct?
  /// True for data that never enters the graph.
  public let isConstant: Bool

  /// A leaf: a value we may differentiate with respect to.
  public init(_ value: Matrix) {
    self.value = value
    self.inputs = []
    self.vectorJacobianProduct = nil
    self.isConstant = false
  }

  /// A constant: data that does not enter the graph (the matrix is not copied).
  public init(constant value: Matrix) {
    self.value = value
    self.inputs = []
    self.vectorJacobianProduct = nil
    self.isConstant = true
  }

  /// The result of a primitive operation: recorded when any input is not a
  /// constant, otherwise a constant (so work on constants builds no graph).
  ///
  /// This is how every operation in `Autodiff/` and `Nets/` is defined, and
  /// how new primitives can be added.
  ///
  /// - Parameters:
  ///   - value: the operation's result.
  ///   - inputs: the operands.
  ///   - vjp: the rule that pulls a cotangent back to `inputs`.
  public init(value: Matrix, inputs: [Variable], vjp: @escaping VectorJacobianProduct) {
    self.value = value
    if inputs.allSatisfy(\.isConstant) {
      self.inputs = []
      self.vectorJacobianProduct = nil
      self.isConstant = true
    } else {
      self.inputs = inputs
      self.vectorJacobianProduct = vjp
      self.isConstant = false
    }
  }

  /// A leaf holding the 1×1 matrix `scalar`.
  public convenience init(scalar: Double) { self.init(Matrix.scalar(scalar)) }

  /// A constant holding the 1×1 matrix `scalar`.
  public static func constant(_ scalar: Double) -> Variable {
    Variable(constant: Matrix.scalar(scalar))
  }

  /// Number of rows of `value`.
  public var rows: Int { value.rows }
  /// Number of columns of `value`.
  public var columns: Int { value.columns }
  /// The shape as text, "16×784", for error messages.
  public var shapeText: String { value.shapeText }

  /// The only entry of a 1×1 value.
  public var scalarValue: Double { value.scalarValue }

  /// The same value as a constant: cut from the graph (PyTorch's `detach()`).
  public var detached: Variable { Variable(constant: value) }
}

extension Variable: CustomStringConvertible {
  /// The kind of node and its value.
  public var description: String {
    let kind = isConstant ? "constant" : (inputs.isEmpty ? "leaf" : "recorded")
    return "Variable (\(kind)) \(value)"
  }
}
