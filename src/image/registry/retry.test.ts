import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isRetryableStatus, parseRetryAfter, retryDelay, sleep } from "./retry.js";
import { isLoopbackHost } from "./transport.js";
import { isDredgeError } from "../../errors.js";

describe("retry policy", () => {
  it("parses Retry-After in seconds and as an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    assert.equal(parseRetryAfter("3", now), 3000);
    assert.equal(parseRetryAfter("Thu, 01 Jan 2026 00:00:10 GMT", now), 10_000);
    assert.equal(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now), 0);
    assert.equal(parseRetryAfter("soon", now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });

  it("caps Retry-After and backs off exponentially", () => {
    const p = { retries: 4, baseDelayMs: 100, maxDelayMs: 1000 };
    assert.equal(retryDelay(p, 0, 60_000), 1000);
    assert.equal(retryDelay(p, 0, 250), 250);
    for (const [attempt, lo, hi] of [[0, 100, 120], [1, 200, 240], [2, 400, 480], [5, 1000, 1000]] as const) {
      const d = retryDelay(p, attempt);
      assert.ok(d >= lo && d <= hi, `attempt ${attempt}: ${d}`);
    }
  });

  it("retries 429 and 5xx only", () => {
    assert.deepEqual([429, 500, 502, 503, 504, 400, 401, 404, 501].map(isRetryableStatus), [true, true, true, true, true, false, false, false, false]);
  });

  it("sleep stops with CANCELLED on abort", async () => {
    await assert.rejects(sleep(10_000, AbortSignal.timeout(20)), (e: unknown) => isDredgeError(e, "CANCELLED"));
  });

  it("recognises loopback hosts", () => {
    const yes = ["localhost", "localhost:5000", "127.0.0.1", "127.1.2.3:80", "[::1]:5000", "::1"];
    const no = ["example.com", "127.0.0.1.nip.io", "10.0.0.1:5000", "[::2]:5000", "localhost.example"];
    for (const h of yes) assert.equal(isLoopbackHost(h), true, h);
    for (const h of no) assert.equal(isLoopbackHost(h), false, h);
  });
});
