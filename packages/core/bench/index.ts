// Entry point of packages/core's `bench` script: each benchmark prints its own table when imported.
import "./scoring.bench.js";
// Simulator benchmarks: add their import below this line.
import "./simulate.bench.js";
