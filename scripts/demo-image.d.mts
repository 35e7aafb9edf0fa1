/** Types of scripts/demo-image.mjs (for test/e2e/demo.test.ts). */
export interface DemoImage { out: string; layers: number; files: number; bytes: number }
export declare function writeDemoImage(out: string, dataDir?: string): Promise<DemoImage>;
