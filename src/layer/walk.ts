/**
 * Streaming walk of one layer tar: yields LayerEvents with normalised, safe paths. Never buffers a layer
 * and never writes anything. A regular file's `content` is valid until the consumer asks for the next event;
 * if it was not read to the end by then, the walker drains it.
 */
import { Readable } from "node:stream";
import { DredgeError } from "../errors.js";
import type { Logger } from "../util/log.js";
import { layerChunkSize } from "./decompress.js";
import { TarDriver, type TarItem, type TarSource } from "./tar-driver.js";
import { SkippedEntries } from "./skipped-entries.js";
import { headerToEvent } from "./tar-entry.js";
import { defaultWalkLimits, type LayerEvent, type WalkLimits } from "./types.js";

export interface WalkOptions {
  /** Names the layer in warnings and errors, e.g. `layer 3 (sha256:…)`. */
  where: string;
  limits?: WalkLimits;
  logger: Logger;
}

/** `tar` is the uncompressed tar stream (see openLayerTar). Errors are DredgeErrors (CORRUPT_LAYER, LIMIT_EXCEEDED…). */
export async function* walkLayer(tar: Readable, options: WalkOptions): AsyncGenerator<LayerEvent> {
  const driver = new TarDriver(tar, options.where, options.limits ?? defaultWalkLimits);
  const skipped = new SkippedEntries(options.where, options.logger);
  try {
    for (;;) {
      let item = driver.take();
      while (item === undefined) {
        await driver.wait();
        item = driver.take();
      }
      if (item === "end") return;
      const event = headerToEvent(item.header, skipped);
      if (event === undefined) {
        release(item, undefined);
        continue;
      }
      const lazy = event.kind === "entry" && event.info.type === "file" ? new LazyContent(item.source, driver) : undefined;
      if (lazy) {
        Object.defineProperty(event, "content", { get: () => lazy.open(), enumerable: true, configurable: true });
      }
      yield event;
      release(item, lazy);
    }
  } finally {
    skipped.summarise();
    driver.destroy();
  }
}

/** Lets the tar parser move on: drains whatever of the entry's data the consumer did not read. */
function release(item: TarItem, lazy: LazyContent | undefined): void {
  if (lazy) lazy.abandon();
  else item.source.resume();
  item.next();
}

/** Wraps tar-stream's entry stream in a node Readable on first access; a destroyed wrapper never kills the walk. */
class LazyContent {
  private stream: Readable | undefined;
  private done = false;

  constructor(
    private readonly source: TarSource,
    private readonly driver: TarDriver,
  ) {}

  open(): Readable {
    if (this.stream) return this.stream;
    const src = this.source;
    const out = new Readable({ highWaterMark: layerChunkSize, read: () => void src.resume() });
    this.stream = out;
    if (src.destroyed && this.driver.failure) {
      // The walk failed (e.g. the tar ended inside this file) between handing out the entry and this first
      // access: the source will emit nothing more, so fail now instead of waiting forever.
      out.destroy(this.failure());
      return out;
    }
    src.on("data", (chunk) => {
      if (this.done || out.destroyed) return;
      if (!out.push(chunk)) src.pause();
    });
    let ended = false;
    src.on("end", () => {
      ended = true;
      if (!this.done && !out.destroyed) out.push(null);
    });
    src.on("close", () => {
      if (!ended && !out.destroyed) out.destroy(this.failure());
    });
    return out;
  }

  abandon(): void {
    this.done = true;
    if (this.stream && !this.stream.readableEnded && !this.stream.destroyed) this.stream.destroy();
    this.source.resume();
  }

  private failure(): Error {
    return (
      this.driver.failure ??
      new DredgeError("CORRUPT_LAYER", `${this.driver.where}: the layer ends in the middle of a file`, {
        hint: "the layer is truncated",
      })
    );
  }
}
