import { describe, expect, it } from '@jest/globals';
import { Crc64 } from './crc64.js';
import { RespScanner } from './resp-scanner.js';
import { SqlDumpScanner } from './sql-dump-scanner.js';

function scanSql(text: string): ReturnType<SqlDumpScanner['end']> {
  const scanner = new SqlDumpScanner();
  for (const line of text.split('\n')) scanner.line(line);
  return scanner.end();
}

describe('CRC-64/Jones (the RDB checksum)', () => {
  it('gives the published check value of "123456789"', () => {
    expect(new Crc64().update(Buffer.from('123456789')).hex()).toBe('e9c6d914c4b8d9ca');
  });

  it('is the same fed in pieces', () => {
    const whole = new Crc64().update(Buffer.from('hello world')).hex();
    expect(new Crc64().update(Buffer.from('hello')).update(Buffer.from(' world')).hex()).toBe(whole);
  });
});

describe('SQL dump scanner', () => {
  it('splits statements, ignoring delimiters inside strings, names and comments', () => {
    const summary = scanSql(
      [
        '-- MariaDB dump 10.19',
        '/*!40101 SET NAMES utf8mb4 */;',
        "CREATE TABLE `a;b` (`x` varchar(10) DEFAULT 'x;y');",
        "INSERT INTO `a;b` VALUES ('it''s; fine'),('back\\\\slash\\'; too'),(\"dq;\");",
        '/* a comment; with a semicolon */',
        'DELIMITER ;;',
        '/*!50003 CREATE*/ /*!50003 TRIGGER t AFTER INSERT ON `a;b` FOR EACH ROW BEGIN INSERT INTO q VALUES (1); END */;;',
        'DELIMITER ;',
        '-- Dump completed on 2026-12-07 10:00:00',
        '',
      ].join('\n'),
    );
    expect(summary).toMatchObject({ statements: 4, tables: ['a;b'], header: true, completed: true });
    expect(summary.inserts.get('a;b')).toBe(1);
  });

  it('notices a dump cut inside a string or a statement, or before its last line', () => {
    expect(() => scanSql("-- MySQL dump\nINSERT INTO `t` VALUES ('abc")).toThrow('cut short');
    expect(() => scanSql('-- MySQL dump\nINSERT INTO `t` VALUES (1)')).toThrow('cut short');
    expect(scanSql('-- MySQL dump\nINSERT INTO `t` VALUES (1);').completed).toBe(false);
  });

  it('refuses text that is not a dump, naming the line', () => {
    expect(() => scanSql('-- MySQL dump\n\u0000\u0001garbage here;')).toThrow(/^line 2: "\?\?garbage here"/);
  });
});

describe('RESP scanner (append-only files)', () => {
  const command = (...args: string[]): Buffer =>
    Buffer.from(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);

  it('counts complete commands, fed in any pieces, values with CR LF inside included', () => {
    const aof = Buffer.concat([
      Buffer.from('#TS:1700000000\r\n'),
      command('SET', 'k', 'a\r\nb'),
      command('DEL', 'k'),
    ]);
    for (const size of [1, 3, 7, aof.length]) {
      const scanner = new RespScanner();
      for (let i = 0; i < aof.length; i += size) scanner.push(aof.subarray(i, i + size));
      expect(scanner.end()).toBe(2);
    }
  });

  it('refuses a cut-short file and a wrong length', () => {
    const cut = new RespScanner();
    cut.push(command('SET', 'k', 'v').subarray(0, 20));
    expect(() => cut.end()).toThrow('cut short at command 1');
    const wrong = new RespScanner();
    expect(() => wrong.push(Buffer.from('*1\r\n$2\r\nabc\r\n'))).toThrow('longer than its declared length');
  });
});
