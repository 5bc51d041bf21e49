import { DomainError } from '../errors/domain-error.js';

/** The uploaded torrent (after our rewrite) is already on the site; forms link to the original. */
export class DuplicateTorrentError extends DomainError {
  constructor(readonly releaseId: number) {
    super('conflict', `This torrent is already on the site (release #${releaseId}).`);
  }
}
