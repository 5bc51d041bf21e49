/**
 * CRC-64/Jones as Redis computes it over an RDB file (reflected, init 0, no final xor; the
 * check value of "123456789" is e9c6d914c4b8d9ca). Kept as two 32-bit halves: BigInt per
 * byte would make a multi-gigabyte dump crawl.
 */
const POLY_HI = 0x95ac9329; // 0xad93d23594c935a9 with its bits reversed
const POLY_LO = 0xac4bc9b5;

const TABLE_HI = new Uint32Array(256);
const TABLE_LO = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  let hi = 0;
  let lo = i;
  for (let bit = 0; bit < 8; bit++) {
    const carry = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi = hi >>> 1;
    if (carry) {
      hi = (hi ^ POLY_HI) >>> 0;
      lo = (lo ^ POLY_LO) >>> 0;
    }
  }
  TABLE_HI[i] = hi;
  TABLE_LO[i] = lo;
}

export class Crc64 {
  private hi = 0;
  private lo = 0;

  update(bytes: Uint8Array): this {
    let { hi, lo } = this;
    for (const byte of bytes) {
      const index = (lo ^ byte) & 0xff;
      lo = (((lo >>> 8) | (hi << 24)) ^ (TABLE_LO[index] ?? 0)) >>> 0;
      hi = ((hi >>> 8) ^ (TABLE_HI[index] ?? 0)) >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
    return this;
  }

  /** The CRC as 16 hex digits. */
  hex(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }
}
