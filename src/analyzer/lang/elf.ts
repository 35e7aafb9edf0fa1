/**
 * Minimal, bounds-checked ELF reader: section headers by name and virtual-address reads through the
 * PT_LOAD segments. Only what the Go build-info and cargo-auditable readers need.
 */
export interface ElfSection { name: string; type: number; addr: bigint; offset: number; size: number }

export interface Elf {
  bits: 32 | 64;
  littleEndian: boolean;
  sections: ElfSection[];
  section(name: string): Buffer | undefined;
  /** `len` bytes at virtual address `addr`, or undefined when outside the file. */
  readAt(addr: bigint, len: number): Buffer | undefined;
}

export const isElf = (buf: Buffer): boolean => buf.length >= 52 && buf.readUInt32BE(0) === 0x7f454c46;

interface Segment { vaddr: bigint; offset: number; filesz: number }

/** Parses the headers of `buf`; throws an Error with a short reason when they are not plausible. */
export function parseElf(buf: Buffer): Elf {
  if (!isElf(buf)) throw new Error("not an ELF file");
  const bits = buf[4] === 2 ? 64 : buf[4] === 1 ? 32 : undefined;
  const le = buf[5] === 1 ? true : buf[5] === 2 ? false : undefined;
  if (bits === undefined || le === undefined) throw new Error("bad ELF class or data encoding");
  const u16 = (o: number): number => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number): number => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const addr = (o: number): bigint => (bits === 64 ? (le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o)) : BigInt(u32(o)));
  const off = (o: number): number => Number(addr(o));
  const need = (o: number, n: number): void => {
    if (o < 0 || o + n > buf.length) throw new Error("ELF header points outside the file");
  };
  need(0, bits === 64 ? 64 : 52);
  const [phoff, shoff] = bits === 64 ? [off(32), off(40)] : [off(28), off(32)];
  const [phentsize, phnum, shentsize, shnum, shstrndx] = bits === 64
    ? [u16(54), u16(56), u16(58), u16(60), u16(62)] : [u16(42), u16(44), u16(46), u16(48), u16(50)];
  const segments: Segment[] = [];
  for (let i = 0; i < phnum && phentsize >= (bits === 64 ? 56 : 32); i++) {
    const o = phoff + i * phentsize;
    need(o, phentsize);
    if (u32(o) !== 1) continue; // PT_LOAD
    segments.push(bits === 64
      ? { offset: off(o + 8), vaddr: addr(o + 16), filesz: off(o + 32) }
      : { offset: off(o + 4), vaddr: addr(o + 8), filesz: off(o + 16) });
  }
  const raw: Omit<ElfSection, "name">[] = [];
  const nameOffs: number[] = [];
  for (let i = 0; i < shnum && shentsize >= (bits === 64 ? 64 : 40); i++) {
    const o = shoff + i * shentsize;
    need(o, shentsize);
    nameOffs.push(u32(o));
    raw.push(bits === 64
      ? { type: u32(o + 4), addr: addr(o + 16), offset: off(o + 24), size: off(o + 32) }
      : { type: u32(o + 4), addr: addr(o + 12), offset: off(o + 16), size: off(o + 20) });
  }
  const strtab = raw[shstrndx];
  const sections = raw.map((s, i) => ({ ...s, name: strtab ? cString(buf, strtab.offset + (nameOffs[i] ?? 0), strtab.offset + strtab.size) : "" }));
  return {
    bits,
    littleEndian: le,
    sections,
    section: (name) => {
      const s = sections.find((x) => x.name === name && x.type !== 8); // not SHT_NOBITS
      return s && s.offset + s.size <= buf.length ? buf.subarray(s.offset, s.offset + s.size) : undefined;
    },
    readAt: (a, len) => {
      const seg = segments.find((s) => a >= s.vaddr && a + BigInt(len) <= s.vaddr + BigInt(s.filesz));
      if (!seg) return undefined;
      const start = seg.offset + Number(a - seg.vaddr);
      return start + len <= buf.length ? buf.subarray(start, start + len) : undefined;
    },
  };
}

function cString(buf: Buffer, start: number, end: number): string {
  if (start < 0 || start >= buf.length) return "";
  const stop = Math.min(end, buf.length);
  const nul = buf.indexOf(0, start);
  return buf.toString("latin1", start, nul < 0 || nul > stop ? stop : nul);
}
