/** Debian: end of LTS security support (Debian LTS), by major release. */
export const debianEol: Record<string, string> = {
  "6": "2016-02-29",
  "7": "2018-05-31",
  "8": "2020-06-30",
  "9": "2022-06-30",
  "10": "2024-06-30",
  "11": "2026-08-31",
  "12": "2028-06-30",
  "13": "2030-06-30",
};
