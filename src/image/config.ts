/** The image config blob: parsed through a schema, summarised, and its history tied to the layers. */
import { z } from "zod";
import { DredgeError } from "../errors.js";
import type { Digest, HistoryEntry, ImageConfig, LayerRef } from "../model/image.js";
import { safeParse } from "../util/schema.js";

const strList = z.array(z.string()).nullish();
const strMap = z.record(z.string(), z.unknown()).nullish();

const containerConfig = z
  .object({
    User: z.string().nullish(),
    Env: strList,
    ExposedPorts: strMap,
    Entrypoint: strList,
    Cmd: strList,
    WorkingDir: z.string().nullish(),
    Volumes: strMap,
    Labels: z.record(z.string(), z.string()).nullish(),
    StopSignal: z.string().nullish(),
    Healthcheck: z
      .object({ Test: strList, Interval: z.number().nullish(), Timeout: z.number().nullish(), Retries: z.number().nullish() })
      .nullish(),
  })
  .passthrough();

const configSchema = z
  .object({
    architecture: z.string().default(""),
    os: z.string().default(""),
    variant: z.string().nullish(),
    created: z.string().nullish(),
    author: z.string().nullish(),
    config: containerConfig.nullish(),
    rootfs: z.object({ type: z.string().optional(), diff_ids: z.array(z.string()) }),
    history: z
      .array(
        z.object({
          created: z.string().nullish(),
          created_by: z.string().nullish(),
          comment: z.string().nullish(),
          author: z.string().nullish(),
          empty_layer: z.boolean().nullish(),
        }),
      )
      .nullish(),
  })
  .passthrough();

const u = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

/** Parse the config JSON. `where` names the input in errors. */
export function parseImageConfig(bytes: Buffer | string, where: string): { config: ImageConfig; raw: unknown } {
  let raw: unknown;
  try {
    raw = JSON.parse(typeof bytes === "string" ? bytes : bytes.toString("utf8"));
  } catch {
    throw new DredgeError("INVALID_MANIFEST", `${where}: image config is not valid JSON`);
  }
  const r = safeParse(configSchema, raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new DredgeError("INVALID_MANIFEST", `${where}: malformed image config (${i?.path.join(".")}: ${i?.message})`);
  }
  const c = r.data;
  const cc = c.config ?? {};
  const hc = u(cc.Healthcheck);
  const config: ImageConfig = {
    architecture: c.architecture,
    os: c.os,
    variant: u(c.variant),
    created: u(c.created),
    author: u(c.author),
    user: u(cc.User) || undefined,
    env: cc.Env ?? [],
    exposedPorts: Object.keys(cc.ExposedPorts ?? {}),
    entrypoint: u(cc.Entrypoint),
    cmd: u(cc.Cmd),
    workingDir: u(cc.WorkingDir) || undefined,
    volumes: Object.keys(cc.Volumes ?? {}),
    labels: cc.Labels ?? {},
    stopSignal: u(cc.StopSignal),
    healthcheck: hc
      ? { test: u(hc.Test), interval: u(hc.Interval), timeout: u(hc.Timeout), retries: u(hc.Retries) }
      : undefined,
    diffIds: c.rootfs.diff_ids,
    history: (c.history ?? []).map((h) => ({
      created: u(h.created),
      createdBy: u(h.created_by),
      comment: u(h.comment),
      author: u(h.author),
      emptyLayer: h.empty_layer === true,
    })),
  };
  return { config, raw };
}

/**
 * Ties layers to the history entries that made them: history entries with `empty_layer` produce no
 * layer, the others map in order onto diff_ids. Extra or missing history leaves createdBy unset.
 */
export function layerHistory(history: readonly HistoryEntry[], layerCount: number): (HistoryEntry | undefined)[] {
  const out: (HistoryEntry | undefined)[] = new Array(layerCount).fill(undefined);
  let i = 0;
  for (const h of history) {
    if (h.emptyLayer) continue;
    if (i >= layerCount) break;
    out[i++] = h;
  }
  return out;
}

/** Build LayerRefs from the config plus what the manifest knows about each blob. */
export function buildLayerRefs(
  config: ImageConfig,
  blobs: readonly { digest?: Digest; size?: number; mediaType?: string }[],
  where: string,
): LayerRef[] {
  if (blobs.length !== config.diffIds.length) {
    throw new DredgeError(
      "INVALID_MANIFEST",
      `${where}: manifest lists ${blobs.length} layers but the config has ${config.diffIds.length} diff_ids`,
    );
  }
  const hist = layerHistory(config.history, config.diffIds.length);
  return config.diffIds.map((diffId, index) => {
    const b = blobs[index]!;
    const h = hist[index];
    return {
      index,
      diffId,
      digest: b.digest,
      size: b.size,
      mediaType: b.mediaType,
      createdBy: h?.createdBy,
      created: h?.created,
      comment: h?.comment,
    };
  });
}
