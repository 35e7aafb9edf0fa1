/** Image rules over the final file list: caches, build tools, sudo, sshd, setuid/setgid, world-writable. */
import type { RuleHit } from "../types.js";
import { layerOrigin, type ImageFileEntry, type ImageRule, type ImageScanInput } from "./types.js";

function fileHit(input: ImageScanInput, f: ImageFileEntry, message: string): RuleHit {
  const layer = layerOrigin(input, f.layerIndex);
  return { message, location: { path: f.path, ...(layer ? { layer } : {}) } };
}

const caches: { name: string; re: RegExp }[] = [
  { name: "apt lists", re: /^\/var\/lib\/apt\/lists\/(?!lock$|partial(?:\/|$)|auxfiles(?:\/|$))[^/]+$/ },
  { name: "apt package archives", re: /^\/var\/cache\/apt\/archives\/[^/]+\.deb$/ },
  { name: "apk cache", re: /^\/var\/cache\/apk\/[^/]+$/ },
  { name: "pip cache", re: /^\/(?:root|home\/[^/]+)\/\.cache\/pip\// },
  { name: "npm cache", re: /^\/(?:root|home\/[^/]+)\/\.npm\/_cacache\// },
  { name: "yum/dnf cache", re: /^\/var\/cache\/(?:yum|dnf)\/.+\.(?:rpm|sqlite|solv)$/ },
];

export const cachesLeft: ImageRule = {
  id: "DRG-IMG-005",
  target: "image",
  title: "Package manager cache left in the image",
  severity: "LOW",
  description: "Package indexes or downloaded packages remain in the final image: larger images, stale metadata, and hints for attackers.",
  remediation: "Clean in the same RUN: `rm -rf /var/lib/apt/lists/*`, `apk add --no-cache`, `pip install --no-cache-dir`, `npm cache clean --force`.",
  references: ["https://docs.docker.com/build/building/best-practices/#apt-get"],
  check: (input) => {
    const hits: RuleHit[] = [];
    for (const c of caches) {
      const files = input.files.filter((f) => f.type === "file" && c.re.test(f.path));
      const first = files[0];
      if (!first) continue;
      const bytes = files.reduce((n, f) => n + f.size, 0);
      hits.push(fileHit(input, first, `${c.name}: ${files.length} file(s), ${bytes} bytes left in the image (first: ${first.path}).`));
    }
    return hits;
  },
};

const compiler = /^\/usr(?:\/local)?\/(?:s?bin|go\/bin|lib\/go-[\d.]+\/bin)\/(?:gcc|g\+\+|cc|c\+\+|clang|clang\+\+|make|gmake|cmake|go|rustc|cargo|javac)(?:-[\d.]+)?$/;

export const buildToolsLeft: ImageRule = {
  id: "DRG-IMG-006",
  target: "image",
  title: "Compilers or build tools in the final image",
  severity: "LOW",
  description: "Compilers and build tools in a runtime image help an attacker build tools in place and add packages to patch.",
  remediation: "Build in an earlier stage of a multi-stage build and copy only the artefacts into the final stage.",
  references: ["https://docs.docker.com/build/building/multi-stage/"],
  check: (input) =>
    input.files
      .filter((f) => (f.type === "file" || f.type === "symlink" || f.type === "hardlink") && compiler.test(f.path))
      .map((f) => fileHit(input, f, `Build tool ${f.path} is in the final image.`)),
};

export const sudoInstalled: ImageRule = {
  id: "DRG-IMG-007",
  target: "image",
  title: "sudo installed",
  severity: "MEDIUM",
  description: "sudo in a container is a privilege-escalation path and is never needed: the container's user is chosen at run time.",
  remediation: "Do not install sudo; run privileged build steps before `USER`, or use gosu/su-exec in an entrypoint.",
  references: ["https://docs.docker.com/build/building/best-practices/#user"],
  check: (input) =>
    input.files.filter((f) => f.path === "/usr/bin/sudo" && f.type !== "dir").map((f) => fileHit(input, f, "sudo is installed (/usr/bin/sudo)."))
};

export const sshServer: ImageRule = {
  id: "DRG-IMG-013",
  target: "image",
  title: "SSH server installed",
  severity: "MEDIUM",
  description: "An SSH daemon in a container is an extra remote entry point with its own keys and credentials.",
  remediation: "Remove openssh-server; use `docker exec`/`kubectl exec` instead.",
  references: ["https://docs.docker.com/build/building/best-practices/"],
  check: (input) =>
    input.files.filter((f) => f.path === "/usr/sbin/sshd" && f.type !== "dir").map((f) => fileHit(input, f, "An SSH server is installed (/usr/sbin/sshd)."))
};

export const setuidAdded: ImageRule = {
  id: "DRG-IMG-011",
  target: "image",
  title: "setuid/setgid file added after the base image",
  severity: "MEDIUM",
  description: "A layer above the base image adds a setuid or setgid executable: a new privilege-escalation path.",
  remediation: "Remove the bit (`chmod u-s,g-s FILE`) or the file; if the base's own setuid binaries are unneeded, strip them too.",
  references: ["https://man7.org/linux/man-pages/man2/execve.2.html"],
  check: (input) => {
    const base = input.baseLayers ?? 1;
    return input.files
      .filter((f) => f.type === "file" && f.layerIndex >= base && (f.mode & 0o6000) !== 0)
      .map((f) => fileHit(input, f, `${f.path} is ${f.mode & 0o4000 ? "setuid" : "setgid"} (mode ${(f.mode & 0o7777).toString(8)}), added by layer ${f.layerIndex + 1}.`));
  },
};

const tmpDir = /^\/(?:tmp|var\/tmp|dev\/shm|run\/lock|var\/lock)(?:\/|$)/;

export const worldWritable: ImageRule = {
  id: "DRG-IMG-012",
  target: "image",
  title: "World-writable file or directory",
  severity: "MEDIUM",
  description: "Any user in the container can modify a world-writable file, or replace files in a world-writable directory without the sticky bit.",
  remediation: "Remove write permission for others (`chmod o-w`); use /tmp for scratch space.",
  references: ["https://wiki.debian.org/Permissions"],
  check: (input) =>
    input.files
      .filter((f) => (f.type === "file" || (f.type === "dir" && (f.mode & 0o1000) === 0)) && (f.mode & 0o002) !== 0 && !tmpDir.test(f.path))
      .slice(0, 100)
      .map((f) => fileHit(input, f, `${f.path} is world-writable (mode ${(f.mode & 0o7777).toString(8)}).`)),
};
