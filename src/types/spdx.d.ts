// Minimal declarations for the SPDX helper packages (they ship no types).
declare module "spdx-expression-parse" {
  export type SpdxNode = { license: string; plus?: boolean; exception?: string } | { left: SpdxNode; conjunction: "and" | "or"; right: SpdxNode };
  const parse: (expression: string) => SpdxNode;
  export default parse;
}
declare module "spdx-correct" {
  const correct: (identifier: string, options?: { upgrade?: boolean }) => string | null;
  export default correct;
}
