/** What a front end hands the pipeline besides ScanOptions: where it may write, how it hears progress, how it stops. */
import type { LayerProgress } from "../artifact/image.js";
import type { LayerAnalysis } from "../artifact/types.js";
import type { LayerCache } from "../cache/layer-cache.js";
import type { ConnectGuard, RegistryAccessLookup } from "../image/registry/index.js";
import type { Logger } from "../util/log.js";

export interface ScanHooks {
  logger: Logger;
  /** Aborts the scan (--timeout, SIGTERM, a cancelled request): the pipeline stops and cleans up. */
  signal?: AbortSignal;
  /** Called as each layer of an image is read, found in the cache or done; `layers` is the image's count. */
  onLayer?: (progress: LayerProgress, layers: number) => void;
  /** Root of the layer cache and of the installed database. */
  cacheDir: string;
  /** A private temp dir for this run; the caller removes it. */
  tmpDir: string;
  /** Docker's config dir for registry credentials (the CLI passes DOCKER_CONFIG); default ~/.docker. */
  dockerConfigDir?: string;
  /** The engine socket when the options name none (the CLI passes DOCKER_HOST). */
  dockerHost?: string;
  /** A layer cache to use instead of the file cache under cacheDir (the server shares one through its catalog). */
  layerCache?: LayerCache;
  /**
   * Layer analyses in flight, shared by the targets of one run (scanTargets): an image reaching a layer
   * another image is reading (same blob) waits for that reading instead of reading it again.
   */
  layerMemo?: Map<string, Promise<{ analysis: LayerAnalysis; cached: boolean }>>;
  /** The server's SSRF guard for registry connections (resolved, checked and pinned). */
  registryGuard?: ConnectGuard;
  /** Credentials and options the server's operator configured per registry. */
  registryAccess?: RegistryAccessLookup;
}
