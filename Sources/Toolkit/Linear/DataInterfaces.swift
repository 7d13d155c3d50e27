// The two shapes in which data reach the numerics: labelled samples and regression problems. Introduced in the appendix (A-toolkit).

/// Samples stored one per column with integer class labels, from which training draws batches.
///
/// Declared here, below both the Data layer (whose `Dataset` conforms) and the Teleport layer
/// (whose `train` consumes it), so that neither imports the other (design.md D13).
public protocol LabelledSamples {
  /// The samples, features × count: one sample per column.
  var images: Matrix { get }
  /// One class label per sample.
  var labels: [Int] { get }
  /// The number of samples.
  var count: Int { get }
  /// The samples at `indices`, in that order.
  func batch(_ indices: [Int]) -> (x: Matrix, labels: [Int])
  /// The consecutive samples in `range`.
  func batch(range: Range<Int>) -> (x: Matrix, labels: [Int])
}

/// A regression problem ℒ = ½‖Y − f(W; X)‖² together with the weights it starts from.
///
/// Declared here, below both the Data layer (whose `RegressionTask` conforms) and the Meta
/// layer (whose learned optimizers train on it), so that neither imports the other.
public protocol RegressionProblem {
  /// The starting weights W₁ … W_L.
  var weights: [Matrix] { get }
  /// X, one sample per column.
  var input: Matrix { get }
  /// Y, one target per column.
  var target: Matrix { get }
}
