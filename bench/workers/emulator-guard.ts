/**
 * Runs the project's emulator (src/sandbox/emulator-process.ts, unchanged, with the same arguments) in
 * this process, and exits when the benchmark runner goes away (its end of our stdin closes), so a
 * killed run never leaves an emulator listening.
 */
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();

await import("../../src/sandbox/emulator-process.js");
