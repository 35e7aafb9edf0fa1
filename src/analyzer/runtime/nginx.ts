/** nginx: `nginx version: nginx/1.25.3` (NGINX_VER in the -v message). OpenResty's `openresty/…` is not nginx's version. */
import { markerDetector } from "./marker.js";

export const nginxDetector = markerDetector({
  name: "nginx",
  path: /(^|\/)s?bin\/nginx$/,
  marker: "nginx version: nginx/",
  version: /^(\d{1,2}\.\d{1,3}\.\d{1,3})(?![\d.])/,
});
