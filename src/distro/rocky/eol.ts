/** Rocky Linux: end of security support, by major release. */
export const rockyEol: Record<string, string> = {
  "8": "2029-05-31",
  "9": "2032-05-31",
  "10": "2035-05-31",
};
