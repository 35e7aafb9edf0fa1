/**
 * A notification on the wire, per delivery kind: the generic JSON webhook (the event as is), a Slack
 * incoming-webhook message (text + Block Kit blocks, within Slack's limits), or a CloudEvents 1.0 event in
 * structured mode (`application/cloudevents+json`). Every kind carries the idempotency id in
 * `Dredge-Delivery-Id` and `Idempotency-Key`, and the signature header when the subscription has a secret.
 */
import { version } from "../../version.js";
import { severities } from "../../model/finding.js";
import type { ChangedFinding } from "../monitor/events.js";
import type { NotificationEvent } from "./payload.js";
import { SIGNATURE_HEADER, signatureHeader } from "./sign.js";
import type { DeliveryKind } from "./types.js";

export interface WireMessage {
  contentType: string;
  body: string;
  headers: Record<string, string>;
}

export interface RenderOptions {
  /** The signing secret; none: unsigned. */
  secret?: string;
  /** Signature time (epoch ms, the injectable clock). */
  now: number;
  /** CloudEvents `source` (the server's public URL); default `urn:dredge:server`. */
  source?: string;
}

/** CloudEvents `type` prefix (reverse DNS, as the spec recommends). */
export const CLOUDEVENTS_TYPE_PREFIX = "dev.dredge.";

export function render(kind: DeliveryKind, event: NotificationEvent, options: RenderOptions): WireMessage {
  const { contentType, body } =
    kind === "slack"
      ? { contentType: "application/json", body: JSON.stringify(slackMessage(event)) }
      : kind === "cloudevents"
        ? { contentType: "application/cloudevents+json; charset=utf-8", body: JSON.stringify(cloudEvent(event, options.source)) }
        : { contentType: "application/json", body: JSON.stringify(event) };
  const headers: Record<string, string> = {
    "content-type": contentType,
    "user-agent": `dredge/${version()}`,
    "dredge-delivery-id": event.id,
    "idempotency-key": event.id,
    "dredge-event": event.type,
  };
  if (options.secret) headers[SIGNATURE_HEADER] = signatureHeader(options.secret, body, Math.floor(options.now / 1000));
  return { contentType, body, headers };
}

export function cloudEvent(event: NotificationEvent, source = "urn:dredge:server"): Record<string, unknown> {
  return {
    specversion: "1.0",
    id: event.id,
    source,
    type: `${CLOUDEVENTS_TYPE_PREFIX}${event.type}`,
    subject: event.image?.digest ?? event.scan?.target ?? event.subscription.id,
    time: event.time,
    datacontenttype: "application/json",
    data: event,
  };
}

// Slack's limits (Block Kit reference): header text 150 characters, section text 3000, 50 blocks a message.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const TEXT_MAX = 3000;

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
/** mrkdwn control characters (Slack: escape &, <, >). */
const esc = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const imageName = (e: NotificationEvent): string => e.image?.references[0] ?? e.image?.digest ?? e.scan?.target ?? "an image";

export function headline(e: NotificationEvent): string {
  const name = imageName(e);
  switch (e.type) {
    case "test":
      return `Dredge test notification for ${e.subscription.name}`;
    case "scan.completed":
      return `Scan completed: ${name}`;
    case "scan.failed":
      return `Scan failed: ${name}`;
    case "policy.changed":
      return `Policy ${e.verdict?.before ?? "?"} → ${e.verdict?.after ?? "?"}: ${name}`;
    default: {
      const s = e.summary;
      const parts = s ? [s.new > 0 ? `${s.new} new` : "", s.changed > 0 ? `${s.changed} changed` : "", s.resolved > 0 ? `${s.resolved} resolved` : ""].filter(Boolean) : [];
      const total = s ? s.new + s.changed + s.resolved : 0;
      return `${parts.join(", ")} ${total === 1 ? "vulnerability" : "vulnerabilities"} in ${name}`;
    }
  }
}

function findingLine(f: ChangedFinding): string {
  const fix = f.fixed.length > 0 ? ` (fixed in ${f.fixed.join(", ")})` : "";
  const before = f.before?.severity && f.before.severity !== f.severity ? ` (was ${f.before.severity})` : "";
  return `• *${f.severity}*${before} ${esc(f.id)}${f.kev ? " KEV" : ""} in ${esc(f.pkgName)} ${esc(f.installed)}${esc(fix)}`;
}

const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text: clip(text, SECTION_MAX) } });

export function slackMessage(e: NotificationEvent): { text: string; blocks: object[] } {
  const title = headline(e);
  const lines: string[] = [];
  if (e.image) lines.push(`*Image* ${esc(e.image.references.join(", ") || e.image.digest)}\n\`${e.image.digest}\``);
  if (e.database) lines.push(`*Database* ${esc(e.database.previousVersion ? `${e.database.previousVersion} → ${e.database.version}` : e.database.version)}`);
  if (e.verdict) lines.push(`*Policy* ${e.verdict.before ?? "none"} → ${e.verdict.after ?? "none"}`);
  if (e.counts) lines.push(`*Open findings* ${severities.map((s) => `${s} ${e.counts![s] ?? 0}`).join(" · ")}`);
  if (e.scan) lines.push(`*Scan* ${esc(e.scan.id)} of ${esc(e.scan.target)}${e.scan.error ? `\n*Error* ${esc(e.scan.error)}` : ""}`);
  const blocks: object[] = [{ type: "header", text: { type: "plain_text", text: clip(`Dredge: ${title}`, HEADER_MAX), emoji: false } }];
  if (lines.length > 0) blocks.push(section(lines.join("\n")));
  const kinds = [["New", e.findings?.new, e.summary?.new], ["Changed", e.findings?.changed, e.summary?.changed], ["Resolved", e.findings?.resolved, e.summary?.resolved]] as const;
  for (const [label, list, total] of kinds) {
    if (!list || list.length === 0) continue;
    const more = (total ?? list.length) > list.length ? `\n…and ${(total ?? 0) - list.length} more` : "";
    blocks.push(section(`*${label}* (${total ?? list.length})\n${list.map(findingLine).join("\n")}${more}`));
  }
  if (e.image && /^https?:\/\//.test(e.image.links.image)) {
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `<${e.image.links.vulnerabilities}|View the findings in Dredge>` }] });
  }
  return { text: clip(`Dredge: ${title}`, TEXT_MAX), blocks };
}
