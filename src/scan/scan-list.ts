/**
 * `scanTargets`: several images in one run (`dredge image --input-list`): scanned `parallel` at a time over one
 * session (one database, one policy); layers shared across images are read once when the layer cache is on.
 * The reports come back in the list's order, one per image (every platform with --platform all); an image
 * listed with its Dockerfile also gets that Dockerfile's misconfigurations (misconfig scanner) as a target.
 */
import type { ScanReport } from "../model/finding.js";
import { pushAll } from "../util/array.js";
import { configScan } from "./config-scan.js";
import type { ScanHooks } from "./hooks.js";
import type { ListedImage } from "./input-list.js";
import type { InventoryMatchFn } from "./inventory-match.js";
import { checkTarget } from "./load.js";
import type { ScanOptions } from "./options.js";
import type { ScannerConfig } from "./scanners.js";
import { openScanSession, resultOf, type ScanResult } from "./scan-target.js";

export const defaultParallel = 2;

export async function scanTargets(
  images: readonly ListedImage[],
  options: ScanOptions,
  hooks: ScanHooks,
  parallel = defaultParallel,
  checks: ScannerConfig = {},
  remote?: InventoryMatchFn,
): Promise<ScanResult> {
  // Every target is checked before any is scanned: a typo on line 9 fails the run at once.
  for (const image of images) await checkTarget(image.target);
  // Layers in flight are shared, so images reaching a shared layer at once read it once; done ones are
  // dropped (the layer cache serves them from then on), so the memo stays small however long the list.
  const session = await openScanSession(options, { ...hooks, layerMemo: inFlightMemo() }, checks, remote);
  try {
    const results: ScanReport[][] = new Array<ScanReport[]>(images.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < images.length) {
        const i = next++;
        hooks.signal?.throwIfAborted();
        const image = images[i]!;
        const reports = await session.scan(image.target);
        if (image.dockerfile && options.scanners.includes("misconfig")) await addDockerfile(reports, image.dockerfile, options, hooks);
        results[i] = reports;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, images.length)) }, worker));
    return resultOf(results.flat(), options.failOnWarn);
  } finally {
    session.close();
  }
}

/** The Dockerfile's misconfigurations, as targets of each report of its image. */
async function addDockerfile(reports: ScanReport[], dockerfile: string, options: ScanOptions, hooks: ScanHooks): Promise<void> {
  const config = await configScan(dockerfile, options, hooks);
  for (const report of reports) {
    pushAll(report.targets, config.targets.filter((t) => t.misconfigurations.length > 0));
    pushAll(report.warnings, config.warnings);
  }
}

type Memo = NonNullable<ScanHooks["layerMemo"]>;

/** A memo that forgets each promise once it settles. */
function inFlightMemo(): Memo {
  const memo: Memo = new Map();
  const set = memo.set.bind(memo);
  memo.set = (key, promise) => {
    const forget = () => void (memo.get(key) === promise && memo.delete(key));
    promise.then(forget, forget);
    return set(key, promise);
  };
  return memo;
}
