import { Column, Entity, PrimaryColumn } from 'typeorm';

export const PEER_STATES = ['seeding', 'leeching', 'stopped'] as const;
export type PeerState = (typeof PEER_STATES)[number];

/**
 * What the ledger last heard from one user on one torrent. Seeding time accrues only between
 * two consecutive seeding announces, so the previous state and time must be kept; the profile
 * lists a user's current seeding and leeching torrents from here.
 */
@Entity('peer_activity')
export class PeerActivity {
  @PrimaryColumn({ type: 'int' })
  userId!: number;

  @PrimaryColumn({ type: 'int' })
  torrentId!: number;

  @Column({ type: 'simple-enum', enum: PEER_STATES })
  state!: PeerState;

  @Column({ type: 'datetime', precision: 3 })
  lastAnnounceAt!: Date;
}
