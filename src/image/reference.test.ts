import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseReference, registryApiHost, repositoryName } from "./reference.js";
import { isDredgeError } from "../errors.js";

const D = "sha256:98428e16af0ed0e58bfe6da8a9bcb9b242f6620661874c794c4ebe48ea3b5327";

describe("parseReference", () => {
  const valid: [string, string, string, string | undefined, string | undefined, string][] = [
    // input, registry, repository, tag, digest, normalized
    ["alpine", "docker.io", "library/alpine", "latest", undefined, "docker.io/library/alpine:latest"],
    ["alpine:3.20", "docker.io", "library/alpine", "3.20", undefined, "docker.io/library/alpine:3.20"],
    ["user/app", "docker.io", "user/app", "latest", undefined, "docker.io/user/app:latest"],
    ["docker.io/alpine", "docker.io", "library/alpine", "latest", undefined, "docker.io/library/alpine:latest"],
    ["index.docker.io/user/app:v1", "docker.io", "user/app", "v1", undefined, "docker.io/user/app:v1"],
    ["ghcr.io/org/team/app:1.0", "ghcr.io", "org/team/app", "1.0", undefined, "ghcr.io/org/team/app:1.0"],
    ["localhost/app", "localhost", "app", "latest", undefined, "localhost/app:latest"],
    ["localhost:5000/app", "localhost:5000", "app", "latest", undefined, "localhost:5000/app:latest"],
    ["127.0.0.1:5000/ns/repo:tag", "127.0.0.1:5000", "ns/repo", "tag", undefined, "127.0.0.1:5000/ns/repo:tag"],
    [`alpine@${D}`, "docker.io", "library/alpine", undefined, D, `docker.io/library/alpine@${D}`],
    [`host:5000/ns/repo:tag@${D}`, "host:5000", "ns/repo", "tag", D, `host:5000/ns/repo:tag@${D}`],
    ["[::1]:5000/repo", "[::1]:5000", "repo", "latest", undefined, "[::1]:5000/repo:latest"],
    ["a/b__c.d-e--f_g", "docker.io", "a/b__c.d-e--f_g", "latest", undefined, "docker.io/a/b__c.d-e--f_g:latest"],
    ["app:" + "x".repeat(128), "docker.io", "library/app", "x".repeat(128), undefined, `docker.io/library/app:${"x".repeat(128)}`],
    ["Registry/app", "Registry", "app", "latest", undefined, "Registry/app:latest"],
  ];
  for (const [input, registry, repository, tag, digest, normalized] of valid) {
    it(`parses ${input.slice(0, 60)}`, () => {
      const r = parseReference(input);
      assert.deepEqual(
        { registry: r.registry, repository: r.repository, tag: r.tag, digest: r.digest, normalized: r.normalized },
        { registry, repository, tag, digest, normalized },
      );
    });
  }

  const invalid: [string, RegExp][] = [
    ["", /empty/],
    ["Alpine", /lowercase/],
    ["user/App", /lowercase/],
    ["app:" + "x".repeat(129), /malformed tag/],
    ["app:-bad", /malformed tag/],
    ["app@sha256:abc", /malformed digest/],
    [`app@sha256:${"A".repeat(64)}`, /64 lowercase hex/],
    ["app@md5", /malformed digest/],
    ["a//b", /malformed repository path/],
    ["a/b_", /malformed repository path/],
    ["-host.io/app", /malformed registry host/],
    [":tag", /missing repository/],
    ["docker.io/" + "a".repeat(250), /longer than 255/],
  ];
  for (const [input, why] of invalid) {
    it(`rejects ${JSON.stringify(input.slice(0, 40))}`, () => {
      assert.throws(
        () => parseReference(input),
        (e: unknown) => isDredgeError(e, "INVALID_REFERENCE") && e.message.includes(`"${input}"`) && why.test(e.message),
      );
    });
  }
});

describe("registryApiHost / repositoryName", () => {
  it("maps docker hub to its API host", () => {
    assert.equal(registryApiHost("docker.io"), "registry-1.docker.io");
    assert.equal(registryApiHost("ghcr.io"), "ghcr.io");
    assert.equal(repositoryName(parseReference("alpine:3")), "docker.io/library/alpine");
  });
});
