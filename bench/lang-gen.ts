/** Deterministic building blocks for the generated language-package image: random numbers, names, filler. */
import { createHash } from "node:crypto";

export type Rand = () => number;

/** xorshift32: the same seed builds the same image on every machine. */
export function rng(seed: number): Rand {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

export const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const SYL = "ba be bi bo bu ca ce co da de di do du fa fe fi fo ga ge go ha he hi ho ja jo ka ke ki ko la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo wa we xa ya yo za ze zo".split(" ");

/** A pronounceable word that is unique per index (fixed number of syllables encode the index). */
export function uniqueWord(index: number, syllables = 3): string {
  let s = "";
  let n = index;
  for (let i = 0; i < syllables; i++) {
    s += SYL[n % SYL.length]!;
    n = Math.floor(n / SYL.length);
  }
  return s;
}

export function word(r: Rand): string {
  return uniqueWord(int(r, 0, SYL.length ** 2 - 1), int(r, 1, 2));
}

export function semver(r: Rand, major = int(r, 0, 9)): string {
  return `${major}.${int(r, 0, 30)}.${int(r, 0, 20)}`;
}

/** ~4 MB of word-like text; files are windows of it (realistic compression, cheap to produce). */
export function corpus(r: Rand, size = 4 * 1024 * 1024): Buffer {
  const tokens = [...Array.from({ length: 2000 }, () => word(r)), "function", "return", "const", "import", "export", "{", "}", "(", ")", ";", "=>", "\n", "\n  ", "if", "else", "this"];
  const parts: string[] = [];
  let n = 0;
  while (n < size) {
    const t = tokens[Math.floor(r() ** 2 * tokens.length)]!;
    parts.push(t);
    n += t.length + 1;
  }
  return Buffer.from(parts.join(" ").slice(0, size));
}

export function slice(r: Rand, text: Buffer, lo: number, hi: number): Buffer {
  const size = int(r, lo, hi);
  const at = Math.floor(r() * (text.length - size));
  return text.subarray(at, at + size);
}

/** `sha256=<urlsafe base64, no padding>` as pip writes in RECORD. */
export function recordHash(b: Buffer): string {
  return `sha256=${createHash("sha256").update(b).digest("base64url")}`;
}

export const LICENSES = ["MIT", "MIT", "MIT", "ISC", "Apache-2.0", "BSD-3-Clause", "BSD-2-Clause", "MPL-2.0"] as const;

export const MIT_TEXT = `MIT License

Copyright (c) <year> <copyright holders>

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation
the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and
to permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of
the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED.
`;
