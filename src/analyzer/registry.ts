/** Every analyzer Dredge runs, one line each (explicit: no import-for-side-effect registration). */
import type { Analyzer } from "./types.js";

export const analyzers: readonly Analyzer[] = [];
