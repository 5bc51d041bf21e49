/** What the categories page says after an action; kept together for the translation to come. */
export const CATEGORY_TEXT = {
  title: 'Categories',
  created: (name: string) => `Category “${name}” created.`,
  renamed: (name: string) => `Category renamed to “${name}”.`,
  deleted: (name: string) => `Category “${name}” deleted.`,
} as const;
