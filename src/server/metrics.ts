/**
 * The process's own metrics: counters and Prometheus histograms (scan duration by outcome, queue wait, HTTP
 * request duration by route), written in the Prometheus text exposition format (version 0.0.4). Gauges read
 * from the catalog (queue depth, scans per state, images) are added at scrape time by http/routes/ops.ts.
 * Label values are bounded by construction: outcomes, HTTP methods, route patterns (never raw URLs).
 */

/** Seconds; a scan takes from milliseconds (every layer cached) to many minutes (a cold multi-GB image). */
export const SCAN_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];
/** Seconds a scan waited in the queue before its first attempt. */
export const WAIT_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600];
/** Seconds an HTTP request took to answer. */
export const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** `\`, `"` and newlines escaped, as the text format wants inside a label value. */
export const escapeLabel = (v: string): string => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

const labelText = (pairs: readonly (readonly [string, string])[]): string =>
  pairs.length === 0 ? "" : `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}`;

const num = (v: number): string => (v === Infinity ? "+Inf" : Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(12))));

interface Series {
  labels: readonly (readonly [string, string])[];
  /** Per bucket (not cumulative); the last one is +Inf. */
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram<L extends string = never> {
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[],
    readonly labelNames: readonly L[] = [],
  ) {}

  observe(labels: Record<L, string>, value: number): void {
    if (!Number.isFinite(value) || value < 0) return;
    const pairs = this.labelNames.map((k) => [k, labels[k]] as const);
    const key = JSON.stringify(pairs);
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { labels: pairs, counts: new Array<number>(this.buckets.length + 1).fill(0), sum: 0, count: 0 }));
    const i = this.buckets.findIndex((b) => value <= b);
    s.counts[i === -1 ? this.buckets.length : i]!++;
    s.sum += value;
    s.count++;
  }

  text(): string {
    let out = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} histogram\n`;
    for (const s of this.series.values()) {
      let cumulative = 0;
      [...this.buckets, Infinity].forEach((le, i) => {
        cumulative += s.counts[i]!;
        out += `${this.name}_bucket${labelText([...s.labels, ["le", num(le)]])} ${cumulative}\n`;
      });
      out += `${this.name}_sum${labelText(s.labels)} ${num(s.sum)}\n`;
      out += `${this.name}_count${labelText(s.labels)} ${s.count}\n`;
    }
    return out;
  }
}

export type ScanOutcome = "done" | "failed" | "released";

export interface ServerMetrics {
  started: number;
  failed: number;
  done: number;
  /** Scans answered from the stored inventory of the same image digest. */
  reused: number;
  scanSeconds: Histogram<"outcome">;
  queueWaitSeconds: Histogram;
  httpSeconds: Histogram<"method" | "route">;
}

export function serverMetrics(): ServerMetrics {
  return {
    started: 0,
    failed: 0,
    done: 0,
    reused: 0,
    scanSeconds: new Histogram("dredge_scan_duration_seconds", "Scan attempts of this process by outcome (done, failed, released).", SCAN_BUCKETS, ["outcome"]),
    queueWaitSeconds: new Histogram("dredge_queue_wait_seconds", "How long scans this process took waited in the queue before their first attempt.", WAIT_BUCKETS),
    httpSeconds: new Histogram("dredge_http_request_duration_seconds", "HTTP requests this process answered, by method and route pattern.", HTTP_BUCKETS, ["method", "route"]),
  };
}
