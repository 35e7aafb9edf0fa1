/** `YYYY-MM-DD` expiry dates: a rule suppresses findings through the whole (UTC) day it names. */

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date in YYYY-MM-DD form (2026-02-30 is not). */
export function isValidDate(s: string): boolean {
  const m = datePattern.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** True when `now` is after the end of the day `expires` (UTC). Invalid dates count as expired. */
export function isExpired(expires: string, now: Date): boolean {
  const m = datePattern.exec(expires);
  if (!m) return true;
  const endOfDay = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1);
  return now.getTime() >= endOfDay;
}
