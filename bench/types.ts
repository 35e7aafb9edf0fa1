/** `npm run bench`: each suite measures against a baseline taken in the same run and reports ratios. */
export interface BenchRow {
  suite: string;
  name: string;
  value: number;
  unit: string;
  /** value / baseline, when the figure is a ratio to something measured in this run. */
  ratio?: number;
  baseline?: string;
  /** The target, as text (`≤ 1.3×`, `≥ 1,000,000/s`). */
  target?: string;
  ok?: boolean;
}

export interface BenchContext {
  /** Scratch directory removed after the run. */
  tmpDir: string;
  log(message: string): void;
}

export interface BenchSuite {
  id: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}
