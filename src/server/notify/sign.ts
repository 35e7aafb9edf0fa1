/**
 * Webhook signatures, the common scheme: `Dredge-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` over
 * `t + "." + body`, keyed with the subscription's secret. A receiver recomputes the HMAC over the raw body,
 * compares in constant time, and refuses timestamps more than 5 minutes from its clock (replay window).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "dredge-signature";
/** Receivers should refuse signatures older (or further in the future) than this. */
export const REPLAY_WINDOW_SECONDS = 300;

const hmac = (secret: string, t: number, body: string): string => createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmac(secret, unixSeconds, body)}`;
}

/** What a receiver does: true when one `v1` of the header matches and `t` is within the window of `nowSeconds`. */
export function verifySignature(secret: string, header: string, body: string, nowSeconds: number, windowSeconds = REPLAY_WINDOW_SECONDS): boolean {
  const parts = header.split(",").map((p) => p.trim().split("="));
  const t = Number(parts.find(([k]) => k === "t")?.[1]);
  if (!Number.isSafeInteger(t) || Math.abs(nowSeconds - t) > windowSeconds) return false;
  const want = Buffer.from(hmac(secret, t, body), "hex");
  return parts.some(([k, v]) => {
    if (k !== "v1" || !v || !/^[0-9a-f]{64}$/.test(v)) return false;
    return timingSafeEqual(Buffer.from(v, "hex"), want);
  });
}
