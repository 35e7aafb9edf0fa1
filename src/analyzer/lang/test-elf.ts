/**
 * Test support: a minimal 64-bit ELF (one PT_LOAD mapping the whole file at 0x400000, a section table with
 * `.shstrtab` and the named sections). Used for the pre-1.18 pointer build-info format, big-endian files
 * and cargo-auditable sections, which the local toolchains cannot produce.
 */
export const ELF_BASE = 0x400000n;

export interface ElfSpec {
  bigEndian?: boolean;
  /** Section name → contents; each section is placed at an 16-byte aligned offset, returned by `layout`. */
  sections: { name: string; data: (offsetOf: (name: string) => number) => Buffer; size: number }[];
}

export function makeElf(spec: ElfSpec): Buffer {
  const be = spec.bigEndian === true;
  const names = ["", ".shstrtab", ...spec.sections.map((s) => s.name)];
  const shstr = Buffer.from(names.join("\0") + "\0", "latin1");
  const offsets = new Map<string, number>();
  let off = 0x100;
  for (const s of spec.sections) {
    offsets.set(s.name, off);
    off = (off + s.size + 15) & ~15;
  }
  const shstrOff = off;
  const shoff = (shstrOff + shstr.length + 15) & ~15;
  const total = shoff + 64 * names.length;
  const buf = Buffer.alloc(total);
  const u16 = (o: number, v: number): number => (be ? buf.writeUInt16BE(v, o) : buf.writeUInt16LE(v, o));
  const u32 = (o: number, v: number): number => (be ? buf.writeUInt32BE(v, o) : buf.writeUInt32LE(v, o));
  const u64 = (o: number, v: bigint): number => (be ? buf.writeBigUInt64BE(v, o) : buf.writeBigUInt64LE(v, o));
  buf.write("\x7fELF", 0, "latin1");
  buf[4] = 2;
  buf[5] = be ? 2 : 1;
  buf[6] = 1;
  u16(16, 2);
  u16(18, 62);
  u64(32, 64n); // phoff
  u64(40, BigInt(shoff));
  u16(52, 64);
  u16(54, 56);
  u16(56, 1);
  u16(58, 64);
  u16(60, names.length);
  u16(62, 1);
  u32(64, 1); // PT_LOAD
  u64(64 + 8, 0n);
  u64(64 + 16, ELF_BASE);
  u64(64 + 32, BigInt(total));
  u64(64 + 40, BigInt(total));
  const offsetOf = (name: string): number => offsets.get(name) ?? 0;
  for (const s of spec.sections) s.data(offsetOf).copy(buf, offsetOf(s.name));
  shstr.copy(buf, shstrOff);
  let nameOff = 0;
  names.forEach((n, i) => {
    const o = shoff + 64 * i;
    if (i > 0) {
      const isStr = n === ".shstrtab";
      const secOff = isStr ? shstrOff : offsetOf(n);
      u32(o, nameOff);
      u32(o + 4, isStr ? 3 : 1);
      u64(o + 16, ELF_BASE + BigInt(secOff));
      u64(o + 24, BigInt(secOff));
      u64(o + 32, BigInt(isStr ? shstr.length : spec.sections.find((s) => s.name === n)?.size ?? 0));
    }
    nameOff += Buffer.byteLength(n, "latin1") + 1;
  });
  return buf;
}
