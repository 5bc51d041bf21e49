export * from './create-test-app.js';
export * from './http-client.js';
export * from './test-database.js';
export * from './users.js';
export * from './suite.js';
