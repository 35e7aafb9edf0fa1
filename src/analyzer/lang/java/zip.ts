/** yauzl on a Buffer, promisified: list the entries, read one entry into memory with a byte cap. */
import yauzl from "yauzl";
import type { Entry, ZipFile } from "yauzl";

export function openZip(buf: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: true, decodeStrings: true }, (err, zip) => {
      if (err) reject(err);
      else resolve(zip);
    });
  });
}

/** Every entry, up to `max` (more → an Error naming the limit). */
export function listEntries(zip: ZipFile, max: number): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const out: Entry[] = [];
    zip.on("entry", (e: Entry) => {
      if (out.length >= max) {
        zip.close();
        reject(new Error(`more than ${max} entries`));
        return;
      }
      out.push(e);
      zip.readEntry();
    });
    zip.on("end", () => resolve(out));
    zip.on("error", reject);
    zip.readEntry();
  });
}

/** The inflated bytes of `entry`; rejects past `cap` bytes whatever the header says (zip bombs). */
export function readEntry(zip: ZipFile, entry: Entry, cap: number): Promise<Buffer> {
  if (entry.uncompressedSize > cap) return Promise.reject(new Error(`${entry.fileName}: ${entry.uncompressedSize} bytes is over ${cap}`));
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(err);
      const chunks: Buffer[] = [];
      let n = 0;
      stream.on("data", (c: Buffer) => {
        n += c.length;
        if (n > cap) {
          stream.destroy(new Error(`${entry.fileName}: inflates past ${cap} bytes`));
          return;
        }
        chunks.push(c);
      });
      stream.on("end", () => resolve(Buffer.concat(chunks)));
      stream.on("error", reject);
    });
  });
}
