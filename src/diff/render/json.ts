/** The diff as JSON: the ImageDiff document, schema diff-v1.schema.json (docs/diff.md). */
import { jsonText } from "../../report/common/write.js";
import type { ImageDiff } from "../types.js";

/** The JSON schema version this writer produces (ImageDiff.schemaVersion). */
export const DIFF_SCHEMA_VERSION = 1;

export const renderDiffJson = (d: ImageDiff): string => jsonText(d);
