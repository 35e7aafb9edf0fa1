import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { detachString } from "./detach.js";

describe("detachString", () => {
  it("returns an equal string, lone surrogates and escapes included", () => {
    for (const s of ["", "a", "pkg:deb/debian/libc6@2.36-9?arch=amd64", "quote \" back\\slash \n tab\t", "lone \ud800 and \udc00 surrogates", "ünïcødé ✓ 𝄞", "x".repeat(5000)]) {
      assert.equal(detachString(s), s);
    }
  });

  it("copies a slice of a large text, which can then be collected", () => {
    const text = `${"filler line\n".repeat(10_000)}Maintainer: Some Maintainer <someone@example.org>\n`;
    const slice = /Maintainer: (.*)\n/.exec(text)![1]!;
    assert.equal(detachString(slice), "Some Maintainer <someone@example.org>");
  });
});
