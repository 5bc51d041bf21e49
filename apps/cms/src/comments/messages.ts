/** What the comment pages say after an action; kept together for the translation to come. */
export const COMMENT_TEXT = {
  addTitle: 'Comment',
  editTitle: 'Edit comment',
  posted: 'Your comment is posted.',
  saved: 'Your comment is saved.',
  deleted: 'The comment was deleted.',
} as const;
