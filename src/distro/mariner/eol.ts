/** CBL-Mariner and its successor Azure Linux: end of support of each release. */
export const marinerEol: Record<string, string> = {
  "1.0": "2023-06-30",
  "2.0": "2025-07-31",
};

export const azureLinuxEol: Record<string, string> = {
  "3.0": "2027-07-31",
};
