// The announce policy: intervals, numwant, events.
export * from './announce-event.js';
export * from './announce-policy.js';
