/** The shapes of the API answers the dashboard reads (only the fields it uses). */
import type { Severity } from "./dom.js";

export interface Summary {
  counts: Record<Severity, number>;
  kev: number;
  fixable: number;
}

export interface ImageItem {
  digest: string;
  reference: string;
  registry: string | null;
  repo: string | null;
  tag: string | null;
  distro: string | null;
  verified: boolean;
  firstSeen: number;
  lastSeen: number;
  summary: Summary | null;
  /** The active policy's stored verdict (GO, WARN, STOP; null until evaluated); absent without an active policy. */
  verdict?: string | null;
}

export interface Listing<T> {
  items: T[];
  nextCursor: string | null;
  complete: boolean;
  pending: number;
  /** With an active policy (the image list). */
  policy?: { id: string; name: string; revision: string };
  /** Filtered by verdict: false while the server still evaluates images. */
  verdictsComplete?: boolean;
}

export interface TrendPoint {
  at: number;
  dbVersion: string;
  critical: number;
  high: number;
  medium: number;
  low: number;
  negligible: number;
  unknown: number;
  kev: number;
  images: number;
}

export interface Layer {
  index: number;
  diffId: string;
  digest?: string;
  size?: number;
  createdBy?: string;
  created?: string;
}

export interface ImageDetail extends ImageItem {
  tags: { reference: string; firstSeen: number; lastSeen: number }[];
  os: { id?: string; name?: string; version?: string } | null;
  platform: { os?: string; architecture?: string; variant?: string } | null;
  created: string | null;
  layers: Layer[];
  incomplete: unknown[];
}

export interface LayerOrigin {
  index: number;
  diffId: string;
  createdBy?: string;
}

export interface Package {
  type: string;
  name: string;
  version: string;
  purl: string;
  layer?: LayerOrigin;
  licenses?: string[];
}

export interface Vulnerability {
  id: string;
  aliases: string[];
  title?: string;
  description?: string;
  package: { name: string; version: string; type: string; purl: string; layer?: LayerOrigin };
  installedVersion: string;
  fixedVersions: string[];
  status: string;
  severity: Severity;
  cvss: { source: string; version: string; vector: string; baseScore: number }[];
  cwes: string[];
  kev?: { dateAdded: string; dueDate?: string; knownRansomware?: boolean };
  epss?: { score: number; percentile: number };
  references: string[];
  published?: string;
  modified?: string;
  suppressed?: { kind: string; reason?: string };
}

export interface RuleResult {
  id: string;
  gate: string;
  trigger: string;
  action: string;
  outcome: string;
  effectiveAction?: string;
  skipped?: string;
  hits: { message?: string; vulnerability?: string; package?: string }[];
}

export interface Evaluation {
  finalAction: string;
  reason: string;
  rules: RuleResult[];
  warnings: string[];
}

export interface Check {
  status: "evaluated" | "unknown";
  finalAction: string | null;
  reason: string;
  policy: { id: string; name: string; revision: string };
  evaluation?: Evaluation;
}
