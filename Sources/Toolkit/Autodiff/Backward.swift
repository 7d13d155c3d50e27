// The backward pass: topological order, then accumulate. Introduced in the appendix (A-toolkit).

import Support
import Linear

/// The gradients of `output` with respect to existing nodes of its graph.
///
/// This is the whole backward pass, in three steps:
/// 1. order the nodes that `output` depends on so that every node comes after
///    its inputs (an iterative depth-first search, so deep graphs such as
///    unrolled optimizers cannot overflow the stack);
/// 2. keep only the nodes that lie on a path from one of `inputs` to `output`;
/// 3. walk that order backwards, pulling each node's accumulated cotangent
///    through its VJP and adding the results into its inputs' cotangents.
///
/// The bookkeeping lives in local dictionaries keyed by node identity, never
/// on the nodes, so calls can nest and run concurrently (see `Variable`).
/// The inputs may themselves depend on other variables: the result is the
/// total derivative along every path through the graph, as in
/// `torch.autograd.grad`.
///
/// - Parameters:
///   - output: the node to differentiate; usually a 1×1 loss.
///   - inputs: the nodes to differentiate with respect to.
///   - seed: the cotangent of `output` (the "v" of a vector–Jacobian
///     product); ones of `output`'s shape when nil, which for a 1×1 output
///     gives the gradient.
///   - createGraph: when true, cotangents are recorded nodes and the results
///     can be differentiated again; when false they are computed on
///     constants, which records nothing and is fastest.
/// - Returns: one cotangent per input, with that input's shape; zeros for an
///   input that `output` does not depend on, and for a constant (constants
///   never enter the graph: make data a leaf to differentiate with respect to it).
/// - Complexity: one VJP per node on an input–output path; about the cost of
///   the forward computation.
public func gradients(
  of output: Variable, withRespectTo inputs: [Variable],
  seed: Variable? = nil, createGraph: Bool = false
) -> [Variable] {
  if let seed {
    require(
      seed.rows == output.rows && seed.columns == output.columns,
      "gradients: seed is \(seed.shapeText) but output is \(output.shapeText)")
  }
  // 1. Topological order (inputs before the nodes computed from them).
  var order: [Variable] = []
  var seen: Set<ObjectIdentifier> = [ObjectIdentifier(output)]
  var stack: [(node: Variable, next: Int)] = [(output, 0)]
  while let (node, next) = stack.popLast() {
    if next < node.inputs.count {
      stack.append((node, next + 1))
      let parent = node.inputs[next]
      if seen.insert(ObjectIdentifier(parent)).inserted { stack.append((parent, 0)) }
    } else {
      order.append(node)
    }
  }

  // 2. The nodes that some requested input reaches.
  var onPath = Set(inputs.filter { !$0.isConstant }.map(ObjectIdentifier.init))
  for node in order where node.inputs.contains(where: { onPath.contains(ObjectIdentifier($0)) }) {
    onPath.insert(ObjectIdentifier(node))
  }

  // 3. Accumulate cotangents from the output back to the inputs.
  let present: (Variable) -> Variable = { createGraph ? $0 : $0.detached }
  var cotangents = Cotangents(recorded: createGraph)
  cotangents.add(
    seed.map(present)
      ?? Variable(constant: Matrix(rows: output.rows, columns: output.columns, repeating: 1)),
    to: ObjectIdentifier(output))
  for node in order.reversed() {
    guard let vjp = node.vectorJacobianProduct,
      let cotangent = cotangents[ObjectIdentifier(node)]
    else { continue }
    let needed = node.inputs.map { onPath.contains(ObjectIdentifier($0)) }
    guard needed.contains(true) else { continue }
    let pulled = vjp(cotangent, node.inputs.map(present), present(node), needed)
    for (k, parent) in node.inputs.enumerated() where needed[k] {
      guard let contribution = pulled[k] else {
        requirementFailure("gradients: a VJP returned nil for a needed input \(k)")
      }
      require(
        contribution.rows == parent.rows && contribution.columns == parent.columns,
        "gradients: a VJP returned \(contribution.shapeText) for an input of \(parent.shapeText)")
      cotangents.add(contribution, to: ObjectIdentifier(parent))
    }
  }
  return inputs.map {
    cotangents[ObjectIdentifier($0)]
      ?? Variable(constant: Matrix(rows: $0.rows, columns: $0.columns))
  }
}

/// The sums of the cotangents reaching each node during one backward pass.
///
/// With `createGraph` they are recorded sums of variables, so that the result can be
/// differentiated again. Without it every contribution is a constant, and the sum is kept
/// as a matrix and added to in place: the same additions in the same order as a chain of
/// `+`, without a fresh matrix per contribution (for an unrolled optimizer, a weight's
/// cotangent gathers one contribution per step, each as large as the weight).
private struct Cotangents {
  let recorded: Bool
  private var variables: [ObjectIdentifier: Variable] = [:]
  private var matrices: [ObjectIdentifier: Matrix] = [:]

  init(recorded: Bool) { self.recorded = recorded }

  mutating func add(_ contribution: Variable, to key: ObjectIdentifier) {
    if recorded {
      variables[key] = variables[key].map { $0 + contribution } ?? contribution
    } else if matrices[key] != nil {
      matrices[key]! += contribution.value
    } else {
      matrices[key] = contribution.value
    }
  }

  subscript(key: ObjectIdentifier) -> Variable? {
    recorded ? variables[key] : matrices[key].map { Variable(constant: $0) }
  }
}
