/** NuGet central package management files in source trees. */
import type { Analyzer } from "../../types.js";
import { langAnalyzer } from "../analyzer.js";
import { parsePackagesProps } from "./packages-props.js";

export const packagesPropsAnalyzer: Analyzer = langAnalyzer({
  id: "packages-props",
  version: 1,
  parserFor: (path) => (/(^|\/)(Directory\.)?Packages\.props$/.test(path) ? parsePackagesProps : undefined),
});
