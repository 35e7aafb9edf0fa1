/** CycloneDX JSON (1.2–1.7) → Inventory. Nested components are walked iteratively, with a depth limit. */
import type { Inventory } from "../model/inventory.js";
import type { OSInfo, Package } from "../model/package.js";
import { applyCdxDependencies } from "./deps.js";
import { PackageCollector } from "./build.js";
import { label, warn, type ReadContext } from "./context.js";
import { LayerTable } from "./layers.js";
import { osInfo } from "./os.js";
import { toProps } from "./properties.js";
import { cdxComponentSchema, cdxDocumentSchema, cdxLicenses, type CdxComponent } from "./schema.js";
import { buildTarget } from "./target.js";
import { DredgeError } from "../errors.js";
import { safeParse } from "../util/schema.js";

export const MAX_COMPONENT_DEPTH = 32;
export const MAX_COMPONENTS = 2_000_000;

export async function readCycloneDx(doc: unknown, ctx: ReadContext): Promise<Inventory> {
  const parsed = safeParse(cdxDocumentSchema, doc);
  if (!parsed.success) {
    throw new DredgeError("PARSE_ERROR", `${ctx.file} is not a valid CycloneDX document: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  }
  const d = parsed.data;
  ctx.logger.debug("reading CycloneDX SBOM", { file: ctx.file, specVersion: d.specVersion });
  const layers = new LayerTable();
  const meta = safeParse(cdxComponentSchema, d.metadata?.component ?? {});
  const m = meta.success ? meta.data : undefined;
  const target = buildTarget(
    { name: m?.name ?? "", version: m?.version, purl: m?.purl, props: toProps(m?.properties ?? []) },
    ctx.file,
    layers,
  );
  const collector = new PackageCollector(ctx, layers, m?.type === "container");
  let os: OSInfo | undefined;
  const byRef = new Map<string, Package>();
  await walk(d.components, ctx, (c) => {
    if (c.type === "operating-system") {
      os ??= osInfo(c.name, c.version, c.description);
      return;
    }
    const pkg = collector.add({
      label: `"${c.name}${c.version ? `@${c.version}` : ""}"`,
      purl: c.purl,
      version: c.version,
      licenses: cdxLicenses(c.licenses),
      supplier: c.supplier?.name,
      props: toProps(c.properties ?? []),
    });
    if (pkg && c["bom-ref"]) byRef.set(c["bom-ref"], pkg);
  });
  await applyCdxDependencies(d.dependencies, byRef, ctx);
  collector.finish();
  return { target, os: os ?? collector.osFromPurls, packages: collector.packages, layers: layers.layers, warnings: ctx.warnings };
}

async function walk(top: readonly unknown[], ctx: ReadContext, visit: (c: CdxComponent) => void): Promise<void> {
  const stack: { raw: unknown; index: number; depth: number }[] = top.map((raw, index) => ({ raw, index, depth: 0 })).reverse();
  let seen = 0;
  let tooDeep = 0;
  while (stack.length > 0) {
    const { raw, index, depth } = stack.pop()!;
    await ctx.checkpoint.tick();
    if (++seen > MAX_COMPONENTS) {
      throw new DredgeError("LIMIT_EXCEEDED", `${ctx.file} has more than ${MAX_COMPONENTS} components`);
    }
    const r = safeParse(cdxComponentSchema, raw);
    if (!r.success) {
      warn(ctx, `component ${label(raw, index)} is malformed (${r.error.issues[0]?.message ?? "invalid"}), skipped`);
      continue;
    }
    visit(r.data);
    const children = r.data.components ?? [];
    if (children.length === 0) continue;
    if (depth + 1 > MAX_COMPONENT_DEPTH) {
      tooDeep += children.length;
      continue;
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push({ raw: children[i], index: i, depth: depth + 1 });
  }
  if (tooDeep > 0) warn(ctx, `${tooDeep} component(s) nested deeper than ${MAX_COMPONENT_DEPTH} levels skipped`);
}
