/** VMware Photon OS: end of support of each release. */
export const photonEol: Record<string, string> = {
  "1.0": "2022-02-28",
  "2.0": "2022-12-31",
  "3.0": "2024-03-31",
  "4.0": "2026-03-31",
  "5.0": "2028-06-30",
};
