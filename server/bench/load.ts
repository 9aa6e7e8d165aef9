/**
 * A tiny closed-loop load generator: `concurrency` callers each run `task` back to back until
 * `total` calls have been made. Reports throughput and latency percentiles. Benchmarks print
 * these figures; nothing here asserts on them.
 */
import { performance } from 'node:perf_hooks';

export interface LoadResult {
  calls: number;
  failures: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export async function runLoad(
  concurrency: number,
  total: number,
  task: (callIndex: number) => Promise<unknown>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const caller = async () => {
    for (let i = next++; i < total; i = next++) {
      const t0 = performance.now();
      try {
        await task(i);
      } catch {
        failures++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, caller));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return { calls: total, failures, seconds, perSecond: total / seconds, p50Ms: pct(50), p99Ms: pct(99) };
}

export function formatRate(result: LoadResult): string {
  const failed = result.failures ? `, ${result.failures} failed` : '';
  return `${Math.round(result.perSecond).toLocaleString('en-US')}/s (p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms${failed})`;
}
