/**
 * Follows zstd frame and block boundaries without decoding, so each frame header is checked before the
 * decoder sees it (fzstd allocates whatever window a frame declares, up to 2 GiB).
 */
const zstdMagic = 0xfd2fb528;

type ScanState = "magic" | "frame-header" | "skippable-size" | "block-header" | "skip";

export class ZstdFrameScanner {
  private state: ScanState = "magic";
  private head: Buffer = Buffer.alloc(0);
  private skip = 0;
  private afterSkip: ScanState = "magic";
  private checksum = 0;

  constructor(private readonly maxWindow: number) {}

  private cuts: number[] = [];
  private pos = 0;

  /**
   * Scans a chunk; returns the offsets in it where a block or skippable frame ends (feeding the decoder up to
   * such a cut yields at most one block: ≤ 128 KiB). Throws an Error when a frame is invalid or its window
   * too large.
   */
  scan(chunk: Uint8Array): number[] {
    this.cuts = [];
    let pos = 0;
    while (pos < chunk.length) {
      if (this.state === "skip") {
        const n = Math.min(this.skip, chunk.length - pos);
        this.skip -= n;
        pos += n;
        if (this.skip === 0) {
          this.state = this.afterSkip;
          this.cuts.push(pos);
        }
        continue;
      }
      const take = Math.min(this.needed() - this.head.length, chunk.length - pos);
      this.head = Buffer.concat([this.head, chunk.subarray(pos, pos + take)]);
      pos += take;
      if (this.head.length < this.needed()) continue;
      const h = this.head;
      this.head = Buffer.alloc(0);
      this.pos = pos;
      this.consume(h);
    }
    return this.cuts;
  }

  /** True when the input so far ends exactly between frames. */
  get atFrameBoundary(): boolean {
    return this.state === "magic" && this.head.length === 0;
  }

  private needed(): number {
    if (this.state === "magic" || this.state === "skippable-size") return 4;
    if (this.state === "block-header") return 3;
    return this.head.length === 0 ? 1 : frameHeaderLength(this.head[0]!);
  }

  private enterSkip(bytes: number, then: ScanState): void {
    this.skip = bytes;
    this.afterSkip = then;
    this.state = bytes > 0 ? "skip" : then;
    if (bytes === 0) this.cuts.push(this.pos);
  }

  private consume(h: Buffer): void {
    switch (this.state) {
      case "magic": {
        const magic = h.readUInt32LE(0);
        if (magic === zstdMagic) this.state = "frame-header";
        else if (magic >>> 4 === 0x184d2a5) this.state = "skippable-size";
        else throw new Error("not a zstd frame");
        return;
      }
      case "skippable-size":
        return this.enterSkip(h.readUInt32LE(0), "magic");
      case "frame-header": {
        const window = frameWindow(h);
        if (window > this.maxWindow) {
          throw new Error(`zstd window of ${window} bytes exceeds the limit of ${this.maxWindow} bytes`);
        }
        this.checksum = h[0]! & 4 ? 4 : 0;
        this.state = "block-header";
        return;
      }
      default: {
        const b = h[0]! | (h[1]! << 8) | (h[2]! << 16);
        const type = (b >> 1) & 3;
        if (type === 3) throw new Error("reserved zstd block type");
        const size = type === 1 ? 1 : b >>> 3;
        if (b & 1) return this.enterSkip(size + this.checksum, "magic");
        return this.enterSkip(size, "block-header");
      }
    }
  }
}

/** Bytes of the frame header after the magic, from its descriptor byte. */
function frameHeaderLength(fhd: number): number {
  const singleSegment = (fhd >> 5) & 1;
  const fcsFlag = fhd >> 6;
  const didFlag = fhd & 3;
  const fcsBytes = fcsFlag === 0 ? singleSegment : 1 << fcsFlag;
  return 1 + (singleSegment ? 0 : 1) + (didFlag === 3 ? 4 : didFlag) + fcsBytes;
}

/** Window size a frame declares (single-segment frames: their content size). */
function frameWindow(h: Buffer): number {
  const fhd = h[0]!;
  if (fhd & 8) throw new Error("reserved bit set in zstd frame header");
  const singleSegment = (fhd >> 5) & 1;
  if (!singleSegment) {
    const wd = h[1]!;
    const base = 2 ** (10 + (wd >> 3));
    return base + (base / 8) * (wd & 7);
  }
  const didFlag = fhd & 3;
  const at = 1 + (didFlag === 3 ? 4 : didFlag);
  const fcsFlag = fhd >> 6;
  if (fcsFlag === 0) return h[at]!;
  if (fcsFlag === 1) return h.readUInt16LE(at) + 256;
  if (fcsFlag === 2) return h.readUInt32LE(at);
  return Number(h.readBigUInt64LE(at));
}
