// The umbrella module: `import Toolkit` brings every layer of the Toolkit. Introduced in the appendix (A-toolkit).
//
// Lessons, benchmarks and readers write `import Toolkit`; the layers themselves import
// only the layers below them (Package.swift, design.md D13).

@_exported import Support
@_exported import Linear
@_exported import Autodiff
@_exported import Nets
@_exported import Optimizers
@_exported import Symmetry
@_exported import Teleport
@_exported import Meta
@_exported import Datasets
@_exported import Experiments
@_exported import Plotting
