/**
 * ELSA criteria → fixed builds. The tree is walked with what the criteria above a package test say: the
 * release ("Oracle Linux 8 is installed"), the CPU architecture ("Oracle Linux arch is x86_64"), the module
 * stream ("Module httpd:2.4 is enabled"). A package test ("openssl is earlier than 2:1.1.1g-15…") next
 * to "openssl is ksplice-based" — or a fixed release naming `ksplice` — is a Ksplice user-space build.
 */
import type { CriteriaNode } from "./definition.js";

export interface ElsaFix {
  release: string;
  name: string;
  /** `epoch:version-release`, the first build that is not affected. */
  fixed: string;
  arch?: string;
  module?: string;
  ksplice: boolean;
}

interface Context {
  release?: string;
  arch?: string;
  module?: string;
}

const RELEASE = /^Oracle Linux (\d+) is installed$/i;
const ARCH = /^Oracle Linux arch is (\S+)$/i;
const MODULE = /^Module (\S+:\S+) is enabled$/i;
const EARLIER = /^(\S+) is earlier than (\S+)$/i;
const KSPLICE = /^(\S+) is ksplice-based$/i;

function contextOf(comments: readonly string[], outer: Context): Context {
  const ctx = { ...outer };
  for (const c of comments) {
    const t = c.trim();
    const r = RELEASE.exec(t)?.[1];
    const a = ARCH.exec(t)?.[1];
    const m = MODULE.exec(t)?.[1];
    if (r) ctx.release = r;
    if (a) ctx.arch = a;
    if (m) ctx.module = m;
  }
  return ctx;
}

function fixesHere(node: CriteriaNode, ctx: Context, out: ElsaFix[]): void {
  const comments = node.comments.map((c) => c.trim());
  const ksplice = new Set(comments.map((c) => KSPLICE.exec(c)?.[1]).filter((x) => x !== undefined));
  for (const c of comments) {
    const m = EARLIER.exec(c);
    if (!m || !ctx.release) continue;
    const [, name, fixed] = m as unknown as [string, string, string];
    out.push({
      release: ctx.release, name, fixed,
      ...(ctx.arch ? { arch: ctx.arch } : {}),
      ...(ctx.module ? { module: ctx.module } : {}),
      // Under AND the ksplice test qualifies the package test beside it; under OR it stands alone.
      ksplice: (node.operator === "AND" && ksplice.has(name)) || /ksplice/i.test(fixed),
    });
  }
}

/** Every fixed build the criteria name, with its release, arch, module stream and Ksplice flag. */
export function elsaFixes(root: CriteriaNode): ElsaFix[] {
  const out: ElsaFix[] = [];
  const stack: [CriteriaNode, Context][] = [[root, {}]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [node, outer] = top;
    // Under AND, facts beside a branch hold for it; under OR, each criterion is an alternative.
    const ctx = node.operator === "AND" ? contextOf(node.comments, outer) : outer;
    fixesHere(node, ctx, out);
    for (const c of [...node.children].reverse()) stack.push([c, ctx]);
  }
  return out;
}
