import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { FileTree } from "./file-tree.js";
import type { FileInfo, FileType, LayerEvent } from "./types.js";

function e(path: string, type: FileType = "file", extra: Partial<FileInfo> = {}): LayerEvent {
  const size = type === "file" ? (extra.size ?? path.length) : 0;
  return { kind: "entry", info: { path, type, size, mode: type === "dir" ? 0o755 : 0o644, uid: 0, gid: 0, ...extra } };
}
const dir = (path: string): LayerEvent => e(path, "dir");
const sym = (path: string, linkname: string): LayerEvent => e(path, "symlink", { linkname });
const hard = (path: string, linkname: string): LayerEvent => e(path, "hardlink", { linkname });
const wh = (path: string): LayerEvent => ({ kind: "whiteout", path });
const opq = (path: string): LayerEvent => ({ kind: "opaque", path });

function build(layers: LayerEvent[][]): FileTree {
  const t = new FileTree();
  layers.forEach((events, i) => t.applyLayer(i, events));
  return t;
}

/** `path:type@layer` for every entry, sorted. */
function listing(t: FileTree): string[] {
  return [...t.files()].map((x) => `${x.info.path}:${x.info.type}@${x.layer}`).sort();
}

describe("FileTree.applyLayer", () => {
  const cases: { name: string; layers: LayerEvent[][]; expected: string[] }[] = [
    {
      name: "whiteout removes a lower file",
      layers: [[dir("/a"), e("/a/x"), e("/a/y")], [wh("/a/x")]],
      expected: ["/a:dir@0", "/a/y:file@0"],
    },
    {
      name: "whiteout of a directory removes its subtree",
      layers: [[dir("/a"), dir("/a/b"), e("/a/b/x")], [wh("/a/b")]],
      expected: ["/a:dir@0"],
    },
    {
      name: "whiteout does not hide an entry of its own layer (either order)",
      layers: [[e("/x"), e("/y")], [e("/x"), wh("/x"), wh("/y"), e("/y")]],
      expected: ["/x:file@1", "/y:file@1"],
    },
    {
      name: "whiteout of a missing path is ignored",
      layers: [[e("/x")], [wh("/nope"), wh("/x/y")]],
      expected: ["/x:file@0"],
    },
    {
      name: "opaque dir hides lower children and keeps same-layer entries before and after the marker",
      layers: [
        [dir("/opt"), dir("/opt/t"), e("/opt/t/old"), dir("/opt/t/lib"), e("/opt/t/lib/old.js")],
        [dir("/opt/t"), e("/opt/t/-early"), opq("/opt/t"), e("/opt/t/package.json"), dir("/opt/t/lib"), e("/opt/t/lib/new.js")],
      ],
      expected: [
        "/opt/t/-early:file@1",
        "/opt/t/lib/new.js:file@1",
        "/opt/t/lib:dir@1",
        "/opt/t/package.json:file@1",
        "/opt/t:dir@1",
        "/opt:dir@0",
      ],
    },
    {
      name: "opaque dir keeps a lower directory that holds same-layer entries (no dir entry in the layer)",
      layers: [[dir("/d"), dir("/d/sub"), e("/d/sub/old")], [e("/d/sub/new"), opq("/d")]],
      expected: ["/d/sub/new:file@1", "/d/sub:dir@0", "/d:dir@0"],
    },
    {
      name: "opaque marker on a later layer hides what earlier layers put there",
      layers: [[dir("/d"), e("/d/a")], [e("/d/b")], [opq("/d"), e("/d/c")]],
      expected: ["/d/c:file@2", "/d:dir@0"],
    },
    {
      name: "a file replacing a directory drops its subtree",
      layers: [[dir("/a"), dir("/a/b"), e("/a/b/c")], [e("/a")]],
      expected: ["/a:file@1"],
    },
    {
      name: "a symlink replacing a directory drops its subtree",
      layers: [[dir("/lib"), e("/lib/x")], [sym("/lib", "usr/lib")]],
      expected: ["/lib:symlink@1"],
    },
    {
      name: "a directory replacing a file",
      layers: [[e("/a")], [dir("/a"), e("/a/b")]],
      expected: ["/a/b:file@1", "/a:dir@1"],
    },
    {
      name: "a directory over a directory keeps its children",
      layers: [[dir("/a"), e("/a/x")], [dir("/a")]],
      expected: ["/a/x:file@0", "/a:dir@1"],
    },
    {
      name: "missing parents are created as directories",
      layers: [[e("/a/b/c")]],
      expected: ["/a/b/c:file@0", "/a/b:dir@0", "/a:dir@0"],
    },
    {
      name: "an entry below a symlinked directory is written through the link (inside the root)",
      layers: [[dir("/usr"), dir("/usr/lib"), sym("/lib", "usr/lib"), sym("/evil", "../../../../etc"), dir("/etc")], [e("/lib/x"), e("/evil/passwd")]],
      expected: ["/etc/passwd:file@1", "/etc:dir@0", "/evil:symlink@0", "/lib:symlink@0", "/usr/lib/x:file@1", "/usr/lib:dir@0", "/usr:dir@0"],
    },
    {
      name: "files of one directory after a link in their path changed go where the link now leads",
      layers: [
        [dir("/a"), dir("/b"), sym("/l", "a"), e("/l/x"), e("/l/y"), sym("/l", "b"), e("/l/z"), e("/l/w")],
        [e("/l/v"), wh("/b/z"), e("/l/u"), e("/l/t")],
      ],
      expected: ["/a/x:file@0", "/a/y:file@0", "/a:dir@0", "/b/t:file@1", "/b/u:file@1", "/b/v:file@1", "/b/w:file@0", "/b:dir@0", "/l:symlink@0"],
    },
    {
      name: "files of one directory after the directory was replaced by a file and back",
      layers: [
        [e("/d/x"), e("/d/y")],
        [e("/d"), e("/d/z")],
      ],
      expected: ["/d/z:file@1", "/d:dir@1"],
    },
    {
      name: "an entry below a regular file replaces the file by a directory",
      layers: [[e("/f")], [e("/f/x")]],
      expected: ["/f/x:file@1", "/f:dir@1"],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const t = build(c.layers);
      assert.deepEqual(listing(t), [...c.expected].sort());
      assert.equal(t.size, c.expected.length);
    });
  }

  it("keeps the FileInfo of the layer that wrote the entry", () => {
    const t = build([[e("/x", "file", { size: 5, mode: 0o4755, uid: 7, mtime: 99 })], [e("/x", "file", { size: 9, uid: 3 })]]);
    const x = t.get("/x");
    assert.equal(x?.layer, 1);
    assert.deepEqual(x?.info, { path: "/x", type: "file", size: 9, mode: 0o644, uid: 3, gid: 0 });
  });

  it("marks directories no layer declared as implicit", () => {
    const t = build([[e("/a/b")]]);
    assert.equal(t.get("/a")?.implicit, true);
    assert.equal(t.get("/a/b")?.implicit, undefined);
  });
});

describe("FileTree.resolve", () => {
  const t = build([
    [
      dir("/usr"),
      dir("/usr/bin"),
      e("/usr/bin/perl", "file", { size: 1234 }),
      sym("/bin", "usr/bin"),
      sym("/abs", "/usr/bin/perl"),
      sym("/usr/bin/rel", "perl"),
      sym("/usr/bin/up", "../../usr/bin/perl"),
      sym("/escape", "../../../../../usr/bin/perl"),
      sym("/escape-dir", "../../..//.."),
      sym("/loop1", "loop2"),
      sym("/loop2", "/loop1"),
      sym("/self", "self"),
      sym("/dangling", "/nowhere"),
      sym("/chain", "abs"),
      hard("/usr/bin/perl5", "/usr/bin/perl"),
      e("/gone"),
      hard("/keep", "/gone"),
      hard("/h1", "/h2"),
      hard("/h2", "/h1"),
    ],
    [wh("/gone")],
  ]);
  const table: [string, string | undefined][] = [
    ["/usr/bin/perl", "/usr/bin/perl"],
    ["/bin/perl", "/usr/bin/perl"],
    ["/abs", "/usr/bin/perl"],
    ["/bin/rel", "/usr/bin/perl"],
    ["/usr/bin/up", "/usr/bin/perl"],
    ["/escape", "/usr/bin/perl"],
    ["/escape-dir/usr/bin/perl", "/usr/bin/perl"],
    ["/bin/../bin/perl", "/usr/bin/perl"],
    ["/chain", "/usr/bin/perl"],
    ["/usr/bin/perl5", "/usr/bin/perl"],
    ["/bin/perl5", "/usr/bin/perl"],
    ["/keep", "/keep"],
    ["/loop1", undefined],
    ["/self", undefined],
    ["/h1", undefined],
    ["/dangling", undefined],
    ["/usr/bin/perl/x", undefined],
    ["/missing", undefined],
  ];
  for (const [path, expected] of table) {
    it(`${path} → ${expected}`, () => {
      assert.equal(t.resolve(path)?.info.path, expected);
    });
  }

  it("a hard link takes its target's size and keeps its own type and target", () => {
    const h = t.get("/usr/bin/perl5")!;
    assert.equal(h.info.type, "hardlink");
    assert.equal(h.info.linkname, "/usr/bin/perl");
    assert.equal(h.info.size, 1234);
  });

  it("the loop budget is exactly 40 links", () => {
    const chain: LayerEvent[] = [e("/target")];
    for (let i = 0; i < 41; i++) chain.push(sym(`/l${i}`, i === 0 ? "/target" : `/l${i - 1}`));
    const c = build([chain]);
    assert.equal(c.resolve("/l39")?.info.path, "/target"); // 40 links
    assert.equal(c.resolve("/l40"), undefined); // 41 links
  });
});

describe("FileTree size", () => {
  it("holds 1,000,000 entries compactly", () => {
    const before = process.memoryUsage();
    const t = new FileTree();
    const started = performance.now();
    for (let d = 0; d < 1000; d++) {
      const base = `/data/d${d}`;
      t.applyEvent(0, dir(base));
      for (let f = 0; f < 999; f++) t.applyEvent(0, e(`${base}/file-${f}.txt`, "file", { size: f, mtime: 1700000000 }));
    }
    const ms = performance.now() - started;
    const after = process.memoryUsage();
    assert.equal(t.size, 1_000_001);
    const grew = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
    assert.ok(grew < 250 * 1024 * 1024, `tree of 1M entries used ${Math.round(grew / 1048576)} MiB`);
    assert.ok(ms < 30_000, `building took ${Math.round(ms)} ms`);
    assert.equal(t.resolve("/data/d999/file-998.txt")?.info.size, 998);
  });
});
