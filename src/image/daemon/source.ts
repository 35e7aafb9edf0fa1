/**
 * Images in a local container engine (Docker, or Podman's Docker-compatible API): inspect for the ID,
 * tags and digests, export with `images/{name}/get` into a temp file, read it as a docker archive.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { DredgeError } from "../../errors.js";
import { indexTarFile } from "../../util/tar-index.js";
import { dockerArchiveSource } from "../archive/source.js";
import type { ImageSource, ResolvedImage, ResolveOptions } from "../types.js";
import { engineClient, engineSocket } from "./engine.js";

export interface DaemonOptions {
  tmpDir: string;
  /** `DOCKER_HOST`; default unix:///var/run/docker.sock. */
  dockerHost?: string;
  signal?: AbortSignal;
}

export function daemonSource(name: string, options: DaemonOptions): ImageSource {
  const socket = engineSocket(options.dockerHost);
  let opened: ImageSource | undefined;
  let tmp: string | undefined;
  let closed = false;
  return {
    kind: "daemon",
    name,
    async resolve(opts: ResolveOptions): Promise<ResolvedImage[]> {
      if (closed) throw new DredgeError("INTERNAL", `engine source for ${name} is closed`);
      opened ??= await exportImage(name, socket, options, (dir) => (tmp = dir), opts);
      return opened.resolve(opts);
    },
    async close() {
      closed = true;
      await opened?.close();
      if (tmp) await rm(tmp, { recursive: true, force: true });
      tmp = undefined;
    },
  };
}

async function exportImage(
  name: string,
  socket: string,
  options: DaemonOptions,
  keepTmp: (dir: string) => void,
  opts: ResolveOptions,
): Promise<ImageSource> {
  const client = engineClient(socket, opts.signal ?? options.signal);
  const info = await client.inspect(name);
  opts.logger.debug("engine image", { image: name, id: info.Id, socket });
  const dir = await mkdtemp(join(options.tmpDir, "dredge-engine-"));
  keepTmp(dir);
  const file = join(dir, "image.tar");
  await client.exportTo(name, file);
  const index = await indexTarFile(file, { tmpDir: dir, signal: opts.signal ?? options.signal });
  // one image was asked for, so the export holds one: no tag selection (it may be named by ID)
  return dockerArchiveSource(index, {
    source: "daemon",
    name,
    repoTags: info.RepoTags ?? [],
    repoDigests: info.RepoDigests ?? [],
  });
}
