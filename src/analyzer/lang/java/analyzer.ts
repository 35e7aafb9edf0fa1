/** Java analyzers: archives (.jar .war .ear …) and build lockfiles/manifests (gradle.lockfile, pom.xml). */
import type { Analyzer } from "../../types.js";
import { langAnalyzer } from "../analyzer.js";
import { parseGradleLockfile } from "./gradle-lockfile.js";
import { isJavaArchivePath, parseJar } from "./jar.js";
import { parsePomXml } from "./pom-xml.js";

export const jarAnalyzer: Analyzer = langAnalyzer({
  id: "java-archive",
  version: 1,
  maxBytes: 512 * 1024 * 1024,
  parserFor: (path) => (isJavaArchivePath(path) ? parseJar : undefined),
});

export const javaBuildAnalyzer: Analyzer = langAnalyzer({
  id: "java-build",
  version: 1,
  parserFor: (path) => {
    if (/(^|\/)gradle\.lockfile$/.test(path)) return parseGradleLockfile;
    return /(^|\/)pom\.xml$/.test(path) ? parsePomXml : undefined;
  },
});
