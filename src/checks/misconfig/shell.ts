/**
 * Facts about shell commands shared by the image-history and Dockerfile rules: piping a download into a
 * shell, package installs without cache cleanup, compilers and sudo installed, setuid and world-writable chmods.
 */

export const pipeToShell = /\b(?:curl|wget)\b[^|;&]*\|\s*(?:sudo\s+)?(?:ba|da|z|k)?sh\b/;

const aptInstall = /\bapt(?:-get)?\s+(?:-\S+\s+)*install\b/;
const aptClean = /rm\s+-[rf]{1,2}\s+[^;&|]*\/var\/lib\/apt\/lists/;
const apkAdd = /\bapk\s+(?:-\S+\s+)*add\b/;
const pipInstall = /\bpip3?\s+(?:-\S+\s+)*install\b/;
const npmInstall = /\bnpm\s+(?:install|i|ci)\b/;

/** Package caches a command leaves behind, e.g. `apt lists (/var/lib/apt/lists)`. */
export function cachesLeft(cmd: string): string[] {
  const out: string[] = [];
  if (aptInstall.test(cmd) && /\bapt(?:-get)?\s+update\b/.test(cmd) && !aptClean.test(cmd)) out.push("apt lists (/var/lib/apt/lists)");
  if (apkAdd.test(cmd) && !/--no-cache\b/.test(cmd) && !/rm\s+-[rf]{1,2}\s+[^;&|]*\/var\/cache\/apk/.test(cmd)) out.push("apk cache (/var/cache/apk)");
  if (pipInstall.test(cmd) && !/--no-cache-dir\b/.test(cmd) && !/PIP_NO_CACHE_DIR/.test(cmd)) out.push("pip cache (~/.cache/pip)");
  if (npmInstall.test(cmd) && !/npm\s+cache\s+clean/.test(cmd)) out.push("npm cache (~/.npm)");
  return out;
}

const buildTools = ["build-essential", "build-base", "gcc", "g++", "clang", "make", "cmake", "golang", "golang-go", "gcc-c++", "autoconf", "automake", "libtool"];

/** Packages a command installs (apt, apk, dnf/yum/microdnf, zypper), by name. */
export function packagesInstalled(cmd: string): string[] {
  const out: string[] = [];
  const re = /\b(?:apt-get|apt|apk|dnf|microdnf|yum|zypper)\s+(?:-\S+\s+)*(?:install|add|in)\s+([^;&|]*)/g;
  for (const m of cmd.matchAll(re)) {
    for (const word of (m[1] ?? "").split(/\s+/)) {
      if (word && !word.startsWith("-") && !word.includes("$")) out.push(word.replace(/[=<>~].*$/, ""));
    }
  }
  return out;
}

export function buildToolsInstalled(cmd: string): string[] {
  return packagesInstalled(cmd).filter((p) => buildTools.includes(p));
}

export function sudoInstalled(cmd: string): boolean {
  return packagesInstalled(cmd).includes("sudo");
}

/** `chmod` that sets setuid/setgid: `u+s`, `g+s`, `+s`, or a 4-digit mode with 4/2/6 first. */
export function chmodSetuid(cmd: string): boolean {
  return /\bchmod\s+(?:-\S+\s+)*(?:[ugoa]*\+[rwxX]*s|[2467][0-7]{3})\b/.test(cmd);
}

/** `chmod 777`/`o+w` on something outside /tmp. */
export function chmodWorldWritable(cmd: string): boolean {
  const m = /\bchmod\s+(?:-\S+\s+)*(?:[0-7]?[0-7][0-7][2367]|[ugoa]*o[ugoa]*\+[rwxX]*w[rwxX]*|a\+[rwxX]*w[rwxX]*)\s+([^;&|]+)/.exec(cmd);
  if (!m) return false;
  return (m[1] ?? "").split(/\s+/).some((p) => p !== "" && !/^\/(?:var\/)?tmp(?:\/|$)/.test(p));
}

/** Ports that should not be exposed by an application image. */
export const sensitivePorts: Record<number, string> = {
  21: "FTP",
  22: "SSH",
  23: "Telnet",
  2375: "Docker API (plain)",
  2376: "Docker API (TLS)",
  3389: "RDP",
  5900: "VNC",
  5985: "WinRM",
  5986: "WinRM (TLS)",
  6443: "Kubernetes API",
  10250: "kubelet",
};

/** `22/tcp`, `22`, `22-23/udp` → port numbers (ranges expanded up to 1024 ports). */
export function portNumbers(spec: string): number[] {
  const m = /^(\d+)(?:-(\d+))?(?:\/\w+)?$/.exec(spec.trim());
  if (!m) return [];
  const lo = Number(m[1]);
  const hi = m[2] ? Math.min(Number(m[2]), lo + 1024) : lo;
  const out: number[] = [];
  for (let p = lo; p <= hi; p++) out.push(p);
  return out;
}

/** Variable names that announce a secret (ENV, ARG, labels). */
export const secretName = /(?:^|[_.-])(?:pass(?:word|wd)?|pwd|secret|token|api[_.-]?key|apikey|access[_.-]?key|private[_.-]?key|credentials?|auth)(?:$|[_.-])/i;

/** Values that are clearly not secrets: empty, references, booleans, paths. */
export function looksLikeSecretValue(value: string): boolean {
  const v = value.trim();
  if (v.length < 4) return false;
  if (/^\$\{?\w+\}?$|^(?:true|false|yes|no|none|null|changeme)$/i.test(v)) return false;
  if (/^\/[\w./-]*$/.test(v) && !v.includes("=")) return false; // a file path (e.g. *_FILE, *_PATH)
  return true;
}
