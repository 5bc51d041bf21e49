/** What the admin users page says after an action; kept together for the translation to come. */
export const ADMIN_USERS_TEXT = {
  title: 'Users',
  roleSet: (name: string, role: string) => `${name} is now ${role}.`,
  disabled: (name: string) => `${name} is disabled: their sessions and their passkey no longer work.`,
  enabled: (name: string) => `${name} is enabled again.`,
  leechAllowed: (name: string) => `${name} may download again.`,
  leechWithdrawn: (name: string) => `${name} may no longer download (seeding still counts).`,
  ownAdminRole: 'You cannot remove your own admin role.',
  ownAccount: 'You cannot disable your own account.',
} as const;
