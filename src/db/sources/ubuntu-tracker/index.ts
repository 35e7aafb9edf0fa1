/**
 * The `ubuntu-tracker` feed: the Ubuntu CVE Tracker's own entries (./parse.ts, ./transform.ts), next to
 * Ubuntu's OSV (`ubuntu`): it carries the statuses OSV lacks (needs-triage, deferred, ignored). Where both
 * speak of a CVE for a release, the tracker's row is preferred (src/distro/ubuntu/).
 */
import type { FeedSource } from "../types.js";
import { fetchTracker, UBUNTU_TRACKER_URL } from "./fetch.js";
import { transformTracker } from "./transform.js";

export const ubuntuTrackerSource: FeedSource = {
  name: "ubuntu-tracker",
  defaultLocation: UBUNTU_TRACKER_URL,
  description: "Ubuntu CVE Tracker entries (statuses per release: needs-triage, needed, deferred, ignored, released)",
  fetch: fetchTracker,
  transform: transformTracker,
};
