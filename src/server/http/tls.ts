/**
 * TLS for the API listener (`--tls-cert/--tls-key`, PEM files). The pair is checked at start (a key that does
 * not match its certificate is refused then), and the files are watched: when either changes (cert-manager
 * or a Kubernetes Secret rotating them), the new pair is loaded into the running listener; connections already
 * open keep theirs. A pair that does not load (half written, mismatched) is logged and the old one is kept.
 */
import { readFileSync, unwatchFile, watchFile } from "node:fs";
import type { Server } from "node:https";
import { createSecureContext } from "node:tls";
import { DredgeError, errorMessage } from "../../errors.js";
import type { Logger } from "../../util/log.js";

export interface TlsFiles {
  certFile: string;
  keyFile: string;
  /** How often the files are checked for changes (default 5 s). */
  reloadMs?: number;
}

export interface TlsPair {
  cert: Buffer;
  key: Buffer;
}

/** Reads and checks the pair (createSecureContext throws on a bad PEM or a key that is not the certificate's). */
export function loadTls(files: TlsFiles): TlsPair {
  let pair: TlsPair;
  try {
    pair = { cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) };
    createSecureContext(pair);
  } catch (err) {
    throw new DredgeError("USAGE", `cannot use the TLS certificate ${files.certFile} with the key ${files.keyFile}: ${errorMessage(err)}`, {
      hint: "give PEM files: the certificate (chain) and its unencrypted private key",
    });
  }
  return pair;
}

/** Reloads the pair into `server` when a file changes; returns a function that stops watching. */
export function watchTls(server: Server, files: TlsFiles, logger: Logger): () => void {
  const interval = files.reloadMs ?? 5000;
  let last = "";
  const reload = () => {
    try {
      const pair = loadTls(files);
      const fingerprint = `${pair.cert.toString("base64")}/${pair.key.toString("base64")}`;
      if (fingerprint === last) return;
      last = fingerprint;
      server.setSecureContext(pair);
      logger.info("TLS certificate loaded", { cert: files.certFile });
    } catch (err) {
      logger.warn("TLS certificate not reloaded (the previous one stays in use)", { error: errorMessage(err) });
    }
  };
  try {
    const first = loadTls(files);
    last = `${first.cert.toString("base64")}/${first.key.toString("base64")}`;
  } catch {
    // The caller loaded it already; a file that changed since is picked up at the next change.
  }
  for (const f of [files.certFile, files.keyFile]) watchFile(f, { interval, persistent: false }, reload);
  return () => {
    for (const f of [files.certFile, files.keyFile]) unwatchFile(f, reload);
  };
}
