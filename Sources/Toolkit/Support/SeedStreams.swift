// Named random streams derived from one root seed. Introduced in chapter 01.

/// The seed of the stream named `label` under the root seed `root`, index `index`.
///
/// This is how every random draw of a lesson derives from `--seed`: the label
/// names what is drawn ("init", "teleport batches", "probe batches"), the index
/// tells runs apart. The derivation is fixed, so it is the same on every machine
/// and in every Swift version:
///
///     labelHash = FNV-1a 64 of the label's UTF-8 bytes
///     seed(root, label, index) = SplitMix64.stream(seed: root ^ labelHash, index: index).next()
///
/// Different labels give unrelated streams for the same root; different roots
/// give unrelated streams for the same label (no `root + k` overlap, where root
/// 7's stream 1 would be root 8's stream 0). Any 64-bit root works, including
/// those ≥ 2⁶³.
///
/// - Parameters:
///   - root: the root seed (`--seed`).
///   - label: what the stream is for; a constant string at the call site.
///   - index: which run, task or job; 0 when there is one.
/// - Returns: a 64-bit seed for `SplitMix64(seed:)`.
public func derivedSeed(_ root: UInt64, _ label: String, index: UInt64 = 0) -> UInt64 {
  var stream = SplitMix64.stream(seed: root ^ fnv1a64(label), index: index)
  return stream.next()
}

/// A generator for the stream named `label` under `root`; see `derivedSeed(_:_:index:)`.
public func derivedStream(_ root: UInt64, _ label: String, index: UInt64 = 0) -> SplitMix64 {
  SplitMix64(seed: derivedSeed(root, label, index: index))
}

/// FNV-1a, 64-bit, of `text`'s UTF-8 bytes (offset basis 0xcbf29ce484222325, prime 0x100000001b3).
func fnv1a64(_ text: String) -> UInt64 {
  var hash: UInt64 = 0xCBF2_9CE4_8422_2325
  for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
  return hash
}
