// The login limiter port (failed-login budgets) and its in-memory adapter.
export * from './login-limiter.js';
export * from './memory-login-limiter.js';
