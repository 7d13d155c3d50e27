// swift-tools-version:6.0
// Teleportation: a literate, runnable companion to "Improving Convergence and
// Generalization Using Parameter Symmetries" (Zhao, Gower, Walters, Yu; ICLR 2024).

import PackageDescription

/// The Toolkit is compiled with optimisation in every configuration, so that
/// `swift run lesson N` (a debug build) trains networks at release speed.
/// Lessons and tests stay debuggable; only the numerics are optimised.
let optimiseAlways: [SwiftSetting] = [
  .unsafeFlags(["-O", "-enable-testing"], .when(configuration: .debug))
]

/// The layers of the Toolkit, bottom first (design.md §2).
let layers = [
  "Support", "Linear", "Autodiff", "Nets", "Optimizers", "Symmetry", "Teleport", "Meta",
  "Datasets", "Experiments", "Plotting",
]

/// One layer of the Toolkit: the folder `Sources/Toolkit/<folder or name>`, optimised in every
/// configuration, depending only on the layers (and system libraries) it names.
func layer(_ name: String, _ dependencies: [Target.Dependency] = [], folder: String? = nil)
  -> Target
{
  .target(
    name: name,
    dependencies: dependencies,
    path: "Sources/Toolkit/\(folder ?? name)",
    exclude: ["README.md"],
    swiftSettings: optimiseAlways
  )
}

let package = Package(
  name: "Teleportation",
  products: [
    .executable(name: "lesson", targets: ["Lessons"]),
    .library(name: "Toolkit", targets: ["Toolkit"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    // BLAS and LAPACK from Debian (libopenblas-dev, liblapacke-dev).
    .systemLibrary(
      name: "CLinearAlgebra",
      path: "Sources/CLinearAlgebra",
      providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
    ),
    // The square root without C's errno (header only), so that loops over it vectorise.
    .systemLibrary(name: "CFloatingPoint", path: "Sources/CFloatingPoint"),
    // zlib (zlib1g-dev), for gzipped data files.
    .systemLibrary(
      name: "CZlib",
      path: "Sources/CZlib",
      providers: [.apt(["zlib1g-dev"])]
    ),
    // A small C API over gnuplot-iostream (libgnuplot-iostream-dev).
    .target(
      name: "GnuplotBridge",
      path: "Sources/GnuplotBridge",
      exclude: ["README.md"],
      cxxSettings: [.unsafeFlags(["-O2"])],
      linkerSettings: [
        .linkedLibrary("boost_iostreams"),
        .linkedLibrary("boost_filesystem"),
      ]
    ),
    // The Toolkit, one target per layer (design.md §2, D13). Every file stays in
    // Sources/Toolkit/<Layer>/; each layer names the layers it imports, and every
    // arrow points down the stack
    //   Support ← Linear ← Autodiff ← Nets ← Optimizers ← Symmetry ← Teleport ← Meta
    // while Data, Experiments and Plotting sit beside it on Support and Linear only.
    // A lower layer never imports a higher one: the compiler rejects it ("no such module").
    layer("Support"),
    layer("Linear", ["Support", "CLinearAlgebra", "CFloatingPoint"]),
    layer("Autodiff", ["Support", "Linear"]),
    layer("Nets", ["Support", "Linear", "Autodiff"]),
    layer("Optimizers", ["Support", "Linear", "Autodiff"]),
    layer("Symmetry", ["Support", "Linear", "Autodiff", "Nets"]),
    // Teleport also imports Experiments (which imports only Support): a training run of a
    // paired sweep is judged by the verdict protocol's blow-up rule (TrainingAttempt).
    layer(
      "Teleport",
      ["Support", "Linear", "Autodiff", "Nets", "Optimizers", "Symmetry", "Experiments"]),
    layer("Meta", ["Support", "Linear", "Autodiff", "Nets", "Optimizers", "Symmetry"]),
    // The module is `Datasets` (folder Data/): a module named `Data` would shadow Foundation's `Data`.
    layer("Datasets", ["Support", "Linear", "CZlib"], folder: "Data"),
    layer("Experiments", ["Support"]),
    layer("Plotting", ["Support", "GnuplotBridge"]),
    // The umbrella: `import Toolkit` re-exports every layer, as swift-numerics'
    // `Numerics` re-exports `RealModule` and `ComplexModule`.
    .target(
      name: "Toolkit",
      dependencies: layers.map { .target(name: $0) },
      path: "Sources/Toolkit/Toolkit",
      swiftSettings: optimiseAlways
    ),
    .executableTarget(
      name: "Lessons",
      dependencies: [
        "Toolkit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Sources/Lessons",
      swiftSettings: optimiseAlways
    ),
    .executableTarget(
      name: "Bench",
      dependencies: ["Toolkit"],
      path: "Sources/Bench"
    ),
    .testTarget(
      name: "ToolkitTests",
      dependencies: ["Toolkit"] + layers.map { .target(name: $0) },
      path: "Tests/ToolkitTests",
      exclude: [
        "Experiments/generate_pearson_reference.py", "Experiments/generate_partial_reference.py",
        "Support/generate_splitmix64_reference.py",
      ]
    ),
    .testTarget(
      name: "LessonTests",
      dependencies: ["Toolkit"],
      path: "Tests/LessonTests",
      exclude: ["Snapshots"]
    ),
  ],
  swiftLanguageModes: [.v5]
)
