/** Types of scripts/demo-lib.mjs (for test/e2e/demo.test.ts). */
export interface DemoLayer { dir: string; createdBy: string }
export interface DemoFeed { source: string; path: string }
export interface DemoManifest {
  snapshot: string;
  image: { title: string; created: string; layers: DemoLayer[]; cmd: string[]; workingDir: string };
  feeds: DemoFeed[];
}
export declare const DEMO_DATA: string;
export declare function readDemoManifest(dataDir?: string): DemoManifest;
export declare function dbBuildArgs(output: string, dataDir?: string): string[];
export declare function scanArgs(image: string, db: string): string[];
export declare function bannerLines(dataDir?: string): string[];
