// Cross-entropy, half squared error and accuracy. Introduced in chapter 01.

import Foundation
import Support
import Linear
import Autodiff

// MARK: - Cross-entropy

/// Mean cross-entropy of column logits against integer labels, as PyTorch's
/// `nll_loss(log_softmax(pred, dim=0).T, labels)`.
///
/// Computed through a max-shifted log-softmax, so large logits neither
/// overflow nor lose the small probabilities.
///
/// - Parameters:
///   - logits: [classes, batch], one sample per column.
///   - labels: one class index per column, in 0..<classes.
/// - Returns: −(1/batch) Σⱼ log softmax(logits)[labelⱼ, j].
public func crossEntropy(logits: Matrix, labels: [Int]) -> Double {
  requireLabels(labels, for: logits)
  let logProbabilities = columnLogSoftmax(logits)
  var total = 0.0
  for (j, label) in labels.enumerated() { total -= logProbabilities[label, j] }
  return total / Double(labels.count)
}

/// Mean cross-entropy on a variable; its VJP is (softmax(z) − onehot)·ḡ/batch,
/// with the softmax as a differentiable operation, so Hessians are exact.
///
/// - Parameters:
///   - logits: [classes, batch], one sample per column.
///   - labels: one class index per column.
/// - Returns: a 1×1 variable.
public func crossEntropy(logits: Variable, labels: [Int]) -> Variable {
  requireLabels(labels, for: logits.value)
  let logProbabilities = columnLogSoftmax(logits.value)
  var loss = 0.0
  var oneHot = Matrix(rows: logits.rows, columns: logits.columns)
  for (j, label) in labels.enumerated() {
    loss -= logProbabilities[label, j]
    oneHot[label, j] = 1
  }
  let batch = Double(labels.count)
  let probabilities = logProbabilities.map(Foundation.exp)  // kept for the VJP
  return Variable(value: .scalar(loss / batch), inputs: [logits]) { [oneHot] g, z, _, _ in
    let p = z[0].softmaxColumns(knownValue: probabilities)  // [classes, batch]
    return [(p - Variable(constant: oneHot)).scaled(by: g.scaled(by: 1 / batch))]
  }
}

/// Stops with a message naming the problem unless labels fit the logits.
private func requireLabels(_ labels: [Int], for logits: Matrix) {
  require(
    labels.count == logits.columns && !labels.isEmpty,
    "crossEntropy: \(labels.count) labels for \(logits.columns) columns of logits "
      + "(one sample per column; transpose the logits?)")
  if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= logits.rows }) {
    requirementFailure(
      "crossEntropy: label \(labels[bad]) at sample \(bad) is outside "
        + "0..<\(logits.rows) classes")
  }
}

// MARK: - Regression

/// ½‖target − prediction‖²_F, the paper's regression loss (not averaged).
public func halfSquaredError(prediction: Matrix, target: Matrix) -> Double {
  prediction.requireSameShape(target, "halfSquaredError")
  return 0.5 * (prediction - target).squaredNorm()
}

/// ½‖target − prediction‖²_F on variables; the target is usually a constant.
public func halfSquaredError(prediction: Variable, target: Variable) -> Variable {
  prediction.value.requireSameShape(target.value, "halfSquaredError")
  return (prediction - target).squaredNorm().scaled(by: 0.5)
}

// MARK: - Accuracy

/// The fraction of columns whose largest logit is at the label.
///
/// - Parameters:
///   - logits: [classes, batch].
///   - labels: one class index per column.
/// - Returns: a number in [0, 1].
public func accuracy(logits: Matrix, labels: [Int]) -> Double {
  requireLabels(labels, for: logits)
  var correct = 0
  for (j, label) in labels.enumerated() {
    var best = 0
    for i in 1..<logits.rows where logits[i, j] > logits[best, j] { best = i }
    if best == label { correct += 1 }
  }
  return Double(correct) / Double(labels.count)
}
