/** `npm run test:faults`: the kill -9 drill (test/faults), one file at a time, minutes long. */
const base = require('./jest.config.js');

module.exports = { ...base, testMatch: ['**/*.faults.ts'], testTimeout: 900_000, maxWorkers: 1 };
