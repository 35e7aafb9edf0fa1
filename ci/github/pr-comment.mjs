#!/usr/bin/env node
// The GitHub Action's pull-request comment (action.yml, `action.sh diff`): posts the Markdown of `dredge diff`
// as one comment on the pull request, or updates the comment an earlier run posted (found by its marker), via
// the REST API at $GITHUB_API_URL (https://api.github.com by default; GitHub Enterprise sets its own).
// Usage: pr-comment.mjs FILE.md — reads GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_EVENT_PATH; prints the
// comment's URL. Exit 0 when posted, 3 when this run is not for a pull request, 1 on an API error.
/* global fetch, AbortSignal -- Node 20 globals */
import { readFileSync } from "node:fs";

const MARKER = "<!-- dredge-diff -->";
/** GitHub refuses comment bodies over 65,536 characters. */
const MAX_BODY = 65_000;
const MAX_PAGES = 20;

const env = process.env;
const api = (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "");

async function call(method, path, body) {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: {
      accept: "application/vnd.github+json",
      authorization: `Bearer ${env.GITHUB_TOKEN}`,
      "x-github-api-version": "2022-11-28",
      "user-agent": "dredge-action",
      ...(body ? { "content-type": "application/json" } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
  return res.json();
}

/** The pull request's number from the event payload (pull_request and pull_request_target events). */
function pullNumber() {
  if (!env.GITHUB_EVENT_PATH) return undefined;
  const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, "utf8"));
  const n = event?.pull_request?.number;
  return Number.isInteger(n) ? n : undefined;
}

/** The comment this action posted on an earlier run: the first with the marker, by the oldest pages first. */
async function ownComment(repo, number) {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const list = await call("GET", `/repos/${repo}/issues/${number}/comments?per_page=100&page=${page}`);
    const found = list.find((c) => typeof c.body === "string" && c.body.includes(MARKER));
    if (found) return found;
    if (list.length < 100) return undefined;
  }
  return undefined;
}

function body(markdown) {
  const text = markdown.length > MAX_BODY ? `${markdown.slice(0, MAX_BODY)}\n\n… (cut: see the job summary)` : markdown;
  return `${MARKER}\n${text}`;
}

async function main(file) {
  const number = pullNumber();
  if (number === undefined) return 3;
  const repo = env.GITHUB_REPOSITORY;
  if (!repo || !/^[\w.-]+\/[\w.-]+$/.test(repo)) throw new Error("GITHUB_REPOSITORY is not owner/name");
  if (!env.GITHUB_TOKEN) throw new Error("no token: set the github-token input");
  const text = body(readFileSync(file, "utf8"));
  const existing = await ownComment(repo, number);
  const comment = existing
    ? await call("PATCH", `/repos/${repo}/issues/comments/${existing.id}`, { body: text })
    : await call("POST", `/repos/${repo}/issues/${number}/comments`, { body: text });
  process.stdout.write(`${comment.html_url ?? ""}\n`);
  return 0;
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`pr-comment: ${err.message}\n`);
    process.exit(1);
  },
);
