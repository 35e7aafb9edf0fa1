/** Apache httpd: AP_SERVER_BASEVERSION `Apache/2.4.58` in /usr/local/apache2/bin/httpd (Debian: /usr/sbin/apache2). */
import { markerDetector } from "./marker.js";

export const httpdDetector = markerDetector({
  name: "httpd",
  path: /(^|\/)s?bin\/(httpd|apache2)$/,
  marker: "Apache/",
  version: /^(2\.\d{1,2}\.\d{1,3})(?![\d.])/,
});
