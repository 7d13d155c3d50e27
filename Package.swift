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
    .target(
      name: "Toolkit",
      dependencies: ["CLinearAlgebra", "CZlib", "GnuplotBridge"],
      path: "Sources/Toolkit",
      exclude: [
        "README.md", "Support/README.md", "Linear/README.md",
        "Autodiff/README.md", "Nets/README.md", "Optimizers/README.md",
        "Symmetry/README.md", "Teleport/README.md", "Meta/README.md",
        "Data/README.md", "Experiments/README.md", "Plotting/README.md",
      ],
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
      dependencies: ["Toolkit"],
      path: "Tests/ToolkitTests",
      exclude: [
        "Experiments/generate_pearson_reference.py", "Support/generate_splitmix64_reference.py",
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
