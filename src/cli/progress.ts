/** One updating status line on stderr while layers are read: only on a terminal, never in CI or with --quiet. */
import type { LayerProgress } from "../scan/index.js";
import type { RunContext } from "./context.js";

export interface Progress {
  layer(p: LayerProgress, total: number): void;
  done(): void;
}

const silent: Progress = { layer: () => undefined, done: () => undefined };

export function progressFor(ctx: RunContext): Progress {
  const err = ctx.stderr as NodeJS.WriteStream;
  if (ctx.quiet || !err.isTTY || ctx.env.CI) return silent;
  let finished = 0;
  let shown = false;
  const show = (text: string) => {
    err.write(`\r\x1b[2K${text.slice(0, (err.columns ?? 80) - 1)}`);
    shown = true;
  };
  return {
    layer(p, total) {
      if (p.state !== "reading") finished++;
      const what = p.state === "reading" ? "reading" : p.state === "cached" ? "cached" : "analysed";
      show(`layers ${finished}/${total} · ${what} layer ${p.layer.index + 1} ${p.layer.diffId.slice(7, 19)} ${p.layer.createdBy?.slice(0, 40) ?? ""}`);
    },
    done() {
      if (shown) err.write("\r\x1b[2K");
    },
  };
}

/** Runs `job` with the progress line, cleared when it ends however it ends. */
export async function withProgress<T>(ctx: RunContext, job: (progress: Progress) => Promise<T>): Promise<T> {
  const progress = progressFor(ctx);
  try {
    return await job(progress);
  } finally {
    progress.done();
  }
}
