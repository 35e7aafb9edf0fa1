/** Workload objects → their pod specs and containers, with the key paths used for line numbers. */
import type { ManifestDocument } from "./parse.js";

export type Json = Record<string, unknown>;
export type KeyPath = (string | number)[];

export const obj = (v: unknown): Json | undefined => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

export interface ContainerRef {
  kind: "containers" | "initContainers" | "ephemeralContainers";
  name: string;
  spec: Json;
  path: KeyPath;
}

export interface Workload {
  doc: ManifestDocument;
  kind: string;
  name: string;
  namespace?: string;
  pod: Json;
  podPath: KeyPath;
  containers: ContainerRef[];
}

const podPaths: Record<string, KeyPath> = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

export const workloadKinds = Object.keys(podPaths);

/** Workloads of a document (a `List` is expanded); other kinds give none. */
export function workloadsOf(doc: ManifestDocument): Workload[] {
  const root = obj(doc.value);
  if (!root) return [];
  if (root["kind"] === "List") return arr(root["items"]).flatMap((item, i) => one(doc, obj(item), ["items", i]));
  return one(doc, root, []);
}

function one(doc: ManifestDocument, o: Json | undefined, prefix: KeyPath): Workload[] {
  const kind = str(o?.["kind"]);
  const podPath = kind ? podPaths[kind] : undefined;
  if (!o || !kind || !podPath) return [];
  let pod: unknown = o;
  for (const k of podPath) pod = obj(pod)?.[k as string];
  const podSpec = obj(pod);
  if (!podSpec) return [];
  const meta = obj(o["metadata"]);
  const path = [...prefix, ...podPath];
  const containers: ContainerRef[] = [];
  for (const ck of ["containers", "initContainers", "ephemeralContainers"] as const) {
    arr(podSpec[ck]).forEach((c, i) => {
      const spec = obj(c);
      if (spec) containers.push({ kind: ck, name: str(spec["name"]) ?? `#${i}`, spec, path: [...path, ck, i] });
    });
  }
  const namespace = str(meta?.["namespace"]);
  return [{ doc, kind, name: str(meta?.["name"]) ?? "(unnamed)", ...(namespace ? { namespace } : {}), pod: podSpec, podPath: path, containers }];
}
