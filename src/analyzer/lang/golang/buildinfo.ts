/**
 * Go build information embedded in binaries (`.go.buildinfo`): the 32-byte header (magic
 * `\xff Go buildinf:`, pointer size, flags: bit 0 big-endian, bit 1 inline strings), then either two
 * varint-prefixed strings (Go ≥ 1.18) or two pointers to string headers (older). The module info is
 * framed by 16-byte sentinels.
 */
import type { Elf } from "../elf.js";

export const BUILDINFO_MAGIC = Buffer.from("\xff Go buildinf:", "latin1");
const MAX_STRING = 4 * 1024 * 1024;

export interface RawBuildInfo { goVersion: string; modinfo: string }

/** Unsigned LEB128 varint at `off` → [value, next offset], or undefined. */
function uvarint(buf: Buffer, off: number): [number, number] | undefined {
  let v = 0;
  for (let i = 0, shift = 1; i < 5 && off + i < buf.length; i++, shift *= 128) {
    const b = buf[off + i] as number;
    v += (b & 0x7f) * shift;
    if (b < 0x80) return [v, off + i + 1];
  }
  return undefined;
}

interface RawBytes { version: Buffer; modinfo: Buffer }

function inlineStrings(data: Buffer): RawBytes {
  const out: Buffer[] = [];
  let off = 32;
  for (let i = 0; i < 2; i++) {
    const v = uvarint(data, off);
    if (!v || v[0] > MAX_STRING || v[1] + v[0] > data.length) throw new Error("truncated inline build info string");
    out.push(data.subarray(v[1], v[1] + v[0]));
    off = v[1] + v[0];
  }
  return { version: out[0] ?? Buffer.alloc(0), modinfo: out[1] ?? Buffer.alloc(0) };
}

function pointerStrings(data: Buffer, elf: Elf, ptrSize: number, bigEndian: boolean): RawBytes {
  if (ptrSize !== 4 && ptrSize !== 8) throw new Error(`unsupported pointer size ${ptrSize}`);
  const readPtr = (b: Buffer, o: number): bigint => {
    if (o + ptrSize > b.length) throw new Error("truncated build info pointer");
    if (ptrSize === 8) return bigEndian ? b.readBigUInt64BE(o) : b.readBigUInt64LE(o);
    return BigInt(bigEndian ? b.readUInt32BE(o) : b.readUInt32LE(o));
  };
  const readString = (headerAddr: bigint): Buffer => {
    const hdr = elf.readAt(headerAddr, ptrSize * 2);
    if (!hdr) throw new Error("build info string header outside the binary");
    const len = readPtr(hdr, ptrSize);
    if (len > BigInt(MAX_STRING)) throw new Error("build info string too long");
    const body = len === 0n ? Buffer.alloc(0) : elf.readAt(readPtr(hdr, 0), Number(len));
    if (!body) throw new Error("build info string outside the binary");
    return body;
  };
  return { version: readString(readPtr(data, 16)), modinfo: readString(readPtr(data, 16 + ptrSize)) };
}

/** Decodes the build info at the start of `data` (the `.go.buildinfo` section or where the magic was found). */
export function decodeBuildInfo(data: Buffer, elf: Elf): RawBuildInfo {
  if (data.length < 32 || !data.subarray(0, 14).equals(BUILDINFO_MAGIC)) throw new Error("no Go build info magic");
  const ptrSize = data[14] as number;
  const flags = data[15] as number;
  const raw = (flags & 2) !== 0 ? inlineStrings(data) : pointerStrings(data, elf, ptrSize, (flags & 1) !== 0);
  return { goVersion: raw.version.toString("utf8"), modinfo: stripSentinels(raw.modinfo).toString("utf8") };
}

/** The module info is framed by 16 bytes of sentinel on each side (the last one after a `\n`). */
export function stripSentinels(mod: Buffer): Buffer {
  return mod.length >= 33 && mod[mod.length - 17] === 0x0a ? mod.subarray(16, mod.length - 16) : mod;
}
