/** Gate `metadata`: image age, distro end of life, approved base images, number of layers and size. */
import { z } from "zod";
import { parseBytes } from "../../util/units.js";
import { anyOf, daysField, daysSince, empty, patterns } from "./common.js";
import { trigger, type Gate, type Hit } from "./types.js";

const hit = (trig: string, message: string): Hit => ({ message, findingId: `metadata:${trig}` });

const size = z.union([z.number().int().min(1), z.string().max(32)]).transform((v, ctx) => {
  const n = typeof v === "number" ? v : parseBytes(v);
  if (n === undefined || n < 1) {
    ctx.issues.push({ code: "custom", input: v, message: "is not a size such as 500M or 2G" });
    return z.NEVER;
  }
  return n;
});

export const metadataGate: Gate = {
  name: "metadata",
  description: "facts about the image: age, distribution, base image, layers, size",
  triggers: {
    "image-age": trigger({
      description: "the image was created more than `days` days ago",
      params: z.strictObject({ days: daysField }),
      evaluate: (p, s) => {
        const age = daysSince(s.created, s.now);
        if (age === undefined) return { skipped: "the image's creation time is unknown" };
        return { hits: age > p.days ? [hit("image-age", `created ${s.created} (${age} days > ${p.days})`)] : [] };
      },
    }),
    "distro-eol": trigger({
      description: "the image's distribution release is past its end of life",
      params: empty,
      evaluate: (_p, s) => {
        const os = s.report.artifact.os;
        if (!os) return { skipped: "no operating system detected" };
        return { hits: os.eol ? [hit("distro-eol", `${os.family} ${os.name} reached end of life${os.eolDate ? ` on ${os.eolDate}` : ""}`)] : [] };
      },
    }),
    "base-image": trigger({
      description: "the base image (OCI base annotation or --base-image) is not in `approved` (wildcards over the name); an unknown base fires unless `allowUnknown`",
      params: z.strictObject({ approved: patterns, allowUnknown: z.boolean().optional() }),
      evaluate: (p, s) => {
        const name = s.report.artifact.base?.name;
        if (!name) return { hits: p.allowUnknown ? [] : [hit("base-image", "the base image is unknown (no base annotation, label or --base-image)")] };
        return { hits: anyOf(p.approved)(name) ? [] : [hit("base-image", `base image ${name} is not approved`)] };
      },
    }),
    layers: trigger({
      description: "the image has more than `max` layers",
      params: z.strictObject({ max: z.number().int().min(0) }),
      evaluate: (p, s) => {
        const n = s.report.artifact.layers.length;
        if (!s.config) return { skipped: "not an image" };
        return { hits: n > p.max ? [hit("layers", `${n} layers > ${p.max}`)] : [] };
      },
    }),
    size: trigger({
      description: "the image's layers (as stored) add up to more than `max` (bytes, or 500M, 2G)",
      params: z.strictObject({ max: size }),
      evaluate: (p, s) => {
        const layers = s.report.artifact.layers;
        if (!layers.length || layers.some((l) => l.size === undefined)) return { skipped: "layer sizes are unknown" };
        const total = layers.reduce((n, l) => n + (l.size ?? 0), 0);
        return { hits: total > p.max ? [hit("size", `${total} bytes > ${p.max}`)] : [] };
      },
    }),
  },
};
