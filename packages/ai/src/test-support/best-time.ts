/**
 * The least CPU time (user and system, in milliseconds) of a few runs of `run`. Timing
 * assertions use it rather than the wall clock so a busy machine does not fail them: other
 * processes taking the cores stretch wall time, not the work `run` does. Taking the best drops
 * what only some runs pay (a garbage collection; in the first ones, the optimising compiler,
 * whose thread counts too); work that is really in the code shows up in every run.
 *
 * @example
 * expect(bestCpuTimeMs(() => index.search(question, 3))).toBeLessThan(50);
 */
export function bestCpuTimeMs(run: () => unknown, runs = 10): number {
  let best = Infinity;
  for (let attempt = 0; attempt < runs; attempt++) {
    const before = process.cpuUsage();
    run();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}
