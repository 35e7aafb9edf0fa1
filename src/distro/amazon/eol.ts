/** Amazon Linux: 1 (AMI 2018.03), 2, 2023. */
export const amazonEol: Record<string, string> = {
  "1": "2023-12-31",
  "2": "2026-06-30",
  "2023": "2029-06-30",
};
