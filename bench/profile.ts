/**
 * A CPU profile of one phase of a bench, in process (`node:inspector`), written as a `.cpuprofile` (open it in
 * Chrome's DevTools or speedscope) when `DREDGE_BENCH_PROFILE` names a directory; otherwise the phase just runs.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { join } from "node:path";

export async function profiled<T>(name: string, phase: () => Promise<T>, log: (m: string) => void): Promise<T> {
  const dir = process.env.DREDGE_BENCH_PROFILE;
  if (!dir) return phase();
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 500 });
  await session.post("Profiler.start");
  try {
    return await phase();
  } finally {
    const { profile } = await session.post("Profiler.stop");
    session.disconnect();
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${name}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    log(`profile of ${name}: ${file}`);
  }
}
