// A constructed arm for the protocol's tests: values in pair order, some runs marked as blow-ups.

import Toolkit
@testable import Experiments

/// An arm named `name` whose run i has outcome `values[i]`, or is a blow-up when i is in `blownUp`.
func arm(_ name: String, _ values: [Double], blownUp: Set<Int> = []) -> Arm {
  Arm(
    name: name,
    outcomes: values.enumerated().map { i, v in
      blownUp.contains(i) ? .blownUp : RunOutcome(value: v, blewUp: false)
    })
}
