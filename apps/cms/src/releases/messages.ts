/** What the release pages say after an action; kept together for the translation to come. */
export const RELEASE_TEXT = {
  newTitle: 'New release',
  editTitle: 'Edit release',
  published: (title: string) => `“${title}” is published.`,
  draftSaved: (title: string) =>
    `“${title}” is saved as a draft: only you and the editors see it until it is published.`,
  saved: (title: string) => `Your changes to “${title}” are saved.`,
  unpublished: (title: string) => `“${title}” is a draft again: members no longer see it.`,
  deleted: (title: string) => `“${title}” was deleted, with its torrent and comments.`,
  torrentMissing: 'Choose the .torrent file to upload.',
  categoryMissing: 'Choose a category.',
} as const;
