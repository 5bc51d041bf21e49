/** A backup that does not read back: the message names the file and what is wrong, one line. */
export class BackupCheckError extends Error {
  override readonly name = 'BackupCheckError';
}

/** One part of a backup that read back: the line the CLI prints for it. */
export interface PartReport {
  readonly part: 'mysql' | 'redis' | 'files';
  readonly summary: string;
}
