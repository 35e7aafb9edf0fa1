import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { detectOS } from "./detect.js";
import { osAnalyzer } from "./analyzer.js";
import { pickOS } from "./pick.js";
import { APK_REPOSITORIES, apkRepositoryBranch } from "../../distro/alpine/repositories.js";
import { alpine } from "../../distro/alpine/index.js";
import { fixturesDir, testImages } from "../../../test/helpers/images.js";
import { silentLogger } from "../../util/log.js";

const now = new Date("2026-11-27T12:00:00Z");
const files = (entries: Record<string, string>) =>
  new Map(Object.entries(entries).map(([k, v]) => [k, Buffer.from(v)] as const));

interface Row {
  title: string;
  files: Record<string, string>;
  want: { family: string; name: string; codename?: string; eol?: boolean; eolDate?: string; distroless?: boolean };
}

// os-release texts as the distributions ship them (trimmed to the keys that matter).
const table: Row[] = [
  {
    title: "Debian 12",
    files: {
      "/etc/os-release": 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n',
      "/etc/debian_version": "12.8\n",
    },
    want: { family: "debian", name: "12", codename: "bookworm", eol: false, eolDate: "2028-06-30" },
  },
  {
    title: "Debian 11 (past LTS end on 2026-11-27)",
    files: { "/usr/lib/os-release": 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nVERSION_ID="11"\nVERSION_CODENAME=bullseye\nID=debian\n' },
    want: { family: "debian", name: "11", codename: "bullseye", eol: true, eolDate: "2026-08-31" },
  },
  {
    title: "Debian from debian_version only",
    files: { "/etc/debian_version": "10.13\n" },
    want: { family: "debian", name: "10", codename: "buster", eol: true, eolDate: "2024-06-30" },
  },
  {
    title: "Debian testing without VERSION_ID",
    files: { "/etc/os-release": 'PRETTY_NAME="Debian GNU/Linux forky/sid"\nNAME="Debian GNU/Linux"\nVERSION_CODENAME=forky\nID=debian\n', "/etc/debian_version": "forky/sid\n" },
    want: { family: "debian", name: "forky", codename: "forky" },
  },
  {
    title: "distroless (os-release PRETTY_NAME)",
    files: { "/etc/os-release": 'PRETTY_NAME="Distroless"\nNAME="Debian GNU/Linux"\nID="debian"\nVERSION_ID="12"\nVERSION="Debian GNU/Linux 12 (bookworm)"\nHOME_URL="https://github.com/GoogleContainerTools/distroless"\n' },
    want: { family: "debian", name: "12", codename: "bookworm", eol: false, eolDate: "2028-06-30", distroless: true },
  },
  {
    title: "distroless (status.d layout, no status)",
    files: { "/etc/debian_version": "11.6\n", "/var/lib/dpkg/status.d/libc6": "Package: libc6\n" },
    want: { family: "debian", name: "11", codename: "bullseye", eol: true, eolDate: "2026-08-31", distroless: true },
  },
  {
    title: "Ubuntu 22.04 (os-release beats debian_version)",
    files: {
      "/etc/os-release": 'PRETTY_NAME="Ubuntu 22.04.4 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.4 LTS (Jammy Jellyfish)"\nVERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\nUBUNTU_CODENAME=jammy\n',
      "/etc/debian_version": "bookworm/sid\n",
    },
    want: { family: "ubuntu", name: "22.04", codename: "jammy", eol: false, eolDate: "2027-06-01" },
  },
  {
    title: "Ubuntu 18.04 from lsb-release only",
    files: { "/etc/lsb-release": "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=18.04\nDISTRIB_CODENAME=bionic\nDISTRIB_DESCRIPTION=\"Ubuntu 18.04.6 LTS\"\n", "/etc/debian_version": "buster/sid\n" },
    want: { family: "ubuntu", name: "18.04", codename: "bionic", eol: true, eolDate: "2023-05-31" },
  },
  {
    title: "Alpine 3.16.2 (alpine-release gives the patch release)",
    files: { "/etc/os-release": 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.16.2\nPRETTY_NAME="Alpine Linux v3.16"\n', "/etc/alpine-release": "3.16.2\n" },
    want: { family: "alpine", name: "3.16.2", eol: true, eolDate: "2024-05-23" },
  },
  {
    title: "Alpine 3.22 from alpine-release only",
    files: { "/etc/alpine-release": "3.22.1\n" },
    want: { family: "alpine", name: "3.22.1", eol: false, eolDate: "2027-05-01" },
  },
  {
    title: "RHEL 9 UBI",
    files: { "/etc/os-release": 'NAME="Red Hat Enterprise Linux"\nVERSION="9.4 (Plow)"\nID="rhel"\nID_LIKE="fedora"\nVERSION_ID="9.4"\nPLATFORM_ID="platform:el9"\nPRETTY_NAME="Red Hat Enterprise Linux 9.4 (Plow)"\n', "/etc/redhat-release": "Red Hat Enterprise Linux release 9.4 (Plow)\n" },
    want: { family: "redhat", name: "9.4", eol: false, eolDate: "2032-05-31" },
  },
  {
    title: "RHEL 7 from redhat-release",
    files: { "/etc/redhat-release": "Red Hat Enterprise Linux Server release 7.9 (Maipo)\n" },
    want: { family: "redhat", name: "7.9", codename: "Maipo", eol: true, eolDate: "2024-06-30" },
  },
  {
    title: "CentOS 7",
    files: { "/etc/os-release": 'NAME="CentOS Linux"\nVERSION="7 (Core)"\nID="centos"\nID_LIKE="rhel fedora"\nVERSION_ID="7"\nPRETTY_NAME="CentOS Linux 7 (Core)"\n', "/etc/centos-release": "CentOS Linux release 7.9.2009 (Core)\n" },
    want: { family: "centos", name: "7", eol: true, eolDate: "2024-06-30" },
  },
  {
    title: "CentOS Stream 9",
    files: { "/etc/os-release": 'NAME="CentOS Stream"\nVERSION="9"\nID="centos"\nID_LIKE="rhel fedora"\nVERSION_ID="9"\nPRETTY_NAME="CentOS Stream 9"\n' },
    want: { family: "centos", name: "9", eol: false, eolDate: "2027-05-31" },
  },
  {
    title: "CentOS 6 from centos-release",
    files: { "/etc/centos-release": "CentOS release 6.10 (Final)\n" },
    want: { family: "centos", name: "6.10", codename: "Final", eol: true, eolDate: "2020-11-30" },
  },
  {
    title: "Rocky 9.0",
    files: { "/etc/os-release": 'NAME="Rocky Linux"\nVERSION="9.0 (Blue Onyx)"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.0"\nPRETTY_NAME="Rocky Linux 9.0 (Blue Onyx)"\n' },
    want: { family: "rocky", name: "9.0", eol: false, eolDate: "2032-05-31" },
  },
  {
    title: "AlmaLinux 8.10",
    files: { "/etc/os-release": 'NAME="AlmaLinux"\nVERSION="8.10 (Cerulean Leopard)"\nID="almalinux"\nID_LIKE="rhel centos fedora"\nVERSION_ID="8.10"\nPRETTY_NAME="AlmaLinux 8.10 (Cerulean Leopard)"\n' },
    want: { family: "alma", name: "8.10", eol: false, eolDate: "2029-03-01" },
  },
  {
    title: "Oracle Linux 8.9",
    files: { "/etc/os-release": 'NAME="Oracle Linux Server"\nVERSION="8.9"\nID="ol"\nID_LIKE="fedora"\nVARIANT="Server"\nVERSION_ID="8.9"\nPRETTY_NAME="Oracle Linux Server 8.9"\n' },
    want: { family: "oracle", name: "8.9", eol: false, eolDate: "2029-07-31" },
  },
  {
    title: "Oracle Linux 7 from oracle-release",
    files: { "/etc/oracle-release": "Oracle Linux Server release 7.9\n" },
    want: { family: "oracle", name: "7.9", eol: true, eolDate: "2024-12-31" },
  },
  {
    title: "Fedora 40",
    files: { "/etc/os-release": 'NAME="Fedora Linux"\nVERSION="40 (Container Image)"\nID=fedora\nVERSION_ID=40\nVERSION_CODENAME=""\nPRETTY_NAME="Fedora Linux 40 (Container Image)"\n' },
    want: { family: "fedora", name: "40", eol: true, eolDate: "2025-05-13" },
  },
  {
    title: "Amazon Linux 2",
    files: { "/etc/os-release": 'NAME="Amazon Linux"\nVERSION="2"\nID="amzn"\nID_LIKE="centos rhel fedora"\nVERSION_ID="2"\nPRETTY_NAME="Amazon Linux 2"\n', "/etc/system-release": "Amazon Linux release 2 (Karoo)\n" },
    want: { family: "amazon", name: "2", eol: true, eolDate: "2026-06-30" },
  },
  {
    title: "Amazon Linux 2023",
    files: { "/etc/os-release": 'NAME="Amazon Linux"\nVERSION="2023"\nID="amzn"\nID_LIKE="fedora"\nVERSION_ID="2023"\nPLATFORM_ID="platform:al2023"\nPRETTY_NAME="Amazon Linux 2023.6.20241121"\n' },
    want: { family: "amazon", name: "2023", eol: false, eolDate: "2029-06-30" },
  },
  {
    title: "Amazon Linux 1 (os-release 2018.03)",
    files: { "/etc/os-release": 'NAME="Amazon Linux AMI"\nVERSION="2018.03"\nID="amzn"\nID_LIKE="rhel fedora"\nVERSION_ID="2018.03"\nPRETTY_NAME="Amazon Linux AMI 2018.03"\n' },
    want: { family: "amazon", name: "1", eol: true, eolDate: "2023-12-31" },
  },
  {
    title: "Amazon Linux 1 from system-release",
    files: { "/etc/system-release": "Amazon Linux AMI release 2018.03\n" },
    want: { family: "amazon", name: "1", eol: true, eolDate: "2023-12-31" },
  },
  {
    title: "SLES 15 SP3",
    files: { "/etc/os-release": 'NAME="SLES"\nVERSION="15-SP3"\nVERSION_ID="15.3"\nPRETTY_NAME="SUSE Linux Enterprise Server 15 SP3"\nID="sles"\nID_LIKE="suse"\nCPE_NAME="cpe:/o:suse:sles:15:sp3"\n' },
    want: { family: "sles", name: "15.3", eol: true, eolDate: "2022-12-31" },
  },
  {
    // registry.suse.com/bci/bci-base:15.5: BCI images carry SLES's os-release.
    title: "SUSE BCI 15 SP5 (SLES os-release)",
    files: { "/etc/os-release": 'NAME="SLES"\nVERSION="15-SP5"\nVERSION_ID="15.5"\nPRETTY_NAME="SUSE Linux Enterprise Server 15 SP5"\nID="sles"\nID_LIKE="suse"\nANSI_COLOR="0;32"\nCPE_NAME="cpe:/o:suse:sles:15:sp5"\nDOCUMENTATION_URL="https://documentation.suse.com/"\n' },
    want: { family: "sles", name: "15.5", eol: true, eolDate: "2024-12-31" },
  },
  {
    title: "SLE Micro 5.4",
    files: { "/etc/os-release": 'NAME="SLE Micro"\nVERSION="5.4"\nVERSION_ID="5.4"\nPRETTY_NAME="SUSE Linux Enterprise Micro 5.4"\nID="sle-micro"\nID_LIKE="suse"\nANSI_COLOR="0;32"\nCPE_NAME="cpe:/o:suse:sle-micro:5.4"\n' },
    want: { family: "sle-micro", name: "5.4", eol: false, eolDate: "2027-04-30" },
  },
  {
    title: "SUSE Linux Micro 6.0 (ID sl-micro)",
    files: { "/etc/os-release": 'NAME="SL-Micro"\nVERSION="6.0"\nVERSION_ID="6.0"\nPRETTY_NAME="SUSE Linux Micro 6.0"\nID="sl-micro"\nID_LIKE="suse"\nANSI_COLOR="0;32"\nCPE_NAME="cpe:/o:suse:sl-micro:6.0"\n' },
    want: { family: "sle-micro", name: "6.0", eol: false, eolDate: "2028-06-30" },
  },
  {
    title: "SLES 12 SP5 from SuSE-release",
    files: { "/etc/SuSE-release": "SUSE Linux Enterprise Server 12 (x86_64)\nVERSION = 12\nPATCHLEVEL = 5\n" },
    want: { family: "sles", name: "12.5", eol: true, eolDate: "2024-10-31" },
  },
  {
    title: "openSUSE Leap 15.6",
    files: { "/etc/os-release": 'NAME="openSUSE Leap"\nVERSION="15.6"\nID="opensuse-leap"\nID_LIKE="suse opensuse"\nVERSION_ID="15.6"\nPRETTY_NAME="openSUSE Leap 15.6"\n' },
    want: { family: "opensuse-leap", name: "15.6", eol: true, eolDate: "2026-04-30" },
  },
  {
    title: "openSUSE Leap 42.3 (ID opensuse)",
    files: { "/etc/os-release": 'NAME="openSUSE Leap"\nVERSION="42.3"\nID=opensuse\nID_LIKE="suse"\nVERSION_ID="42.3"\nPRETTY_NAME="openSUSE Leap 42.3"\n' },
    want: { family: "opensuse-leap", name: "42.3", eol: true, eolDate: "2019-07-01" },
  },
  {
    title: "openSUSE Tumbleweed (rolling)",
    files: { "/etc/os-release": 'NAME="openSUSE Tumbleweed"\nID="opensuse-tumbleweed"\nID_LIKE="opensuse suse"\nVERSION_ID="20241125"\nPRETTY_NAME="openSUSE Tumbleweed"\n' },
    want: { family: "opensuse-tumbleweed", name: "20241125", eol: false },
  },
  {
    title: "Photon OS 5.0",
    files: { "/etc/os-release": 'NAME="VMware Photon OS"\nVERSION="5.0"\nID=photon\nVERSION_ID=5.0\nPRETTY_NAME="VMware Photon OS/Linux"\n' },
    want: { family: "photon", name: "5.0", eol: false, eolDate: "2028-06-30" },
  },
  {
    title: "Photon OS 3.0 from photon-release",
    files: { "/etc/photon-release": "VMware Photon OS 3.0\nPHOTON_BUILD_NUMBER=a0f216d\n" },
    want: { family: "photon", name: "3.0", eol: true, eolDate: "2024-03-31" },
  },
  {
    title: "CBL-Mariner 2.0",
    files: { "/etc/os-release": 'NAME="Common Base Linux Mariner"\nVERSION="2.0.20240301"\nID=mariner\nVERSION_ID="2.0"\nPRETTY_NAME="CBL-Mariner/Linux"\n' },
    want: { family: "cbl-mariner", name: "2.0", eol: true, eolDate: "2025-07-31" },
  },
  {
    title: "CBL-Mariner 1.0 from mariner-release",
    files: { "/etc/mariner-release": "CBL-Mariner 1.0.20220122\nDISTRIB_CODENAME=Mariner\n" },
    want: { family: "cbl-mariner", name: "1.0", eol: true, eolDate: "2023-06-30" },
  },
  {
    title: "Azure Linux 3.0",
    files: { "/etc/os-release": 'NAME="Microsoft Azure Linux"\nVERSION="3.0.20241101"\nID=azurelinux\nVERSION_ID="3.0"\nPRETTY_NAME="Microsoft Azure Linux 3.0"\n' },
    want: { family: "azurelinux", name: "3.0", eol: false, eolDate: "2027-07-31" },
  },
  {
    title: "Wolfi",
    files: { "/etc/os-release": 'ID=wolfi\nNAME="Wolfi"\nPRETTY_NAME="Wolfi"\nVERSION_ID="20230201"\nHOME_URL="https://wolfi.dev"\n' },
    want: { family: "wolfi", name: "20230201", eol: false },
  },
  {
    title: "Chainguard",
    files: { "/etc/os-release": 'ID=chainguard\nNAME="Chainguard"\nPRETTY_NAME="Chainguard"\nVERSION_ID="20230214"\nHOME_URL="https://chainguard.dev/"\n' },
    want: { family: "chainguard", name: "20230214", eol: false },
  },
];

describe("detectOS", () => {
  for (const row of table) {
    it(row.title, () => {
      const os = detectOS(files(row.files), { now });
      assert.ok(os, "an OS was detected");
      const got = { family: os.family, name: os.name, codename: os.codename, eol: os.eol, eolDate: os.eolDate, distroless: os.distroless };
      const want = { codename: undefined, eol: undefined, eolDate: undefined, distroless: undefined, ...row.want };
      assert.deepEqual(got, want);
    });
  }

  for (const row of table) {
    it(`pickOS over the per-file answers agrees with detectOS: ${row.title}`, () => {
      const f = files(row.files);
      const perFile = [...f].flatMap(([path, content]) => {
        const os = detectOS(new Map([[path, content]]), { now: new Date("2000-01-01T00:00:00Z") });
        return os ? [{ path, os }] : [];
      });
      assert.deepEqual(pickOS(perFile, { now, dpkgPaths: f.keys() }), detectOS(f, { now }));
    });
  }

  it("returns undefined without any OS file", () => {
    assert.equal(detectOS(files({ "/etc/hostname": "x" })), undefined);
  });

  it("computes end of life against the date passed in", () => {
    const f = files({ "/etc/alpine-release": "3.20.3\n" });
    assert.equal(detectOS(f, { now: new Date("2026-03-31T00:00:00Z") })?.eol, false);
    assert.equal(detectOS(f, { now: new Date("2026-04-02T00:00:00Z") })?.eol, true);
  });

  it("leaves eol unset for a release not in the table", () => {
    const os = detectOS(files({ "/etc/alpine-release": "9.99.0\n" }), { now });
    assert.equal(os?.eol, undefined);
  });

  it("reads the os-release of the syft dpkg fixture", () => {
    const p = join(fixturesDir, "pkgdb/dpkg/syft-image-dpkg/etc/os-release");
    const os = detectOS(new Map([["/etc/os-release", readFileSync(p)]]), { now });
    assert.ok(os);
    assert.deepEqual([os.family, os.name, os.codename], ["debian", "12", "bookworm"]);
  });

  it("detects debian 12 bookworm in the bookworm test image rootfs", () => {
    const img = testImages();
    const m = new Map<string, Buffer>();
    for (const p of ["/etc/os-release", "/usr/lib/os-release", "/etc/debian_version"]) {
      const abs = join(img.rootfs, p);
      if (existsSync(abs)) m.set(p, readFileSync(abs));
    }
    const os = detectOS(m, { now });
    assert.equal(os?.family, img.expected.bookworm.os.id);
    assert.equal(os?.name, img.expected.bookworm.os.version);
    assert.equal(os?.codename, img.expected.bookworm.os.codename);
    assert.equal(os?.eol, false);
  });

  it("the analyzer reports what each file says", async () => {
    const info = { path: "", type: "file" as const, size: 0, mode: 0o644, uid: 0, gid: 0 };
    assert.equal(osAnalyzer.wants("/etc/os-release", info), true);
    assert.equal(osAnalyzer.wants("/etc/passwd", info), false);
    const input = [
      { path: "/etc/os-release", info, content: Buffer.from("ID=ubuntu\nVERSION_ID=24.04\n") },
      { path: "/etc/debian_version", info, content: Buffer.from("trixie/sid\n") },
    ];
    const res = await osAnalyzer.analyze(input, { logger: silentLogger, warn: () => undefined });
    assert.deepEqual(res.os?.map((o) => [o.path, o.os.family]), [["/etc/os-release", "ubuntu"], ["/etc/debian_version", "debian"]]);
  });
});

describe("Alpine /etc/apk/repositories", () => {
  const info = { path: "", type: "file" as const, size: 1, mode: 0o644, uid: 0, gid: 0 };
  const file = (path: string, text: string) => ({ path, info: { ...info, path }, content: Buffer.from(text) });

  it("names the branch packages come from: edge wins, else the newest; tags and comments ignored", () => {
    const base = "https://dl-cdn.alpinelinux.org/alpine";
    assert.equal(apkRepositoryBranch(`${base}/v3.16/main\n${base}/v3.16/community\n`), "3.16");
    assert.equal(apkRepositoryBranch(`${base}/v3.9/main\n${base}/v3.17/main\n${base}/v3.10/main\n`), "3.17");
    assert.equal(apkRepositoryBranch(`${base}/edge/main\n${base}/v3.18/main\n`), "edge");
    assert.equal(apkRepositoryBranch(`# ${base}/edge/main\n@testing ${base}/edge/testing\n/media/cdrom/apks\n${base}/v3.15/main/\n`), "3.15");
    assert.equal(apkRepositoryBranch("garbage\n"), undefined);
  });

  it("an image on 3.16 installing from edge is matched against edge", async () => {
    const res = await osAnalyzer.analyze([
      file("/etc/os-release", "ID=alpine\nVERSION_ID=3.16.2\n"),
      file("/etc/alpine-release", "3.16.2\n"),
      file(APK_REPOSITORIES, "https://packages.wolfi.dev/os\nhttps://dl-cdn.alpinelinux.org/alpine/edge/main\n"),
    ], { logger: silentLogger, warn: () => undefined });
    const os = pickOS(res.os ?? []);
    assert.deepEqual([os?.name, os?.repository], ["3.16.2", "edge"]);
    assert.deepEqual(alpine.namespaces(os!), ["alpine:edge"]);
    const same = pickOS([...(res.os ?? []).filter((o) => o.path !== APK_REPOSITORIES), { path: APK_REPOSITORIES, os: { family: "alpine", name: "3.16" } }]);
    assert.equal(same?.repository, undefined, "the os-release branch itself is no repository override");
    assert.deepEqual(alpine.namespaces(same!), ["alpine:3.16"]);
  });
});
