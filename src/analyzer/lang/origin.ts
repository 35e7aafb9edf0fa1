/**
 * Locked packages that do not come from their ecosystem's registry: git checkouts, URL tarballs, local paths
 * and workspace members. Their purl carries where they come from, as the purl spec's qualifiers:
 * `vcs_url=git+https://host/repo.git@<commit>` (git), `download_url=<url>` (tarballs) and
 * `download_url=file:<path>` (local directories and workspace members, relative to the lockfile). A package with
 * either qualifier is never matched against registry advisories (src/model/classify.ts `fromRegistry`): the code
 * behind its name is not the registry's.
 */

export type Origin =
  | { kind: "git"; url: string; commit?: string }
  | { kind: "url"; url: string }
  | { kind: "path"; path: string };

/** `https://…` → `git+https://…`, the purl spec's form of a git URL; `#ref` fragments dropped. */
function vcsUrl(url: string, commit: string | undefined): string {
  const bare = url.replace(/#.*$/, "").replace(/^(github|gitlab|bitbucket):([^/]+\/[^/]+?)(\.git)?$/, (_m, host: string, repo: string) =>
    `https://${host === "bitbucket" ? "bitbucket.org" : `${host}.com`}/${repo}.git`);
  const git = /^(https?|ssh|file):\/\//.test(bare) ? `git+${bare}` : bare;
  return commit ? `${git}@${commit}` : git;
}

export function originQualifiers(o: Origin | undefined): Record<string, string> | undefined {
  if (!o) return undefined;
  if (o.kind === "git") return { vcs_url: vcsUrl(o.url, o.commit) };
  if (o.kind === "url") return { download_url: o.url };
  return { download_url: `file:${o.path}` };
}

/** The commit of a git URL's fragment (`#<sha>`, `#commit=<sha>`), when it names one. */
export function fragmentCommit(url: string): string | undefined {
  const frag = /#(?:.*[&?])?(?:commit=)?([0-9a-f]{7,64})(?:&|$)/i.exec(url);
  return frag?.[1];
}

/** True when a resolved/spec string points at git (`git+…`, `git://`, `git@host:`, `github:` shorthands). */
export function isGitSpec(spec: string): boolean {
  return /^(git\+|git:\/\/|git@|github:|gitlab:|bitbucket:|gist:)/.test(spec) || /^[\w-]+\/[\w.-]+(#.*)?$/.test(spec);
}

export const isUrlSpec = (spec: string): boolean => /^https?:\/\//.test(spec);
export const isPathSpec = (spec: string): boolean => /^(file:|link:|portal:|\.{0,2}\/)/.test(spec);
