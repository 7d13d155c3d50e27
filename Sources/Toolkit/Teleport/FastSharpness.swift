// φ with the 784-wide work of a probe batch shared across its radii. Introduced in the appendix (A-toolkit).

/// φ(w) as `sharpness(weights:probes:radii:seed:negativeSlope:path:)` defines it, with the
/// same random directions in the same order, computed with fewer and larger products.
///
/// The first layer's perturbed pre-activation is linear in the perturbation,
///
///     (W₁ + rD₁)X = W₁X + r·D₁X,
///
/// so W₁X is formed once per probe batch, and the D₁ of all |R| radii are stacked
/// into one (|R|·d₁) × d₀ matrix that meets X in a single product. The flops of
/// D₁X remain (each radius has its own random direction), but one product of
/// 320 × 784 by 784 × 200 runs at a much higher BLAS rate than twenty of 16 × 784;
/// the deeper layers are small.
///
/// - Parameters: as `sharpness`.
/// - Returns: φ.
public func fastSharpness(weights: [Matrix], probes: [Batch], radii: [Double], seed: UInt64,
                          negativeSlope: Double = defaultNegativeSlope) -> Double {
  require(!probes.isEmpty && !radii.isEmpty && weights.count >= 2,
          "fastSharpness: needs probe batches, radii and a hidden layer")
  let k = weights[0].rows
  var total = 0.0
  for (b, probe) in probes.enumerated() {
    var rng = SplitMix64.stream(seed: seed, index: UInt64(b))
    let directions = radii.map { _ in randomPositiveDirection(shapedLike: weights, using: &rng) }
    let z1 = matmul(weights[0], probe.input)  // [d₁, batch]
    let shifts = matmul(Matrix.vstack(directions.map { $0[0] }), probe.input)  // [|R|·d₁, batch]
    for (n, (r, d)) in zip(radii, directions).enumerated() {
      var h = z1
      h.add(shifts.rows((n * k)..<((n + 1) * k)), scaledBy: r)
      for i in 1..<weights.count {
        h = leakyReLU(h, negativeSlope: negativeSlope)
        var w = weights[i]
        w.add(d[i], scaledBy: r)
        h = matmul(w, h)  // [dᵢ₊₁, batch]
      }
      total += probe.loss(h) / Double(probe.size)
    }
  }
  return total / Double(probes.count * radii.count)
}
