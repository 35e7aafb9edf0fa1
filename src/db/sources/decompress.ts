/** Compressed feed files (`updateinfo.xml.gz`, `com.oracle.elsa-ol9.xml.bz2`): decoded with a size cap. */
import { gunzipSync } from "node:zlib";
import Bunzip, { type BunzipOutput } from "seek-bzip";
import { errorMessage } from "../../errors.js";
import { MalformedRecord } from "./types.js";

/**
 * Largest decompressed feed document: the text must fit one V8 string (~512 MiB). Oracle's per-release
 * OVAL files are well under it; its all-releases file may not be (use the per-release ones).
 */
export const MAX_DECOMPRESSED_BYTES = 500 * 1024 * 1024;

class CappedOutput implements BunzipOutput {
  private readonly chunks: Buffer[] = [];
  private current = Buffer.alloc(1 << 20);
  private pos = 0;
  private total = 0;
  constructor(private readonly cap: number) {}
  writeByte(byte: number): void {
    if (++this.total > this.cap) throw new MalformedRecord(`decompressed data larger than ${this.cap} bytes`);
    if (this.pos === this.current.length) {
      this.chunks.push(this.current);
      this.current = Buffer.alloc(1 << 20);
      this.pos = 0;
    }
    this.current[this.pos++] = byte;
  }
  write(buffer: Uint8Array, offset: number, length: number): number {
    for (let i = 0; i < length; i++) this.writeByte(buffer[offset + i]!);
    return length;
  }
  flush(): void {}
  buffer(): Buffer {
    return Buffer.concat([...this.chunks, this.current.subarray(0, this.pos)]);
  }
}

const isGzip = (b: Uint8Array): boolean => b[0] === 0x1f && b[1] === 0x8b;
const isBzip2 = (b: Uint8Array): boolean => b[0] === 0x42 && b[1] === 0x5a && b[2] === 0x68; // "BZh"

/** gzip or bzip2 by magic bytes, else the bytes as they are; at most `cap` bytes out. */
export function decompress(data: Buffer, cap = MAX_DECOMPRESSED_BYTES): Buffer {
  try {
    if (isGzip(data)) return gunzipSync(data, { maxOutputLength: cap });
    if (isBzip2(data)) {
      const out = new CappedOutput(cap);
      Bunzip.decode(data, out, true);
      return out.buffer();
    }
  } catch (err) {
    if (err instanceof MalformedRecord) throw err;
    throw new MalformedRecord(`cannot decompress: ${errorMessage(err)}`);
  }
  if (data.length > cap) throw new MalformedRecord(`document larger than ${cap} bytes`);
  return data;
}
