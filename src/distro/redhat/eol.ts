/** Red Hat Enterprise Linux (and UBI): end of Maintenance Support, by major release. */
export const redhatEol: Record<string, string> = {
  "5": "2017-03-31",
  "6": "2020-11-30",
  "7": "2024-06-30",
  "8": "2029-05-31",
  "9": "2032-05-31",
  "10": "2035-05-31",
};
