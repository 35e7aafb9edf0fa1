/** The pipeline's hooks from a CLI run: its logger, abort signal, dirs, progress line and Docker's environment. */
import type { ScanHooks } from "../scan/hooks.js";
import type { RunContext } from "./context.js";
import type { Progress } from "./progress.js";

export function scanHooks(ctx: RunContext, progress?: Progress): ScanHooks {
  return {
    logger: ctx.logger,
    signal: ctx.signal,
    cacheDir: ctx.cacheDir,
    tmpDir: ctx.tmpDir,
    ...(ctx.env.DOCKER_CONFIG ? { dockerConfigDir: ctx.env.DOCKER_CONFIG } : {}),
    ...(ctx.env.DOCKER_HOST ? { dockerHost: ctx.env.DOCKER_HOST } : {}),
    ...(progress ? { onLayer: (p, total) => progress.layer(p, total) } : {}),
  };
}
