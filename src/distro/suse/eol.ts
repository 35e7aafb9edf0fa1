/** SUSE Linux Enterprise Server: end of general support of each service pack (`15.3` = 15 SP3). */
export const slesEol: Record<string, string> = {
  "11.4": "2019-03-31",
  "12.3": "2019-06-30",
  "12.4": "2020-06-30",
  "12.5": "2024-10-31",
  "15": "2019-12-31",
  "15.1": "2021-01-31",
  "15.2": "2021-12-31",
  "15.3": "2022-12-31",
  "15.4": "2023-12-31",
  "15.5": "2024-12-31",
  "15.6": "2025-12-31",
  "15.7": "2031-07-31",
};

/** openSUSE Leap: end of maintenance of each release. Tumbleweed is rolling (no end of life). */
export const opensuseLeapEol: Record<string, string> = {
  "42.3": "2019-07-01",
  "15.0": "2019-12-03",
  "15.1": "2021-02-02",
  "15.2": "2021-12-31",
  "15.3": "2022-12-31",
  "15.4": "2023-12-07",
  "15.5": "2024-12-31",
  "15.6": "2026-04-30",
  "16.0": "2027-10-31",
};

/** SUSE Linux Enterprise Micro (SUSE Linux Micro from 6.0): end of support of each release, LTSS included (suse.com/lifecycle). */
export const sleMicroEol: Record<string, string> = {
  "5.0": "2022-12-31",
  "5.1": "2025-10-31",
  "5.2": "2026-04-30",
  "5.3": "2026-10-30",
  "5.4": "2027-04-30",
  "5.5": "2027-10-31",
  "6.0": "2028-06-30",
};
