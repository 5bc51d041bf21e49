export { createTestApp, registerAndLogin, type TestApp } from '../support/index.js';
export { freePort as freeLocalPort } from '../embedded/start-all-process.js';
