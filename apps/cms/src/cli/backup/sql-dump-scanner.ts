/** What a mysqldump / mariadb-dump file holds, as far as a read-through can tell. */
export interface SqlDumpSummary {
  readonly statements: number;
  readonly tables: readonly string[];
  /** INSERT statements per table (an extended insert carries many rows). */
  readonly inserts: ReadonlyMap<string, number>;
  /** The dump tool's header comment was there. */
  readonly header: boolean;
  /** The tool's last line, `-- Dump completed on …`, was there: the file is not cut short. */
  readonly completed: boolean;
}

type State = 'code' | 'single' | 'double' | 'backtick' | 'block-comment';

/** What dumps contain: anything else is not a dump (or is a corrupted one). */
const KNOWN_STATEMENTS = new Set([
  'ALTER',
  'BEGIN',
  'COMMIT',
  'CREATE',
  'DELETE',
  'DROP',
  'INSERT',
  'LOCK',
  'REPLACE',
  'SET',
  'START',
  'UNLOCK',
  'USE',
]);
const HEAD_CHARS = 96;

/**
 * A streaming, line-at-a-time splitter of SQL dump text into statements: quotes (with
 * backslash escapes), comments, `/*!…*\/` version comments (code to MySQL) and DELIMITER lines
 * (triggers) are honoured. It keeps only the first characters of each statement, so memory
 * stays bounded by the longest line, whatever the size of the dump.
 */
export class SqlDumpScanner {
  private state: State = 'code';
  private delimiter = ';';
  private head = '';
  private statements = 0;
  private readonly tables = new Set<string>();
  private readonly inserts = new Map<string, number>();
  private header = false;
  private completed = false;
  private lineNumber = 0;

  /** One line, without its line break. Throws with the line number on text that is not SQL. */
  line(text: string): void {
    this.lineNumber++;
    if (this.state === 'code' && this.head.trim() === '') {
      const delimiter = /^DELIMITER\s+(\S+)\s*$/i.exec(text);
      if (delimiter?.[1]) {
        this.delimiter = delimiter[1];
        this.head = '';
        return;
      }
      if (/^-- (MySQL|MariaDB) dump/.test(text)) this.header = true;
      if (text.trim() !== '') this.completed = /^-- Dump completed/.test(text);
    }
    this.scan(text);
    this.take('\n');
  }

  private scan(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text[i] ?? '';
      const next = text[i + 1] ?? '';
      switch (this.state) {
        case 'code':
          if (text.startsWith(this.delimiter, i)) {
            this.finish();
            i += this.delimiter.length - 1;
          } else if ((c === '-' && next === '-' && /^\s?$/.test(text[i + 2] ?? '')) || c === '#') {
            return;
          } else if (c === '/' && next === '*' && text[i + 2] !== '!') {
            this.state = 'block-comment';
            i++;
          } else {
            if (c === "'") this.state = 'single';
            else if (c === '"') this.state = 'double';
            else if (c === '`') this.state = 'backtick';
            this.take(c);
          }
          break;
        case 'block-comment':
          if (c === '*' && next === '/') {
            this.state = 'code';
            i++;
          }
          break;
        default:
          i = this.quoted(text, i, c);
      }
    }
  }

  /** Inside a quoted string or name: the index of the last character used. */
  private quoted(text: string, i: number, c: string): number {
    const quote = this.state === 'single' ? "'" : this.state === 'double' ? '"' : '`';
    this.take(c);
    if (c === '\\' && quote !== '`') {
      this.take(text[i + 1] ?? '');
      return i + 1;
    }
    if (c === quote) {
      if (text[i + 1] === quote) {
        this.take(quote);
        return i + 1;
      }
      this.state = 'code';
    }
    return i;
  }

  private take(c: string): void {
    if (this.head.length < HEAD_CHARS) this.head += c;
  }

  private finish(): void {
    const head = this.head.trim().replace(/^\/\*!\d*\s*/, '');
    this.head = '';
    if (head === '' || head === '*/') return;
    const word = /^[A-Za-z]+/.exec(head)?.[0]?.toUpperCase() ?? '';
    if (!KNOWN_STATEMENTS.has(word)) {
      const shown = head.slice(0, 30).replace(/[^\x20-\x7e]/g, '?');
      throw new Error(`line ${this.lineNumber}: "${shown}" is not a statement a dump contains`);
    }
    this.statements++;
    const table = /^(?:CREATE TABLE(?: IF NOT EXISTS)?|INSERT (?:IGNORE )?INTO)\s+`([^`]+)`/i.exec(head);
    if (!table?.[1]) return;
    if (word === 'CREATE') this.tables.add(table[1]);
    else this.inserts.set(table[1], (this.inserts.get(table[1]) ?? 0) + 1);
  }

  /** Call after the last line. Throws when the text ends inside a string, comment or statement. */
  end(): SqlDumpSummary {
    if (this.state !== 'code') throw new Error(`ends inside a ${this.state.replace('-', ' ')}: cut short`);
    if (this.head.trim() !== '') throw new Error('ends in the middle of a statement: cut short');
    return {
      statements: this.statements,
      tables: [...this.tables],
      inserts: this.inserts,
      header: this.header,
      completed: this.completed,
    };
  }
}
