import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { answerPrefix, rebaseAnswer } from "./answers.js";

describe("a stored answer carried to another database", () => {
  const from = { builtAt: "2026-02-01T00:00:00.000Z", schemaVersion: 2 };
  const to = { builtAt: "2026-02-02T00:00:00.000Z", schemaVersion: 2 };
  const rest = ',"vulnerabilities":[{"id":"CVE-1","description":"a \\",\\"vulnerabilities\\": inside a string"}],"warnings":[]}';

  it("names the new database and keeps everything after it", () => {
    const rebased = rebaseAnswer(answerPrefix(from) + rest, to);
    assert.equal(rebased, answerPrefix(to) + rest);
    assert.deepEqual(JSON.parse(rebased!).database, to);
    assert.equal(rebaseAnswer('{"database":null' + rest, to), answerPrefix(to) + rest);
  });

  it("gives nothing for text that is not a stored answer (the read computes the answer instead)", () => {
    for (const corrupt of ["", "{}", "not json", '{"database":', '{"database":{"builtAt":' + rest, '{"database":7' + rest, '{"other":1' + rest, answerPrefix(from)]) {
      assert.equal(rebaseAnswer(corrupt, to), undefined, JSON.stringify(corrupt));
    }
  });
});
