// How LSTM(lr, tele)'s head output becomes a step size that training can move. Introduced in chapter 06.

import Foundation
import Autodiff

extension LearnedOptimizerConfiguration {
  /// The step size a head output z stands for: η = η_min·(η_max/η_min)^sigmoid(z).
  ///
  /// log η runs smoothly from log η_min to log η_max as z runs over ℝ, so η stays
  /// inside the paper's clamp range without ever sitting on a bound: dη/dz =
  /// η·log(η_max/η_min)·s(1 − s) with s = sigmoid(z) is never zero. (The paper's
  /// code clamps the raw output to [η_min, η_max]; a random head then starts with
  /// half its outputs below η_min, where the clamp's derivative is zero and
  /// meta-training cannot move them.)
  ///
  /// - Parameter z: the head's output, any shape.
  /// - Returns: η, the same shape.
  public func stepSize(headOutput z: Variable) -> Variable {
    let low = Foundation.log(smallestStepSize)
    let span = Foundation.log(largestStepSize) - low
    return (z.sigmoid().scaled(by: span) + low).exp()
  }

  /// The head output whose step size is η₀ (`initialStepSize`):
  /// z₀ = logit((log η₀ − log η_min)/(log η_max − log η_min)).
  ///
  /// The step-size head's bias starts at z₀, so that an untrained LSTM(lr, tele)
  /// keeps stepping with about η₀ and meta-training decides where η goes.
  public var initialHeadOutput: Double {
    let low = Foundation.log(smallestStepSize)
    let fraction = (Foundation.log(initialStepSize) - low) / (Foundation.log(largestStepSize) - low)
    return Foundation.log(fraction / (1 - fraction))
  }
}
