/** CentOS Linux (8: the original end date; CentOS Stream 8/9/10 have their own). By major release. */
export const centosEol: Record<string, string> = {
  "5": "2017-03-31",
  "6": "2020-11-30",
  "7": "2024-06-30",
  "8": "2021-12-31",
};

export const centosStreamEol: Record<string, string> = {
  "8": "2024-05-31",
  "9": "2027-05-31",
  "10": "2030-01-01",
};
