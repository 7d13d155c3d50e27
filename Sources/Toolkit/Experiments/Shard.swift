// One slice of a sweep, chosen with --shard K/N. Introduced in chapter 04.

/// Slice `K` of `N` of a sweep, so that a scheduler (GNU parallel, a Slurm job
/// array) can spread one sweep over many processes or machines.
///
/// Run `i` (counting from 0) belongs to shard `i mod N + 1`: shards interleave
/// rather than take contiguous blocks, so that when run cost grows with the
/// index (larger widths, longer schedules) every shard gets a similar mix.
public struct Shard: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// This shard's number, from 1 to `count`.
  public let index: Int
  /// How many shards the sweep is split into.
  public let count: Int

  /// The whole sweep as a single shard (1/1).
  public static let all = Shard(uncheckedIndex: 1, count: 1)

  /// Shard `index` of `count`.
  ///
  /// - Throws: `ExperimentError` unless 1 ≤ index ≤ count.
  public init(index: Int, count: Int) throws {
    guard count >= 1, (1...count).contains(index) else {
      throw ExperimentError(
        "shard \(index)/\(count) is out of range; use K/N with 1 ≤ K ≤ N, for example --shard 3/8")
    }
    self.init(uncheckedIndex: index, count: count)
  }

  /// Parses the text of `--shard K/N`, for example "3/8".
  ///
  /// - Throws: `ExperimentError` quoting the text when it is not of the form K/N with 1 ≤ K ≤ N.
  public init(parsing text: String) throws {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
      throw ExperimentError("cannot read --shard '\(text)'; write K/N, for example --shard 3/8")
    }
    try self.init(index: k, count: n)
  }

  private init(uncheckedIndex: Int, count: Int) {
    self.index = uncheckedIndex
    self.count = count
  }

  /// Whether run `run` (counting from 0) belongs to this shard.
  public func contains(run: Int) -> Bool { run % count == index - 1 }

  /// The runs of a sweep of `runCount` runs that belong to this shard, in order.
  public func runs(of runCount: Int) -> [Int] {
    Array(stride(from: index - 1, to: runCount, by: count))
  }

  /// "K/N", as written on the command line.
  public var description: String { "\(index)/\(count)" }
}
