// Appendix A: the Toolkit's matrix core and higher-order autodiff, checked and timed.

import Foundation
import Toolkit

/// `swift run lesson A`: the foundations every chapter stands on.
enum LessonA: Lesson {
  static let number = "A"
  static let title = "The Toolkit: matrices, BLAS and higher-order autodiff"
  static let chapter = "chapters/A-toolkit.md"
  static let figures = ["A-tanh-ladder"]

  static func run(_ context: LessonContext) throws {
    let say = context.transcript
    let folder = try context.dataFolder(number)
    say.heading("Appendix A: \(title)")
    say("preset \(context.preset.rawValue), seed \(context.seed)")

    try matrixCore(context)
    try linearAlgebra(context)
    try gradientChecks(context)
    try tanhLadder(context, folder: folder)

    try say.save(to: folder)
    context.render(figures, from: folder)
  }

  // MARK: - Matrix core: slow, then fast

  static func matrixCore(_ context: LessonContext) throws {
    let say = context.transcript
    say.heading("The matrix product: naive loops against BLAS", level: 2)
    // The same check the kernel probe runs: five shapes, all four transpose combinations.
    let worst = OpenBLASKernelCheck.verifyAgainstNaive(seed: context.seed)
    say("BLAS dgemm agrees with the triple loop to 1e-12 relative: \(worst < 1e-12 ? "yes" : "NO")")

    var rng = SplitMix64(seed: context.seed)

    let a = Matrix.uniform(16, 784, using: &rng), b = Matrix.uniform(784, 20, using: &rng)
    let repeats = context.preset == .quick ? 20 : 200
    let naive = Stopwatch.measure { for _ in 0..<repeats { _ = naiveMatmul(a, b) } }.seconds
    let blas = Stopwatch.measure { for _ in 0..<repeats { _ = matmul(a, b) } }.seconds
    say.time(
      "16×784 · 784×20: naive \(fmt(naive / Double(repeats) * 1e6, 3)) µs, "
        + "BLAS \(fmt(blas / Double(repeats) * 1e6, 3)) µs "
        + "(\(fmt(naive / blas, 3))× faster, OpenBLAS kernel \(BLAS.coreName))")
  }

  // MARK: - LAPACK

  static func linearAlgebra(_ context: LessonContext) throws {
    let say = context.transcript
    say.heading("LAPACK: inverse, pseudo-inverse, eigenvectors, exponential", level: 2)
    var rng = SplitMix64(seed: context.seed &+ 1)
    let a = Matrix.uniform(12, 12, low: -1, high: 1, using: &rng) + 4 * Matrix.identity(12)
    let inverseResidual = (a * (try inverse(a)) - .identity(12)).maxAbs()

    // A rank-3 matrix, 9×6: the pseudo-inverse must satisfy all four Penrose conditions.
    let r = Matrix.uniform(9, 3, using: &rng) * Matrix.uniform(3, 6, using: &rng)
    let p = try pseudoInverse(r)
    let penrose =
      [
        (r * p * r - r).maxAbs(), (p * r * p - p).maxAbs(),
        ((r * p).transposed - r * p).maxAbs(), ((p * r).transposed - p * r).maxAbs(),
      ].max() ?? 0

    let s = Matrix.uniform(8, 8, using: &rng)
    let symmetric = s + s.transposed
    let (values, vectors) = try symmetricEigen(symmetric)
    let diagonal = Matrix(rows: 8, columns: 8) { i, j in i == j ? values[i] : 0 }
    let eigenResidual = (vectors * diagonal * vectors.transposed - symmetric).maxAbs()

    let generator = Matrix.uniform(6, 6, low: -3, high: 3, using: &rng)
    let expResidual =
      (try matrixExponential(generator) * matrixExponential(-generator) - .identity(6)).maxAbs()

    say.table(
      ["check", "max |residual| below 1e-10"],
      [
        ["A·A⁻¹ = I (12×12, LU)", inverseResidual < 1e-10 ? "yes" : "NO"],
        ["Penrose conditions, rank-3 9×6 (SVD)", penrose < 1e-10 ? "yes" : "NO"],
        ["V diag(λ) Vᵀ = A (8×8, dsyevd)", eigenResidual < 1e-10 ? "yes" : "NO"],
        ["exp(A)·exp(−A) = I (6×6, Padé 13)", expResidual < 1e-10 ? "yes" : "NO"],
      ])
    say("rank of the 9×6 matrix from its singular values: \(try matrixRank(r))")
  }

  // MARK: - Autodiff

  static func gradientChecks(_ context: LessonContext) throws {
    let say = context.transcript
    say.heading("Every operation against central differences, at orders 1 and 2", level: 2)
    say("Order 1 compares the gradient; order 2 compares a Hessian-vector product with")
    say("central differences of the gradient. Each row is the worst relative error over 3")
    say("random points and, at order 2, 3 random directions at each; shown as powers of ten.")
    say()
    let cases = GradientCheckCase.engineCases() + GradientCheckCase.networkCases(seed: context.seed)
    for line in gradientCheckTable(cases, seed: context.seed).split(separator: "\n") {
      say(String(line))
    }
  }

  // MARK: - The tanh ladder

  static func tanhLadder(_ context: LessonContext, folder: URL) throws {
    let say = context.transcript
    say.heading("The tanh ladder: differentiate the derivative, six times", level: 2)
    let count = context.preset == .quick ? 141 : 701
    let xs = (0..<count).map { -7 + 14 * Double($0) / Double(count - 1) }
    let x = Variable(Matrix.column(xs))
    // d₀ = tanh(x); d_{n+1} = ∂/∂x Σ d_n(x), elementwise because tanh acts entrywise.
    var ladder = [x.tanh()]
    for _ in 1...6 {
      ladder.append(gradient(at: x) { _ in ladder[ladder.count - 1].sum() })
    }
    let columns = ladder.map(\.value.scalars)
    let rows = xs.indices.map { i in [xs[i]] + columns.map { $0[i] } }
    try context.write(
      DataFile(
        lesson: number, preset: context.preset, seed: nil,
        columns: ["x"] + (0...6).map { "d\($0)" },
        comments: ["d_n = n-th derivative of tanh, by nested reverse mode"],
        blocks: [.init(rows: rows)]),
      named: "tanh-ladder.dat", in: folder)
    let probe = 0.5
    say.table(
      ["n", "max |dⁿ tanh|", "dⁿ tanh(0.5) by autodiff", "closed form"],
      (0...6).map { n in
        [
          String(n), fmt(columns[n].map(abs).max() ?? 0),
          fmt(tanhDerivative(n, at: probe)),
          fmt(closedFormTanhDerivative(n, at: probe)),
        ]
      })
  }

  /// The n-th derivative at a point, by running the ladder on a one-point grid.
  static func tanhDerivative(_ n: Int, at point: Double) -> Double {
    let x = Variable(Matrix.scalar(point))
    var d = x.tanh()
    for _ in 0..<n {
      let previous = d
      d = gradient(at: x) { _ in previous.sum() }
    }
    return d.scalarValue
  }

  /// dⁿ/dxⁿ tanh(x) as a polynomial in t = tanh(x): p₀ = t, p_{n+1} = p_n′(t)·(1 − t²).
  static func closedFormTanhDerivative(_ n: Int, at x: Double) -> Double {
    var coefficients = [0.0, 1.0]  // p₀(t) = t
    for _ in 0..<n {
      let derivative = coefficients.enumerated().dropFirst().map { Double($0.offset) * $0.element }
      var next = [Double](repeating: 0, count: derivative.count + 2)
      for (i, c) in derivative.enumerated() {
        next[i] += c
        next[i + 2] -= c
      }
      coefficients = next
    }
    let t = Foundation.tanh(x)
    return coefficients.reversed().reduce(0) { $0 * t + $1 }
  }
}
