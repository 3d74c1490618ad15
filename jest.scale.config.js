/** `npm run test:scale`: the scale-out drill (test/scale), two of every process, minutes long. */
const base = require('./jest.config.js');

module.exports = { ...base, testMatch: ['**/*.scale.ts'], testTimeout: 900_000, maxWorkers: 1 };
