/** The e2e suites: real n8n installs, so long timeouts and one file at a time. */
/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	rootDir: '../..',
	roots: ['<rootDir>/test'],
	testMatch: ['**/test/e2e/**/*.e2e.test.ts'],
	testTimeout: 5 * 60_000,
	maxWorkers: 1,
};
