// Minimal declarations for seek-bzip (it ships no types): decode a whole bzip2 buffer into an output stream.
declare module "seek-bzip" {
  export interface BunzipOutput {
    writeByte(byte: number): void;
    write(buffer: Uint8Array, offset: number, length: number): number;
    flush(): void;
  }
  const Bunzip: {
    decode(input: Uint8Array, output: BunzipOutput, multistream?: boolean): void;
  };
  export default Bunzip;
}
