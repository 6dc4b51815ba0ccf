#!/usr/bin/env bash
# Installs the validators the EPUB/HTML tests run, idempotently, and prints where they are:
#   chromium (Debian's package, by apt), Ace by DAISY (@daisy/ace-cli), axe-core and puppeteer-core (npm);
#   with --with-calibre also calibre (apt, about 240 packages) for the calibre-renderer test.
# The npm packages go into a cache folder, never into the repository:
#   ${CONVERT_VALIDATORS:-${XDG_CACHE_HOME:-$HOME/.cache}/convert-validators}
# Output, one KEY=VALUE a line (the tests find the same folder by themselves):
#   CONVERT_VALIDATORS=<folder>  CHROMIUM=<path>  ACE=<path>  NODE_MODULES=<folder>  [CALIBRE=<path>]
# A tool that cannot be installed is reported on stderr and left out; the tests that need it are then skipped
# with a reason. Exit status 0 unless asked for --strict.
set -uo pipefail
STRICT=0; CALIBRE=0
for arg in "$@"; do
  case "$arg" in --strict) STRICT=1 ;; --with-calibre) CALIBRE=1 ;; esac
done
DIR="${CONVERT_VALIDATORS:-${XDG_CACHE_HOME:-$HOME/.cache}/convert-validators}"
# Versions the tests were written against (bump deliberately).
NPM_PACKAGES=("@daisy/ace-cli@1.4.6" "axe-core@4.14.1" "puppeteer-core@25.16.0")
failed=0

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi; }

chromium_path() { command -v chromium || command -v chromium-browser || true; }

if [ -z "$(chromium_path)" ] && command -v apt-get >/dev/null; then
  { as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
      chromium fonts-dejavu-core >/dev/null; } 2>/dev/null || echo "validators: chromium not installed (apt)" >&2
fi
if [ "$CALIBRE" = 1 ] && ! command -v ebook-convert >/dev/null && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends calibre poppler-utils \
      >/dev/null 2>&1 || echo "validators: calibre not installed (apt)" >&2
fi
CHROMIUM="$(chromium_path)"
[ -n "$CHROMIUM" ] || failed=1

stamp="$DIR/.installed"
if command -v npm >/dev/null; then
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "${NPM_PACKAGES[*]}" ]; then
    mkdir -p "$DIR"
    [ -f "$DIR/package.json" ] || echo '{"name": "convert-validators", "private": true}' > "$DIR/package.json"
    if PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 npm install --prefix "$DIR" --no-audit --no-fund \
        --loglevel=error "${NPM_PACKAGES[@]}" >"$DIR/npm-install.log" 2>&1; then
      echo "${NPM_PACKAGES[*]}" > "$stamp"
    else
      echo "validators: npm install failed (see $DIR/npm-install.log)" >&2; failed=1
    fi
  fi
else
  echo "validators: npm not found; Ace and axe checks will be skipped" >&2; failed=1
fi

echo "CONVERT_VALIDATORS=$DIR"
echo "CHROMIUM=$CHROMIUM"
[ -x "$DIR/node_modules/.bin/ace-cli" ] && echo "ACE=$DIR/node_modules/.bin/ace-cli"
[ -d "$DIR/node_modules" ] && echo "NODE_MODULES=$DIR/node_modules"
command -v ebook-convert >/dev/null && echo "CALIBRE=$(command -v ebook-convert)"
[ "$STRICT" = 1 ] && exit "$failed"
exit 0
