#!/usr/bin/env bash
# The GitHub Action's steps (action.yml): `action.sh key` writes the database cache key (by the database's
# manifest digest) and its restore prefix to $GITHUB_OUTPUT;
# `action.sh scan` runs the scan from the INPUT_* variables, writes the reports, appends the Markdown report
# to $GITHUB_STEP_SUMMARY, sets the outputs (exit-code, sarif, json, findings) and exits with Dredge's code.
# `action.sh diff` compares the image with INPUT_BASE_IMAGE (`dredge diff`): the Markdown to the job summary
# and, on a pull request with INPUT_PR_COMMENT=true, as one comment (posted once, then updated: pr-comment.mjs);
# outputs new-findings, diff, diff-markdown, comment-url. It never fails the job (the scan step is the gate).
# DREDGE: the command to run (default: dredge, installed by the action).
set -euo pipefail

dredge_cmd=${DREDGE:-dredge}
out_dir=${DREDGE_OUTPUT_DIR:-${RUNNER_TEMP:-/tmp}/dredge}

case "${1:-}" in
  key)
    # The cache key names the database version: the manifest digest its repository's tag points at now
    # (`dredge db update --check`, one HEAD request, nothing downloaded). The same database keeps the key, so a
    # hit restores it and nothing is saved; a new one misses, restores the newest older one by the prefix
    # (the scan's update then downloads only the changed shards) and is saved under its own key. When the
    # registry cannot be asked, the key falls back to one a day.
    repo=${INPUT_DB_REPOSITORY:-ghcr.io/dredge-scanner/dredge-db:2}
    prefix="dredge-db-${repo//[^A-Za-z0-9._-]/_}-"
    current=""
    if current=$("$dredge_cmd" db update --check --db-repository "$repo") && [[ "$current" == *@sha256:* ]]; then
      digest=${current##*@}
      key="$prefix${digest//[^A-Za-z0-9._-]/_}"
    else
      echo "::warning::could not look up the database version at $repo: the cache key is one a day"
      digest=""
      key="${prefix}day-$(date -u +%Y-%m-%d)"
    fi
    {
      echo "key=$key"
      echo "prefix=$prefix"
      echo "digest=$digest"
    } >> "$GITHUB_OUTPUT"
    ;;
  scan)
    mkdir -p "$out_dir"
    scan_type=${INPUT_SCAN_TYPE:-image}
    case "$scan_type" in image|fs|rootfs|config) ;; *) echo "::error::scan-type must be image, fs, rootfs or config" >&2; exit 2 ;; esac
    target=${INPUT_IMAGE:-}
    [ "$scan_type" = image ] || target=${INPUT_PATH:-.}
    if [ -z "$target" ]; then echo "::error::the image input is required for scan-type image" >&2; exit 2; fi
    args=("$scan_type")
    if [ "$scan_type" = image ] && [ -f "$target" ] && [ "${INPUT_INPUT_LIST:-false}" = true ]; then args+=(--input-list "$target"); else args+=("$target"); fi
    args+=(--format "json=$out_dir/report.json" --format "sarif=$out_dir/report.sarif" --format "markdown=$out_dir/report.md")
    [ -n "${INPUT_FORMAT:-}" ] && args+=(--format "$INPUT_FORMAT")
    [ -n "${INPUT_SEVERITY:-}" ] && args+=(--severity "$INPUT_SEVERITY")
    if [ "$scan_type" != config ]; then
      [ -n "${INPUT_POLICY:-}" ] && args+=(--policy "$INPUT_POLICY")
      [ -n "${INPUT_DB_REPOSITORY:-}" ] && args+=(--db-repository "$INPUT_DB_REPOSITORY")
    fi
    args+=(--exit-code "${INPUT_EXIT_CODE:-1}")
    code=0
    "$dredge_cmd" "${args[@]}" || code=$?
    if [ -f "$out_dir/report.md" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "$out_dir/report.md" >> "$GITHUB_STEP_SUMMARY"; fi
    findings=0
    if [ -f "$out_dir/report.json" ]; then
      findings=$(node -e '
        const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        const reports = d.reports ?? [d];
        let n = 0;
        for (const r of reports) for (const t of r.targets) for (const list of [t.vulnerabilities, t.misconfigurations, t.secrets]) n += (list ?? []).filter((f) => !f.suppressed).length;
        console.log(n);' "$out_dir/report.json")
    fi
    {
      echo "exit-code=$code"
      echo "findings=$findings"
      echo "json=$out_dir/report.json"
      echo "sarif=$out_dir/report.sarif"
      echo "markdown=$out_dir/report.md"
    } >> "$GITHUB_OUTPUT"
    exit "$code"
    ;;
  diff)
    mkdir -p "$out_dir"
    base=${INPUT_BASE_IMAGE:-}
    target=${INPUT_IMAGE:-}
    if [ -z "$base" ]; then echo "::error::the base-image input is required for the comparison" >&2; exit 2; fi
    if [ "${INPUT_SCAN_TYPE:-image}" != image ] || [ "${INPUT_INPUT_LIST:-false}" = true ] || [ -z "$target" ]; then
      echo "::warning::base-image: the comparison takes one image (scan-type image, without input-list); skipped"
      exit 0
    fi
    args=(diff "$base" "$target" --format "markdown=$out_dir/diff.md" --format "json=$out_dir/diff.json")
    [ -n "${INPUT_SEVERITY:-}" ] && args+=(--severity "$INPUT_SEVERITY")
    [ -n "${INPUT_POLICY:-}" ] && args+=(--policy "$INPUT_POLICY" --policy-exit-code 0)
    [ -n "${INPUT_DB_REPOSITORY:-}" ] && args+=(--db-repository "$INPUT_DB_REPOSITORY")
    code=0
    "$dredge_cmd" "${args[@]}" || code=$?
    if [ "$code" -ne 0 ] || [ ! -f "$out_dir/diff.json" ]; then
      echo "::warning::dredge diff $base $target failed (exit $code): no comparison"
      exit 0
    fi
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "$out_dir/diff.md" >> "$GITHUB_STEP_SUMMARY"; fi
    new_findings=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).gate.newFindings)' "$out_dir/diff.json")
    url=""
    if [ "${INPUT_PR_COMMENT:-true}" = true ]; then
      here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
      rc=0
      url=$(node "$here/pr-comment.mjs" "$out_dir/diff.md") || rc=$?
      case "$rc" in
        0) echo "comparison posted on the pull request: $url" ;;
        3) echo "not a pull request: no comment (the comparison is in the job summary)" ;;
        *) echo "::warning::could not comment on the pull request (a fork's read-only token, or pull-requests: write missing?)" ;;
      esac
    fi
    {
      echo "new-findings=$new_findings"
      echo "diff=$out_dir/diff.json"
      echo "diff-markdown=$out_dir/diff.md"
      echo "comment-url=$url"
    } >> "$GITHUB_OUTPUT"
    ;;
  *)
    echo "usage: action.sh key|scan|diff" >&2
    exit 2
    ;;
esac
