// The protocol every group action on a layer pair conforms to. Introduced in chapter 01.

import Linear
import Autodiff

/// Whether an action leaves the loss unchanged, and the condition that decides it.
public struct Exactness: Sendable, CustomStringConvertible {
  /// True when the condition holds for this layer pair and batch.
  public let isExact: Bool
  /// The condition in words, with the numbers that decide it ("batch 200 > width 16").
  public let condition: String

  public var description: String { (isExact ? "exact: " : "approximate: ") + condition }
}

/// A group GL_k acting on one layer pair (U, V) of a bias-free MLP.
///
/// V (k × n_in) maps the pair's input X into the hidden layer of width k, and
/// U (n_out × k) maps out of it. One implementation serves both uses:
/// the teleporter differentiates the transform at g = I + T with T a leaf,
/// and applying a finite element passes g and g⁻¹ as constants.
///
/// See `paper.md` §1.3 for the four actions and their exactness conditions.
public protocol LayerPairAction: Sendable {
  /// A short name, "(A) linear", used in transcripts.
  var name: String { get }
  /// How this action forms g⁻¹.
  var inverseRule: InverseRule { get }

  /// The transformed pair (U′, V′).
  ///
  /// - Parameters:
  ///   - u: U, n_out × k.
  ///   - v: V, k × n_in.
  ///   - x: the pair's input X, n_in × batch (the current, already transformed one).
  ///   - g: g, k × k.
  ///   - gInverse: g⁻¹ (or I − T, per `inverseRule`).
  ///   - negativeSlope: the LeakyReLU slope of the network.
  /// - Returns: (U′, V′) as variables, differentiable with respect to g, g⁻¹, U, V and X.
  func transform(
    u: Variable, v: Variable, input x: Variable, g: Variable, gInverse: Variable,
    negativeSlope: Double
  ) throws -> (u: Variable, v: Variable)

  /// The part of a Lie-algebra element this group can move along (all of gl_k for GL_k,
  /// the diagonal for positive rescaling).
  func projectGenerator(_ t: Matrix) -> Matrix

  /// When the action leaves the loss on the batch unchanged.
  ///
  /// - Parameters:
  ///   - inputSize: n_in, the rows of X.
  ///   - hiddenSize: k.
  ///   - batchSize: the columns of X.
  func exactness(inputSize: Int, hiddenSize: Int, batchSize: Int) -> Exactness
}

extension LayerPairAction {
  public func projectGenerator(_ t: Matrix) -> Matrix { t }
}
