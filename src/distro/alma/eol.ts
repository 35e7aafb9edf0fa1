/** AlmaLinux: end of security support, by major release. */
export const almaEol: Record<string, string> = {
  "8": "2029-03-01",
  "9": "2032-05-31",
  "10": "2035-05-31",
};
