/**
 * Byte-level mutations of seed inputs. A mutation is plain data (so fast-check can generate and shrink it)
 * applied deterministically: bit flips, truncation, deletion, dictionary tokens, splices from other seeds,
 * repeated chunks, words replaced by dictionary tokens, and length-field tweaks (binary integers and ASCII
 * digit runs set to boundary values).
 */
import fc from "fast-check";

export type ByteMutation =
  | { op: "flip"; at: number; bit: number }
  | { op: "set"; at: number; value: number }
  | { op: "truncate"; at: number }
  | { op: "delete"; at: number; len: number }
  | { op: "insert"; at: number; token: number }
  | { op: "copy"; from: number; to: number; len: number }
  | { op: "splice"; at: number; donor: number; from: number; len: number }
  | { op: "repeat"; at: number; len: number; times: number }
  | { op: "int"; at: number; width: 1 | 2 | 4 | 8; le: boolean; value: number }
  | { op: "number"; nth: number; value: number }
  | { op: "digits"; nth: number; fill: number }
  | { op: "word"; nth: number; token: number };

/** Tokens every parser may meet: structure characters, prototype keys, encodings, huge and odd values. */
export const commonTokens: readonly string[] = [
  "\0", "\n", "\r\n", "\n\n", " ", "\t", '"', "'", "\\", ":", "=", ",", "#", "/", "..", "../../", "{", "}", "[", "]",
  "(", ")", "<", ">", "&", "@", "*", "%", "$", "${a}", "__proto__", "constructor", "toString", "hasOwnProperty",
  '{"toString":1}', '"__proto__":{}', "\uFEFF", "\uD800", "\xff\xfe", "\u2028", "-1", "0", "4294967295",
  "18446744073709551616", "1e999", "NaN", "&#x110000;", "&#99999999999;", "[".repeat(3000), "{".repeat(3000),
  "a".repeat(70_000),
];

/** Boundary integers for binary length/offset/count fields. */
const boundaryInts: readonly bigint[] = [
  0n, 1n, 2n, 0x7fn, 0x80n, 0xffn, 0x100n, 0x7fffn, 0x8000n, 0xffffn, 0x10000n, 0x7fffffffn, 0x80000000n,
  0xfffffffen, 0xffffffffn, 0x100000000n, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n,
];

/** Boundary numbers for text fields (tar sizes, versions, counts, JSON numbers). */
const boundaryTexts: readonly string[] = [
  "0", "-1", "-0", "1", "7777777777777", "99999999999", "4294967295", "4294967296", "9007199254740993",
  "18446744073709551615", "1e308", "1e999", "-1e999", "0.0000001", "NaN", "0x7fffffff", "9".repeat(400),
];

/** Characters a fixed-width digit field is filled with (tar's octal fields keep their length). */
const digitFills = ["7", "9", "0", " ", "\0", "8", "-"];

const position = fc.nat({ max: 0xffffffff });

export function byteMutation(donors: number): fc.Arbitrary<ByteMutation> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ op: fc.constant("flip" as const), at: position, bit: fc.nat({ max: 7 }) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("set" as const), at: position, value: fc.nat({ max: 255 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("truncate" as const), at: position }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("delete" as const), at: position, len: fc.nat({ max: 600 }) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant("insert" as const), at: position, token: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("copy" as const), from: position, to: position, len: fc.nat({ max: 2048 }) }) },
    {
      weight: donors > 1 ? 1 : 0,
      arbitrary: fc.record({ op: fc.constant("splice" as const), at: position, donor: fc.nat(), from: position, len: fc.nat({ max: 4096 }) }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("repeat" as const), at: position, len: fc.integer({ min: 1, max: 64 }), times: fc.integer({ min: 2, max: 2000 }) }) },
    {
      weight: 3,
      arbitrary: fc.record({
        op: fc.constant("int" as const),
        at: position,
        width: fc.constantFrom(1 as const, 2 as const, 4 as const, 8 as const),
        le: fc.boolean(),
        value: fc.nat(),
      }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("number" as const), nth: fc.nat(), value: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("digits" as const), nth: fc.nat(), fill: fc.nat() }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant("word" as const), nth: fc.nat(), token: fc.nat() }) },
  );
}

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
const at = (i: number, len: number): number => i % (len + 1);

/** Applies `m` to `buf` (never in place). `tokens` is the dictionary, `donors` the other seeds. */
export function applyByteMutation(buf: Buffer, m: ByteMutation, tokens: readonly string[], donors: readonly Buffer[]): Buffer {
  const n = buf.length;
  switch (m.op) {
    case "flip":
    case "set": {
      if (n === 0) return buf;
      const out = Buffer.from(buf);
      const i = m.at % n;
      out[i] = m.op === "flip" ? (out[i] ?? 0) ^ (1 << m.bit) : m.value;
      return out;
    }
    case "truncate":
      return buf.subarray(0, at(m.at, n));
    case "delete": {
      const i = at(m.at, n);
      return Buffer.concat([buf.subarray(0, i), buf.subarray(i + m.len)]);
    }
    case "insert": {
      const i = at(m.at, n);
      return Buffer.concat([buf.subarray(0, i), Buffer.from(pick(tokens, m.token), "latin1"), buf.subarray(i)]);
    }
    case "copy": {
      const from = at(m.from, n);
      const to = at(m.to, n);
      return Buffer.concat([buf.subarray(0, to), buf.subarray(from, from + m.len), buf.subarray(to)]);
    }
    case "splice": {
      const donor = donors.length > 0 ? pick(donors, m.donor) : buf;
      const from = at(m.from, donor.length);
      const i = at(m.at, n);
      return Buffer.concat([buf.subarray(0, i), donor.subarray(from, from + m.len), buf.subarray(i)]);
    }
    case "repeat": {
      const i = at(m.at, n);
      const chunk = buf.subarray(i, i + m.len);
      return Buffer.concat([buf.subarray(0, i), ...Array<Buffer>(m.times).fill(chunk), buf.subarray(i)]);
    }
    case "int":
      return writeInt(buf, m);
    case "number":
      return replaceRun(buf, /\d+/g, m.nth, () => pick(boundaryTexts, m.value));
    case "digits":
      return replaceRun(buf, /\d+/g, m.nth, (run) => pick(digitFills, m.fill).repeat(run.length));
    case "word":
      return replaceRun(buf, /[\w.+-]+/g, m.nth, () => pick(tokens, m.token));
  }
}

function writeInt(buf: Buffer, m: Extract<ByteMutation, { op: "int" }>): Buffer {
  if (buf.length < m.width) return buf;
  const out = Buffer.from(buf);
  const i = m.at % (buf.length - m.width + 1);
  const v = pick(boundaryInts, m.value) & ((1n << BigInt(m.width * 8)) - 1n);
  if (m.width === 8) {
    if (m.le) out.writeBigUInt64LE(v, i);
    else out.writeBigUInt64BE(v, i);
  } else if (m.le) out.writeUIntLE(Number(v), i, m.width);
  else out.writeUIntBE(Number(v), i, m.width);
  return out;
}

/** Replaces the `nth` (modulo their count) match of `re` (a global regex) in the latin1 text of `buf`. */
function replaceRun(buf: Buffer, re: RegExp, nth: number, by: (run: string) => string): Buffer {
  const text = buf.toString("latin1");
  const runs = [...text.matchAll(re)];
  if (runs.length === 0) return buf;
  const run = pick(runs, nth);
  const start = run.index ?? 0;
  const end = start + run[0].length;
  return Buffer.concat([buf.subarray(0, start), Buffer.from(by(run[0]), "latin1"), buf.subarray(end)]);
}
