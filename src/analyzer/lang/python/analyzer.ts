/** Python analyzers: installed distributions (core metadata) and lockfiles. */
import type { Analyzer } from "../../types.js";
import { ownValue } from "../../../util/own.js";
import { langAnalyzer } from "../analyzer.js";
import type { LangParser } from "../types.js";
import { isPythonMetadataPath, parsePythonMetadata } from "./metadata.js";
import { parsePipfileLock } from "./pipfile-lock.js";
import { parsePoetryLock } from "./poetry-lock.js";
import { isRequirementsPath, parseRequirements } from "./requirements.js";
import { parseUvLock } from "./uv-lock.js";

export const pythonInstalledAnalyzer: Analyzer = langAnalyzer({
  id: "python-installed",
  version: 1,
  maxBytes: 4 * 1024 * 1024,
  parserFor: (path) => (isPythonMetadataPath(path) ? parsePythonMetadata : undefined),
});

const lockParsers: Record<string, LangParser> = {
  "Pipfile.lock": parsePipfileLock,
  "poetry.lock": parsePoetryLock,
  "uv.lock": parseUvLock,
};

export const pythonLockAnalyzer: Analyzer = langAnalyzer({
  id: "python-lock",
  version: 2,
  parserFor: (path) => {
    if (/\/(site|dist)-packages\//.test(path)) return undefined;
    const base = path.slice(path.lastIndexOf("/") + 1);
    return ownValue(lockParsers, base) ?? (isRequirementsPath(path) ? parseRequirements : undefined);
  },
});
