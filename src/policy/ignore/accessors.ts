/** How ignore rules see each kind of finding: its IDs, file path and package. */
import type {
  FindingPackage,
  LicenseFinding,
  MisconfigFinding,
  SecretFinding,
  Suppression,
  VulnerabilityFinding,
} from "../../model/finding.js";
import type { IgnoreCategory } from "./types.js";

export interface IgnoreSubject {
  /** The finding's ID first, then its aliases. */
  ids: readonly string[];
  path?: string;
  pkg?: Pick<FindingPackage, "name" | "purl">;
}

export interface Suppressible {
  suppressed?: Suppression;
}

export interface IgnoreAccessor<T extends Suppressible> {
  category: IgnoreCategory;
  subject(finding: T): IgnoreSubject;
}

export const vulnerabilityAccessor: IgnoreAccessor<VulnerabilityFinding> = {
  category: "vulnerabilities",
  subject: (f) => ({ ids: [f.id, ...f.aliases], path: f.package.path, pkg: f.package }),
};

export const misconfigAccessor: IgnoreAccessor<MisconfigFinding> = {
  category: "misconfigurations",
  subject: (f) => ({ ids: [f.id], path: f.location?.path }),
};

export const secretAccessor: IgnoreAccessor<SecretFinding> = {
  category: "secrets",
  subject: (f) => ({ ids: [f.ruleId], path: f.path }),
};

export const licenseAccessor: IgnoreAccessor<LicenseFinding> = {
  category: "licenses",
  subject: (f) => ({ ids: [f.license], path: f.path ?? f.package?.path, pkg: f.package }),
};
