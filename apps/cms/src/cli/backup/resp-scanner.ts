const MAX_LINE = 64;

/**
 * Streams through an append-only file (RESP: `*<n>` then n × `$<len>` + bytes), checking the
 * framing of every command without keeping values: memory stays at one chunk. `#` lines are
 * Redis 7's timestamp annotations.
 */
export class RespScanner {
  private pending: Buffer = Buffer.alloc(0);
  private skip = 0;
  private expectCrlf = false;
  private bulksLeft = 0;
  private commands = 0;
  private consumed = 0;

  push(chunk: Buffer): void {
    const buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let i = 0;
    while (i < buf.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, buf.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      const nl = buf.indexOf(10, i);
      if (nl === -1) {
        if (buf.length - i > MAX_LINE) this.fail('a line too long for RESP');
        break;
      }
      this.line(buf.toString('latin1', i, nl));
      this.consumed += nl + 1 - i;
      i = nl + 1;
    }
    this.pending = Buffer.from(buf.subarray(i));
  }

  private line(text: string): void {
    if (!text.endsWith('\r')) this.fail('a line without CR LF');
    const body = text.slice(0, -1);
    if (this.expectCrlf) {
      if (body !== '') this.fail('a value longer than its declared length');
      this.expectCrlf = false;
      if (--this.bulksLeft === 0) this.commands++;
      return;
    }
    if (this.bulksLeft === 0) {
      if (body.startsWith('#')) return;
      const count = /^\*([1-9]\d{0,6})$/.exec(body)?.[1];
      if (!count) this.fail(`"${body.slice(0, 20)}" where a command starts`);
      this.bulksLeft = Number(count);
      return;
    }
    const length = /^\$(\d{1,10})$/.exec(body)?.[1];
    if (!length) this.fail(`"${body.slice(0, 20)}" where an argument starts`);
    this.skip = Number(length);
    this.expectCrlf = true;
  }

  private fail(what: string): never {
    throw new Error(`${what} at command ${this.commands + 1} (byte ${this.consumed})`);
  }

  /** The number of complete commands; throws when the file ends inside one. */
  end(): number {
    if (this.pending.length || this.skip || this.expectCrlf || this.bulksLeft) {
      this.fail('cut short');
    }
    return this.commands;
  }
}
