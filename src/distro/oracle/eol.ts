/** Oracle Linux: end of Premier Support, by major release. */
export const oracleEol: Record<string, string> = {
  "5": "2017-06-30",
  "6": "2021-03-01",
  "7": "2024-12-31",
  "8": "2029-07-31",
  "9": "2032-06-30",
  "10": "2035-06-30",
};
