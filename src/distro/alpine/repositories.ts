/**
 * `/etc/apk/repositories`: the branch an Alpine image installs from. An image whose os-release says 3.16
 * but whose repositories point at `edge` (or a newer `v3.X`) gets its packages from there, so their
 * advisories are that branch's (Trivy does the same). Tagged repositories (`@testing https://…`) only serve
 * packages pinned to the tag and are ignored; `edge` wins over any numbered branch, else the newest.
 */
export const APK_REPOSITORIES = "/etc/apk/repositories";

const BRANCH = /\/(edge|v\d+\.\d+)\/[^/\s]+\/?$/;

export function apkRepositoryBranch(text: string): string | undefined {
  let best: string | undefined;
  for (const raw of text.split(/\r?\n/).slice(0, 1000)) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith("@")) continue;
    const m = BRANCH.exec(line);
    if (!m) continue;
    const branch = m[1] === "edge" ? "edge" : (m[1] as string).slice(1);
    if (best === "edge") continue;
    if (branch === "edge" || best === undefined || newer(branch, best)) best = branch;
  }
  return best;
}

function newer(a: string, b: string): boolean {
  const [am = 0, an = 0] = a.split(".").map(Number);
  const [bm = 0, bn = 0] = b.split(".").map(Number);
  return am !== bm ? am > bm : an > bn;
}
