/** Runtimes and servers installed without a package manager: one detector per runtime, one analyzer. */
import type { Analyzer } from "../types.js";
import { runtimeAnalyzerOf } from "./analyzer.js";
import { busyboxDetector } from "./busybox.js";
import { golangDetector } from "./golang.js";
import { httpdDetector } from "./httpd.js";
import { nginxDetector } from "./nginx.js";
import { nodeDetector } from "./node.js";
import { openjdkDetector } from "./openjdk.js";
import { phpDetector } from "./php.js";
import { postgresDetector } from "./postgres.js";
import { pythonDetector } from "./python.js";
import { redisDetector } from "./redis.js";
import { rubyDetector } from "./ruby.js";
import type { RuntimeDetector } from "./types.js";

/** Order matters only for busybox, which also looks at other executables in bin directories: it is last. */
export const runtimeDetectors: readonly RuntimeDetector[] = [
  nodeDetector,
  pythonDetector,
  golangDetector,
  openjdkDetector,
  rubyDetector,
  phpDetector,
  nginxDetector,
  httpdDetector,
  redisDetector,
  postgresDetector,
  busyboxDetector,
];

export const runtimeAnalyzer: Analyzer = runtimeAnalyzerOf("runtime", runtimeDetectors);

/** What src/analyzer/registry.ts appends to the image analyzers. */
export const runtimeAnalyzers: readonly Analyzer[] = [runtimeAnalyzer];
