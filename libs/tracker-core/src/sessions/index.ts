// The session store port (the site's logged-in sessions) and its in-memory adapter.
export * from './session-store.js';
export * from './memory-session-store.js';
