/** Parley's load tool: scenarios that drive the running system over WebSockets and measure it (docs/benchmarks.md). */
package dev.parley.load;
