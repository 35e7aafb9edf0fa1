/**
 * Runtime packages are `pkg:generic/<name>@<version>`: no OSV ecosystem covers these runtimes themselves
 * (Node.js, CPython, OpenJDK… publish CVEs that NVD files under CPEs). A future matcher for them would map
 * the name to these NVD CPE vendor:product pairs. The Go toolchain is not here: it is `pkg:golang/stdlib`
 * and `pkg:golang/toolchain`, matched by the Go vulndb like Go binaries.
 */
export const runtimeCpes: Readonly<Record<string, string>> = {
  node: "nodejs:node.js",
  python: "python:python",
  openjdk: "oracle:openjdk",
  ruby: "ruby-lang:ruby",
  php: "php:php",
  nginx: "f5:nginx",
  httpd: "apache:http_server",
  redis: "redis:redis",
  postgresql: "postgresql:postgresql",
  busybox: "busybox:busybox",
};
