/** Types of scripts/build-ui.mjs (for the dashboard's tests). */
export declare function buildUi(outdir?: string): Promise<{ script: string; style: string }>;
