#!/usr/bin/env bash
# Set up everything gongfa needs on a fresh machine. Safe to run again: each step checks first.
#   1. Debian packages (when run as root and missing): Chromium for the browser tests, CJK fonts
#      for rendering and PDFs, pango and the HarfBuzz subsetter for WeasyPrint's PDF notices,
#      gettext for translations.
#   2. .venv with the locked Python packages and the project itself (editable).
#   3. npm packages (axe-core for the accessibility checks).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
# WeasyPrint (PDF notices) loads pango through ffi; without libharfbuzz-subset0 it embeds whole CJK
# fonts instead of subsets (about 5 s and megabytes per PDF). fonts-dejavu-core draws the ☑/☐ boxes
# of drafted documents (gongfa.drafting.output), which the Noto CJK fonts lack.
DEB_PACKAGES=(chromium fonts-noto-cjk fonts-dejavu-core gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)

missing=()
for pkg in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "==> Installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
      || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
  else
    echo "==> Note: Debian packages missing (${missing[*]}); run as root to install them." >&2
    echo "    Browser tests are skipped without chromium." >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  echo "==> Creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ requirements.lock -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ] \
   || [ requirements-nodeps.txt -nt "$stamp" ]; then
  echo "==> Installing Python packages (requirements.lock)"
  # Some machines list extra local package indexes that may be absent; pip warns once per package.
  quiet() { "$@" 2> >(grep -v "^WARNING: Location 'file:" >&2); }
  quiet .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  quiet .venv/bin/python -m pip install -q -r requirements.lock
  quiet .venv/bin/python -m pip install -q --no-deps -e .
  quiet .venv/bin/python -m pip install -q --no-deps -r requirements-nodeps.txt
  touch "$stamp"
fi

if command -v npm >/dev/null; then
  if [ ! -f node_modules/.installed ] || [ package-lock.json -nt node_modules/.installed ]; then
    echo "==> Installing npm packages (package-lock.json)"
    npm ci --no-audit --no-fund --loglevel=error
    touch node_modules/.installed
  fi
else
  echo "==> Note: npm not found; the accessibility checks in the browser tests need node_modules/axe-core." >&2
fi
