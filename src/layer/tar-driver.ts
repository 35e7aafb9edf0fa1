/**
 * Feeds a tar byte stream into tar-stream's extract and hands entries out one at a time, without a promise
 * per entry when the next header is already buffered. Counts bytes and entries against the limits.
 */
import type { Readable } from "node:stream";
import { extract, type Extract } from "tar-stream";
import { DredgeError, errorMessage, isDredgeError } from "../errors.js";
import type { WalkLimits } from "./types.js";

/** The entry's data as tar-stream gives it (a streamx Readable). */
export interface TarSource {
  on(event: "data", fn: (chunk: Buffer) => void): unknown;
  on(event: "end" | "close", fn: () => void): unknown;
  on(event: "error", fn: (err: Error) => void): unknown;
  pause(): unknown;
  resume(): unknown;
  destroyed?: boolean;
}

/** The header fields the walker reads (tar-stream's, with the nulls it really produces). */
export interface TarHeader {
  name: string;
  size?: number;
  mode?: number;
  mtime?: Date;
  type?: string | null;
  linkname?: string | null;
  uid?: number;
  gid?: number;
}

export interface TarItem {
  header: TarHeader;
  source: TarSource;
  next: () => void;
}

export class TarDriver {
  private readonly ex: Extract;
  private pending: TarItem | undefined;
  private finished = false;
  private error: Error | undefined;
  private waiter: (() => void) | undefined;
  private bytes = 0;
  private entries = 0;
  /** Stream offset where the data of the last entry ends. */
  private lastDataEnd = 0;

  constructor(
    private readonly input: Readable,
    readonly where: string,
    private readonly limits: WalkLimits,
  ) {
    this.ex = extract();
    this.ex.on("entry", (header, source, next) => {
      this.onEntry({ header, source: source as unknown as TarSource, next: () => next() });
    });
    this.ex.on("error", (err: Error) => this.fail(err));
    this.ex.on("finish", () => {
      this.finished = true;
      this.wake();
    });
    this.ex.on("drain", () => {
      this.input.resume();
    });
    input.on("data", (chunk: Buffer) => this.onData(chunk));
    input.on("end", () => this.onEnd());
    input.on("error", (err) => this.fail(err));
    input.on("close", () => {
      if (!input.readableEnded) this.fail(new DredgeError("IO_ERROR", `${where}: the layer stream closed before its end`));
    });
  }

  /** The next entry if one is ready, "end" at the end, undefined when more input is needed. Throws on error. */
  take(): TarItem | "end" | undefined {
    if (this.error) throw this.error;
    const item = this.pending;
    if (item) {
      this.pending = undefined;
      return item;
    }
    return this.finished ? "end" : undefined;
  }

  /** Resolves when take() may have something new. */
  wait(): Promise<void> {
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  destroy(): void {
    if (!this.input.destroyed) this.input.destroy();
    if (!this.ex.destroyed) this.ex.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.error) return;
    this.bytes += chunk.length;
    if (this.bytes > this.limits.maxLayerBytes) {
      this.fail(this.limitError(`more than ${this.limits.maxLayerBytes} uncompressed bytes`, "maxLayerBytes"));
      return;
    }
    if (!this.ex.write(chunk)) this.input.pause();
  }

  /**
   * umoci 0.4.7 ends layers right after the last file's data: no padding to a 512-byte block, no
   * end-of-archive blocks. Docker accepts them, so the missing padding is supplied; a tar cut inside a
   * file's data or a header still fails.
   */
  private onEnd(): void {
    const ex = this.ex as unknown as { write(b: Buffer): boolean; end(): void };
    const padded = Math.ceil(this.lastDataEnd / 512) * 512;
    if (this.entries > 0 && this.bytes >= this.lastDataEnd && this.bytes < padded) {
      ex.write(Buffer.alloc(padded - this.bytes));
    }
    ex.end();
  }

  private onEntry(item: TarItem): void {
    const h = item.header as TarHeader & { byteOffset?: number };
    if (h.type !== "directory") this.lastDataEnd = (h.byteOffset ?? 0) + (h.size ?? 0);
    // The entry stream re-emits the parse error; the walker reports it once, from the driver.
    item.source.on("error", ignore);
    if (++this.entries > this.limits.maxEntries) {
      this.fail(this.limitError(`more than ${this.limits.maxEntries} entries`, "maxEntries"));
      return;
    }
    this.pending = item;
    this.wake();
  }

  private limitError(what: string, limit: keyof WalkLimits): DredgeError {
    return new DredgeError("LIMIT_EXCEEDED", `${this.where}: the layer has ${what} (limit ${limit})`, {
      hint: "the layer may be a tar or compression bomb; raise the limit only for trusted images",
      details: { layer: this.where, limit, value: this.limits[limit] },
    });
  }

  private fail(err: unknown): void {
    if (this.error) return;
    this.error = isDredgeError(err)
      ? err
      : new DredgeError("CORRUPT_LAYER", `${this.where}: not a valid tar archive (${errorMessage(err)})`, {
          cause: err,
          hint: "the layer is truncated or is not a tar archive",
        });
    this.destroy();
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  get failure(): Error | undefined {
    return this.error;
  }
}

function ignore(): void {}
