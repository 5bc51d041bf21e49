import type { DataSource } from 'typeorm';

export interface CreditHoldsSummary {
  /** Entries that held credit. */
  readonly entries: number;
  readonly heldUploaded: number;
  readonly heldDownloaded: number;
}

/** The credit_holds table as staff read it (the review page will list it from here). */
export class CreditHoldsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async summary(): Promise<CreditHoldsSummary> {
    const [row] = (await this.dataSource.query(
      'SELECT COUNT(*) AS entries, COALESCE(SUM(heldUploaded), 0) AS up, COALESCE(SUM(heldDownloaded), 0) AS down ' +
        'FROM credit_holds',
    )) as Array<{ entries: unknown; up: unknown; down: unknown }>;
    return {
      entries: Number(row?.entries ?? 0),
      heldUploaded: Number(row?.up ?? 0),
      heldDownloaded: Number(row?.down ?? 0),
    };
  }
}
