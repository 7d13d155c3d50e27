// The three sizes of every experiment: quick, default and paper. Introduced in chapter 01.

/// How large an experiment runs: every lesson offers the same three presets.
///
/// - `quick`: seconds; what tests and CI run (`--quick`).
/// - `standard`: minutes; the default, what `make figures` runs and the chapters show.
/// - `paper`: the paper's own settings (`--paper`); can take hours.
public enum Preset: String, CaseIterable, Codable, Sendable {
  /// Seconds: for tests and CI (`--quick`).
  case quick
  /// Minutes: the default preset, whose figures are committed.
  case standard = "default"
  /// The paper's settings (`--paper`).
  case paper

  /// Picks a value per preset, so that a lesson states all three sizes in one place.
  ///
  ///     let stepCount = preset.choose(quick: 20, standard: 500, paper: 5_000)
  ///
  /// - Returns: the argument for this preset.
  public func choose<Value>(quick: Value, standard: Value, paper: Value) -> Value {
    switch self {
    case .quick: return quick
    case .standard: return standard
    case .paper: return paper
    }
  }
}
