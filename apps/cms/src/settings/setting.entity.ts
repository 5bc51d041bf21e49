import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One site setting changed by an admin; absent keys fall back to the boot config. */
@Entity('setting')
export class Setting {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ type: 'varchar', length: 500 })
  value!: string;
}
