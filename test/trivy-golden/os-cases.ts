/**
 * Image goldens whose images are not here: Dredge's matcher on the golden's own packages must give the
 * golden's findings. `base` + `filter`: the packages come from the unfiltered golden and Dredge's filter
 * (src/scan/filter.ts) must give the filtered golden.
 */
import type { FilterOptions } from "../../src/scan/filter.js";
import type { Row } from "./golden.js";

export interface OsCase {
  golden: string;
  base?: string;
  filter?: FilterOptions;
  /** Ids Trivy's test wrote to its ignore file: applied with Dredge's ignore rules (src/policy). */
  ignore?: string[];
  skip?: string;
  todo?: string;
  /** The branch the image's /etc/apk/repositories names (not in the golden; stated by Trivy's test). */
  repository?: string;
  expect?: (rows: Row[]) => Row[];
}

export const osCases: OsCase[] = [
  { golden: "alpine-310.json.golden" },
  { golden: "alpine-39.json.golden" },
  { golden: "alpine-39-high-critical.json.golden", base: "alpine-39.json.golden", filter: { severities: ["HIGH", "CRITICAL"] } },
  { golden: "alpine-39-ignore-cveids.json.golden", base: "alpine-39.json.golden", ignore: ["CVE-2019-1549", "CVE-2019-14697"] },
  { golden: "alpine-39-skip.json.golden", skip: "Trivy skipped the OS package database by option: the golden has no packages" },
  {
    // os-release says 3.16 but the image's /etc/apk/repositories point at edge: its advisories are edge's.
    golden: "alpine-distroless.json.golden", repository: "edge",
  },
  { golden: "debian-stretch.json.golden" },
  { golden: "debian-buster.json.golden" },
  { golden: "debian-buster-ignore-unfixed.json.golden", base: "debian-buster.json.golden", filter: { ignoreUnfixed: true } },
  { golden: "distroless-base.json.golden" },
  { golden: "distroless-python27.json.golden" },
  { golden: "centos-6.json.golden" },
  { golden: "centos-7.json.golden" },
  { golden: "centos-7-ignore-unfixed.json.golden", base: "centos-7.json.golden", filter: { ignoreUnfixed: true } },
  { golden: "centos-7-medium.json.golden", base: "centos-7.json.golden", filter: { severities: ["MEDIUM"] } },
  { golden: "ubi-7.json.golden" },
  { golden: "ubi-7-comprehensive.json.golden" },
  { golden: "almalinux-8.json.golden" },
  { golden: "rockylinux-8.json.golden" },
  { golden: "ubuntu-1804.json.golden" },
  { golden: "ubuntu-1804-ignore-unfixed.json.golden", base: "ubuntu-1804.json.golden", filter: { ignoreUnfixed: true } },
  {
    // Ubuntu rates CVE-2022-3715 medium (VendorSeverity ubuntu: 2). Trivy printed NVD's HIGH only because
    // its fixture data-source table has no "ubuntu 22.04" entry; Dredge uses the distro's own rating.
    golden: "ubuntu-gp2-x86-vm.json.golden",
    expect: (rows) => rows.map((r) => (r.id === "CVE-2022-3715" ? { ...r, severity: "MEDIUM" } : r)),
  },
  { golden: "opensuse-leap-151.json.golden" },
  { golden: "opensuse-tumbleweed.json.golden" },
  {
    // activesupport 6.0.2.1: Dredge lists fixed versions above the installed one only (not 5.2.4.3).
    golden: "fluentd-gems.json.golden",
    expect: (rows) => rows.map((r) => (r.id === "CVE-2020-8165" ? { ...r, fixed: "6.0.3.1" } : r)),
  },
  {
    // Trivy's spring4shell post-processing lowers CVE-2022-22965 to LOW when it judges the JDK/Tomcat
    // conditions unmet; Dredge has no such heuristic and keeps GHSA's CRITICAL.
    golden: "spring4shell-jre8.json.golden",
    expect: (rows) => rows.map((r) => (r.id === "CVE-2022-22965" ? { ...r, severity: "CRITICAL" } : r)),
  },
  {
    golden: "spring4shell-jre11.json.golden",
    expect: (rows) => rows.map((r) => (r.id === "CVE-2022-22965" ? { ...r, severity: "CRITICAL" } : r)),
  },
  {
    // Patched-range-only advisories: Trivy prints the ranges, Dredge the fixed versions above 1.9.0.
    golden: "busybox-with-lockfile.json.golden",
    expect: (rows) => rows.map((r) => ({ ...r, fixed: r.id === "CVE-2019-15542" ? "2.1.0" : r.id === "CVE-2021-38193" ? "2.1.3, 3.1.0" : r.fixed })),
  },
  { golden: "amazon-1.json.golden" },
  { golden: "amazon-2.json.golden" },
  { golden: "amazonlinux2-gp2-x86-vm.json.golden" },
  { golden: "oraclelinux-8.json.golden" },
  { golden: "photon-30.json.golden" },
  { golden: "mariner-1.0.json.golden" },
  {
    // SLE Micro 5.4 has its own namespace (sle-micro:5.4): the fixture's SLE Micro 5.3 advisory must not reach it.
    golden: "sl-micro-rancher5.4.json.golden",
  },
];
