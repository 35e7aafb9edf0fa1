/**
 * Runtime packages are `pkg:generic/<name>@<version>`: no OSV ecosystem covers these runtimes themselves
 * (Node.js, CPython, OpenJDK… publish CVEs that NVD files under CPEs). The runtime matcher
 * (src/matcher/runtime/) looks each name up under these NVD CPE `vendor:product` pairs (the `cpe` namespace
 * of the database); NVD changed vendors over the years, so a runtime may have several. The Go toolchain is
 * not here: it is `pkg:golang/stdlib` and `pkg:golang/toolchain`, matched by the Go vulndb like Go binaries.
 */
export const runtimeCpes: Readonly<Record<string, readonly string[]>> = {
  // `joyent:node.js` for the early (Joyent-era) CVEs.
  node: ["nodejs:node.js", "joyent:node.js"],
  python: ["python:python"],
  // Oracle's Critical Patch Update CVEs name the JDK/JRE builds; NVD adds `openjdk` to some. A few of them
  // concern Oracle-only parts (Deployment, JavaFX): the price of not missing the shared ones.
  openjdk: ["oracle:openjdk", "oracle:jdk", "oracle:jre"],
  ruby: ["ruby-lang:ruby"],
  php: ["php:php"],
  // F5 since 2022; `nginx:nginx` before, `igor_sysoev:nginx` for the oldest CVEs.
  nginx: ["f5:nginx", "nginx:nginx", "igor_sysoev:nginx"],
  httpd: ["apache:http_server"],
  // `redislabs:redis` for some 2018–2021 CVEs.
  redis: ["redis:redis", "redislabs:redis"],
  postgresql: ["postgresql:postgresql"],
  busybox: ["busybox:busybox"],
};
