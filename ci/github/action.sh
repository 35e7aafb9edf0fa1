#!/usr/bin/env bash
# The GitHub Action's steps (action.yml): `action.sh key` prints the database cache key to $GITHUB_OUTPUT;
# `action.sh scan` runs the scan from the INPUT_* variables, writes the reports, appends the Markdown report
# to $GITHUB_STEP_SUMMARY, sets the outputs (exit-code, sarif, json, findings) and exits with Dredge's code.
# DREDGE: the command to run (default: dredge, installed by the action).
set -euo pipefail

dredge_cmd=${DREDGE:-dredge}
out_dir=${DREDGE_OUTPUT_DIR:-${RUNNER_TEMP:-/tmp}/dredge}

case "${1:-}" in
  key)
    # The database is published per schema (the repository's tag) and rebuilt daily: one key a day.
    repo=${INPUT_DB_REPOSITORY:-ghcr.io/dredge-scanner/dredge-db:2}
    echo "key=dredge-db-${repo//[^A-Za-z0-9._-]/_}-$(date -u +%Y-%m-%d)" >> "$GITHUB_OUTPUT"
    echo "prefix=dredge-db-${repo//[^A-Za-z0-9._-]/_}-" >> "$GITHUB_OUTPUT"
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
  *)
    echo "usage: action.sh key|scan" >&2
    exit 2
    ;;
esac
