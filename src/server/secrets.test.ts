import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "node:test";
import { isDredgeError } from "../errors.js";
import { KEY_FILE, keyFileKey, keyIdOf, openSecretBox, parseSecretKeys, secretBox } from "./secrets.js";

const invalid = (e: unknown) => isDredgeError(e, "INVALID_CONFIG");

it("seals with AES-256-GCM: a fresh nonce each time, bound to its record, tamper-evident", () => {
  const box = secretBox([randomBytes(32)]);
  const a = box.seal("hunter2", "registry:1");
  const b = box.seal("hunter2", "registry:1");
  assert.notEqual(a.sealed, b.sealed, "random nonce");
  assert.ok(!a.sealed.includes("hunter2"));
  assert.equal(a.keyId, box.keyId);
  assert.equal(box.open(a.sealed, "registry:1"), "hunter2");
  assert.throws(() => box.open(a.sealed, "registry:2"), invalid, "sealed for another record");
  const parts = a.sealed.split(":");
  const body = Buffer.from(parts[3]!, "base64url");
  body[0]! ^= 1;
  assert.throws(() => box.open([...parts.slice(0, 3), body.toString("base64url")].join(":"), "registry:1"), invalid, "altered");
  assert.throws(() => box.open("plain text", "registry:1"), invalid);
});

it("rotates keys: the first key seals, every key opens, an unknown key id is named", () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const sealedOld = secretBox([oldKey]).seal("s", "c").sealed;
  const rotated = secretBox([newKey, oldKey]);
  assert.equal(rotated.keyId, keyIdOf(newKey));
  assert.equal(rotated.open(sealedOld, "c"), "s");
  assert.throws(() => secretBox([newKey]).open(sealedOld, "c"), (e) => invalid(e) && (e as Error).message.includes(keyIdOf(oldKey)));
});

it("parses DREDGE_SECRET_KEY: base64 or hex 32-byte keys, comma-separated", () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  assert.deepEqual(parseSecretKeys(`${k1.toString("base64")},${k2.toString("hex")}`), [k1, k2]);
  for (const bad of ["", "short", randomBytes(16).toString("base64"), `${k1.toString("base64")},`]) assert.throws(() => parseSecretKeys(bad), invalid, bad);
});

it("creates the key file with mode 0600 and refuses one others may read", async () => {
  const dir = await mkdtemp(join(tmpdir(), "dredge-secrets-"));
  try {
    const data = join(dir, "server");
    const key = await keyFileKey(data);
    assert.equal((await stat(join(data, KEY_FILE))).mode & 0o777, 0o600);
    assert.deepEqual(await keyFileKey(data), key, "the same key on the next start");
    assert.equal((await openSecretBox(undefined, data)).keyId, keyIdOf(key));
    assert.equal((await openSecretBox(randomBytes(32).toString("base64"), join(dir, "unused"))).keyId === keyIdOf(key), false, "DREDGE_SECRET_KEY wins");
    await chmod(join(data, KEY_FILE), 0o644);
    await assert.rejects(keyFileKey(data), (e) => invalid(e) && /chmod 600/.test((e as { hint?: string }).hint ?? ""));
    const other = join(dir, "other");
    await keyFileKey(other);
    await writeFile(join(other, KEY_FILE), "not a key\n", { mode: 0o600 });
    await assert.rejects(keyFileKey(other), invalid);
    assert.match(await readFile(join(data, KEY_FILE), "utf8"), /^[A-Za-z0-9+/]{43}=\n$/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
