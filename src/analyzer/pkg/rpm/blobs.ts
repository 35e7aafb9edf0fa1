/** What every rpm database reader returns: the raw header blobs and warnings (without the file name). */
export interface BlobRead {
  blobs: Buffer[];
  warnings: string[];
}
