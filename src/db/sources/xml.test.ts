/** The bounded XML and decompression readers on hostile input: these feeds are untrusted. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { feedsDir } from "../../../test/helpers/feed-server.js";
import { describe, it } from "node:test";
import { decompress } from "./decompress.js";
import { MalformedRecord } from "./types.js";
import { attr, child, children, elementTexts, openingAttr, parseXml, text } from "./xml.js";

describe("parseXml", () => {
  it("drops namespace prefixes and reads attributes and text; a single child is a list like many", () => {
    const doc = parseXml('<r xmlns:l="x"><l:a id="1">t</l:a><b/><b/></r>');
    const r = child(doc, "r");
    assert.equal(attr(child(r, "a"), "id"), "1");
    assert.equal(text(child(r, "a")), "t");
    assert.equal(children(r, "b").length, 2);
  });

  it("refuses nesting deeper than the limit", () => {
    const deep = `${"<a>".repeat(200)}${"</a>".repeat(200)}`;
    assert.throws(() => parseXml(deep), MalformedRecord);
  });

  it("refuses a document over the size limit, and one that is not well-formed", () => {
    assert.throws(() => parseXml("<a>xxxxxxxx</a>", { maxBytes: 8 }), /larger than 8 bytes/);
    assert.throws(() => parseXml("<a><b></a>"), MalformedRecord);
  });

  it("does not expand entities without bound (billion laughs)", () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "${"x".repeat(1000)}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><l>${"&c;".repeat(2000)}</l>`;
    let len = 0;
    try {
      len = text(child(parseXml(lol, { maxBytes: 1_000_000 }), "l"))?.length ?? 0;
    } catch (err) {
      assert.ok(err instanceof MalformedRecord);
    }
    assert.ok(len <= 1_000_000, `expanded to ${len} characters`);
  });
});

describe("elementTexts", () => {
  it("yields each element's text, skipping tags named in comments and a truncated last element", () => {
    const doc = "<r><!-- <definition> blocks --><definitions><definition id=\"a\"><x/><!-- c --></definition><definition id=\"b\"/><definition id=\"c\">cut";
    assert.deepEqual([...elementTexts(doc, "definition")].map((t) => openingAttr(t, "id")), ["a", "b"]);
  });
  it("stops at the element limit", () => {
    assert.throws(() => [...elementTexts("<u></u>".repeat(5), "u", 3)], /more than 3/);
  });
  it("is linear on a large document without comments", () => {
    const doc = `<d>${"<definition id=\"x\"><m>text</m></definition>".repeat(200_000)}</d>`;
    const t0 = Date.now();
    let n = 0;
    for (const _ of elementTexts(doc, "definition")) n++;
    assert.equal(n, 200_000);
    assert.ok(Date.now() - t0 < 5000);
  });
});

describe("decompress", () => {
  it("gzip by magic bytes, capped", () => {
    const big = gzipSync(Buffer.alloc(1 << 20));
    assert.equal(decompress(big).length, 1 << 20);
    assert.throws(() => decompress(big, 1000), MalformedRecord);
  });
  it("bzip2 (Oracle's OVAL as served), capped", () => {
    const bz = readFileSync(join(feedsDir, "oracle/oval-fixtures/com.oracle.elsa-all.xml.bz2"));
    assert.match(decompress(bz).toString("utf8"), /<oval_definitions/);
    assert.throws(() => decompress(bz, 1000), /larger than 1000 bytes/);
  });
  it("plain bytes pass through; corrupt bzip2 is malformed", () => {
    assert.equal(decompress(Buffer.from("<a/>")).toString(), "<a/>");
    assert.throws(() => decompress(Buffer.from("BZh91AY&SYgarbage")), MalformedRecord);
  });
});
