const fs = require('node:fs');
const path = require('node:path');
const { src, dest, series } = require('gulp');

// tsc compiles only TypeScript; n8n also needs the icons and the codex (*.node.json)
// beside the compiled files.
function copyAssets() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

async function clean() {
	fs.rmSync(path.join(__dirname, 'dist'), { recursive: true, force: true });
}

exports.clean = clean;
exports['build:assets'] = copyAssets;
exports.default = series(clean, copyAssets);
