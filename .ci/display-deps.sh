#!/usr/bin/env bash
# Install what the display tests need, so that none of them skips in CI:
#   - Debian's chromium and firefox-esr (the browser tests) and graphviz (`dot`, the DOT test);
#   - the real Mermaid parser (npm mermaid + jsdom, pinned by tests/browser/package-lock.json)
#     into tests/browser/node_modules (gitignored);
#   - the optional extras [pandas] and [plot], pandas-stubs for mypy, and nbclient/ipykernel
#     for the notebook test, into .venv.
# Idempotent and quiet: each step is skipped when what it installs is already there, so a
# second run costs a few seconds and works offline. Run as root (CI) or with sudo available.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- system packages ------------------------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
command -v firefox-esr >/dev/null 2>&1 || command -v firefox >/dev/null 2>&1 || missing+=(firefox-esr)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "display-deps: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- the Mermaid parser -----------------------------------------------------------------------
browser=tests/browser
stamp="$browser/node_modules/.package-lock.json"
# npm writes node_modules/.package-lock.json on install; reinstall only when the lock changed.
if [ ! -f "$stamp" ] || [ "$browser/package-lock.json" -nt "$stamp" ]; then
  echo "display-deps: npm ci in $browser"
  npm ci --prefix "$browser" --no-audit --no-fund --loglevel=error >/dev/null
fi

# --- Python extras ----------------------------------------------------------------------------
if ! .venv/bin/python -c "import pandas, matplotlib, PIL, nbclient, nbformat, ipykernel" \
  >/dev/null 2>&1 || ! .venv/bin/python -m pip show pandas-stubs >/dev/null 2>&1; then
  echo "display-deps: pip install the [pandas,plot] extras and the notebook runner"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check \
    "pandas>=2.0" "matplotlib>=3.7" pandas-stubs nbclient nbformat ipykernel
fi
echo "display-deps: chromium, firefox, graphviz, mermaid parser and Python extras are ready"
