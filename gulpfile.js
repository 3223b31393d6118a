const fs = require('node:fs');
const path = require('node:path');
const { src, dest, series } = require('gulp');

// tsc compiles only TypeScript; n8n also needs the icons beside the compiled files.
function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

async function clean() {
	fs.rmSync(path.join(__dirname, 'dist'), { recursive: true, force: true });
}

exports.clean = clean;
exports['build:icons'] = copyIcons;
exports.default = series(clean, copyIcons);
