/**
 * `checkDatabase`: which database a repository holds now, without downloading it: the manifest digest of its
 * tag (a HEAD request; a GET when the registry does not send Docker-Content-Digest). A reference pinned by
 * digest is answered without asking the registry. The GitHub Action keys its database cache by it.
 */
import { isDredgeError } from "../../errors.js";
import type { Logger } from "../../util/log.js";
import { asCancelled, connect, type RegistryAccess } from "./access.js";
import { noPrebuiltDatabase } from "./update.js";

export interface CheckOptions extends RegistryAccess {
  /** `host/repo:tag` or `host/repo@sha256:…` of the database artifact. */
  repository: string;
  logger: Logger;
  signal?: AbortSignal | undefined;
}

/** The manifest digest (`sha256:…`) the repository's reference names now. */
export async function checkDatabase(opts: CheckOptions): Promise<string> {
  const { ref, client } = connect(opts.repository, opts, opts.logger, opts.signal);
  if (ref.digest) {
    await client.close();
    return ref.digest;
  }
  const reference = ref.tag ?? "latest";
  const origin = `${ref.registry}/${ref.repository}:${reference}`;
  const signalOpt = opts.signal ? { signal: opts.signal } : {};
  try {
    const notFound = (err: unknown): never => {
      throw isDredgeError(err, "IMAGE_NOT_FOUND") ? noPrebuiltDatabase(origin, err) : err;
    };
    const head = await client.manifestDigest(ref.repository, reference, signalOpt).catch(notFound);
    return head ?? (await client.getManifest(ref.repository, reference, signalOpt).catch(notFound)).digest;
  } catch (err) {
    throw asCancelled(err, opts.signal, `database check of ${origin}`);
  } finally {
    await client.close();
  }
}
