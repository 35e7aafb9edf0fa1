/** Ubuntu VEX `distro` values → namespaces: codenames (src/distro/ubuntu/) → release numbers; `esm-infra/focal`, `esm-apps/jammy` → `ubuntu-pro:<release>`. */
import { ubuntuCodenames } from "../../../distro/ubuntu/release.js";

export function ubuntuNamespace(distro: string): string | undefined {
  const parts = distro.split("/");
  const codename = parts[parts.length - 1] ?? "";
  const release = (Object.hasOwn(ubuntuCodenames, codename) ? ubuntuCodenames[codename] : undefined) ?? (/^\d+\.\d+$/.test(codename) ? codename : undefined);
  if (!release) return undefined;
  return parts.length > 1 && (parts[0] ?? "").startsWith("esm") ? `ubuntu-pro:${release}` : `ubuntu:${release}`;
}
