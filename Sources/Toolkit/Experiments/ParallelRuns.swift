// Independent runs in parallel across cores, with results in job order. Introduced in chapter 02.

import Foundation
import Support

/// Runs `count` independent jobs on up to `maxConcurrency` threads and returns
/// their results in job order, whatever order they finished in.
///
/// Job `i` gets its own generator, `SplitMix64.stream(seed: seed, index: i)`,
/// so its numbers depend only on `seed` and `i`: the results are the same on
/// one core or sixteen, in any scheduling order, and in any shard of a sweep.
///
/// Our matrices are small, so we parallelise across runs rather than inside
/// BLAS; keep BLAS single-threaded (`BLAS.setThreadCount(1)` or
/// `OPENBLAS_NUM_THREADS=1`) so the two kinds of threads do not oversubscribe
/// the cores.
///
/// - Parameters:
///   - count: the number of jobs.
///   - seed: the seed that every job's generator derives from.
///   - maxConcurrency: threads to use; all active cores by default.
///   - job: the work for index `i` with its generator. It runs concurrently
///     with other jobs, so it must not share mutable state with them.
/// - Returns: the results, `results[i]` from job `i`.
/// - Throws: the error of the lowest-numbered failing job, after all jobs ended.
public func runInParallel<Result>(
  count: Int, seed: UInt64, maxConcurrency: Int? = nil,
  _ job: (_ index: Int, _ rng: inout SplitMix64) throws -> Result
) throws -> [Result] {
  require(count >= 0, "runInParallel: negative job count \(count)")
  let workers = max(1, min(maxConcurrency ?? ProcessInfo.processInfo.activeProcessorCount, count))
  var outcomes = [Swift.Result<Result, Error>?](repeating: nil, count: count)
  let lock = NSLock()
  var nextIndex = 0

  outcomes.withUnsafeMutableBufferPointer { slots in
    // Each worker pulls the next job index, so a slow job does not hold up a
    // precomputed block of others; each slot is written by exactly one worker.
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while true {
        lock.lock()
        let index = nextIndex
        nextIndex += 1
        lock.unlock()
        guard index < count else { return }
        var rng = SplitMix64.stream(seed: seed, index: UInt64(index))
        slots[index] = Swift.Result(catching: { try job(index, &rng) })
      }
    }
  }
  return try outcomes.map { outcome in
    guard let outcome else { requirementFailure("runInParallel: a job slot was never filled") }
    return try outcome.get()
  }
}
