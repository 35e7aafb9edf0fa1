/**
 * Structure-aware mutations of JSON seeds: a node (numbered in pre-order) is replaced by a hostile value,
 * renamed to a prototype key, dropped, replaced by a copy of another node (type confusion), grown, or nested
 * inside itself far deeper than JSON.stringify can write (the text is assembled around markers instead).
 */
import fc from "fast-check";

export type JsonMutation =
  | { op: "replace"; node: number; value: number }
  | { op: "rename"; node: number; key: number }
  | { op: "drop"; node: number }
  | { op: "swap"; node: number; other: number }
  | { op: "grow"; node: number; times: number }
  | { op: "nest"; node: number; child: number; depth: number };

/** Raw JSON texts: wrong types, boundary numbers, prototype keys, objects that cannot become strings. */
const hostileValues: readonly string[] = [
  "null", "true", "false", "0", "-1", "1.5", "1e308", "-1e308", "9007199254740993", '""', '" "', '"\\u0000"',
  '"\\ud800"', `"${"x".repeat(100_000)}"`, '"constructor"', '"__proto__"', '"toString"', '"../../../etc/passwd"',
  '"${a}${a}${a}"', "[]", "[null]", "{}", '{"toString":1}', '{"toString":1,"valueOf":1}', '[{"toString":1}]',
  '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '["constructor","__proto__"]',
];

const hostileKeys: readonly string[] = [
  "__proto__", "constructor", "toString", "valueOf", "hasOwnProperty", "length", "", "0", "\u0000", "a".repeat(5000),
];

const depths: readonly number[] = [2, 64, 1000, 12_000, 100_000];
/** Nested text is cut to this many bytes (the depth is lowered to fit). */
const MAX_NEST_BYTES = 1024 * 1024;

export function jsonMutation(): fc.Arbitrary<JsonMutation> {
  const node = fc.nat();
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant("replace" as const), node, value: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("rename" as const), node, key: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("drop" as const), node }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("swap" as const), node, other: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("grow" as const), node, times: fc.integer({ min: 2, max: 50 }) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("nest" as const), node, child: fc.nat(), depth: fc.nat() }) },
  );
}

type Container = Record<string, unknown> | unknown[];
interface NodeRef {
  parent: Container | undefined;
  key: string;
  value: unknown;
}

const isContainer = (v: unknown): v is Container => typeof v === "object" && v !== null;
const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

/** Every node in pre-order (the root has no parent). */
function nodes(root: unknown): NodeRef[] {
  const out: NodeRef[] = [];
  const stack: NodeRef[] = [{ parent: undefined, key: "", value: root }];
  while (stack.length > 0) {
    const n = stack.pop() as NodeRef;
    out.push(n);
    if (isContainer(n.value)) {
      const entries = Object.entries(n.value).reverse();
      for (const [key, value] of entries) stack.push({ parent: n.value, key, value });
    }
  }
  return out;
}

/** Sets an own property (also for `__proto__`), keeping arrays arrays. */
function put(parent: Container, key: string, value: unknown): void {
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Applies the mutations to a copy of `doc` and returns the JSON text. */
export function applyJsonMutations(doc: unknown, muts: readonly JsonMutation[]): string {
  let root = structuredClone(doc);
  const texts = new Map<string, string>();
  const mark = (text: string): string => {
    const id = `@@fuzz-mark-${texts.size}@@`;
    texts.set(id, text);
    return id;
  };
  for (const m of muts) {
    const all = nodes(root);
    const n = pick(all, m.node);
    const replaceWith = (v: unknown): void => {
      if (n.parent) put(n.parent, n.key, v);
      else root = v;
    };
    if (m.op === "replace") replaceWith(mark(pick(hostileValues, m.value)));
    else if (m.op === "swap") replaceWith(structuredClone(pick(all, m.other).value));
    // Marked text is expanded only once: growing or nesting a copy of it would multiply its size.
    else if ((m.op === "grow" || m.op === "nest") && (JSON.stringify(n.value) ?? "").includes("@@fuzz-mark-")) continue;
    else if (m.op === "grow") replaceWith(grow(n.value, m.times));
    else if (m.op === "nest") replaceWith(mark(nestText(n.value, m.child, pick(depths, m.depth))));
    else if (n.parent && !Array.isArray(n.parent)) {
      delete n.parent[n.key];
      if (m.op === "rename") put(n.parent, pick(hostileKeys, m.key), n.value);
    } else if (n.parent && m.op === "drop") n.parent.splice(Number(n.key), 1);
  }
  let text = JSON.stringify(root) ?? "null";
  // Later marks first: a nested text may hold copies of earlier marks.
  for (const [id, raw] of [...texts].reverse()) text = text.split(JSON.stringify(id)).join(raw);
  return text;
}

/** `v` with its elements (or keys) repeated up to `times`, at most about MAX_NEST_BYTES of JSON. */
function grow(v: unknown, times: number): unknown {
  if (!isContainer(v)) return v;
  const size = (JSON.stringify(v) ?? "").length + 1;
  const n = Math.max(1, Math.min(times, Math.floor(MAX_NEST_BYTES / size)));
  if (Array.isArray(v)) return Array.from({ length: Math.min(v.length * n, 5000) }, (_, i) => v[i % v.length]);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) for (let i = 0; i < n; i++) put(out, i === 0 ? k : `${k}${i}`, x);
  return out;
}

/**
 * `v` nested in itself `depth` times through one of its container children (an object's `components`,
 * `branches`, `dependencies`…, or the array itself), as text.
 */
function nestText(v: unknown, child: number, depth: number): string {
  const whole = JSON.stringify(v) ?? "null";
  let pre: string;
  let post: string;
  const keys = isContainer(v) && !Array.isArray(v) ? Object.keys(v).filter((k) => isContainer(v[k])) : [];
  if (keys.length > 0) {
    const key = pick(keys, child);
    const obj = v as Record<string, unknown>;
    const inner = obj[key];
    const hole = JSON.stringify({ ...obj, [key]: "@@fuzz-hole@@" });
    [pre = "", post = ""] = hole.split('"@@fuzz-hole@@"');
    if (Array.isArray(inner)) [pre, post] = [`${pre}[`, `]${post}`];
  } else {
    [pre, post] = ["[", "]"];
  }
  const fit = Math.max(1, Math.floor((MAX_NEST_BYTES - whole.length) / Math.max(1, pre.length + post.length)));
  const d = Math.min(depth, fit);
  return pre.repeat(d) + whole + post.repeat(d);
}

/** The seed parsed as JSON, or undefined when it is not JSON. */
export function parseJsonSeed(seed: Buffer): unknown {
  try {
    return JSON.parse(seed.toString("utf8").replace(/^\uFEFF/, "")) as unknown;
  } catch {
    return undefined;
  }
}
