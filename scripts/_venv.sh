# Sourced by the set-up scripts: make .venv and install the project (and EXTRAS) when
# pyproject.toml changed since the last install. Idempotent and quiet when up to date.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PYTHON="${PYTHON:-python3}"
ensure_venv() {
  local extras="${1:-}"
  local spec="$ROOT"
  [ -n "$extras" ] && spec="$ROOT[$extras]"
  if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
  fi
  local stamp="$VENV/.installed-${extras:-base}"
  local want
  want="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    local log="$VENV/pip-install.log"
    if ! "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$spec" >"$log" 2>&1; then
      cat "$log" >&2
      echo "pip install failed (log above, also in $log)" >&2
      exit 1
    fi
    "$VENV/bin/python" -c "import convert" # fail here, loudly, if the install did not work
    echo "$want" > "$stamp"
  fi
  compile_bytecode
}

# Our modules as bytecode (convert/__pycache__, git-ignored): the install is editable, and with
# PYTHONDONTWRITEBYTECODE set Python would compile every module from source on each run (about
# 80 ms of a cold `convert`). Only files changed since the last call are compiled again; a file
# that does not compile is left for the import to report.
compile_bytecode() {
  "$VENV/bin/python" -m compileall -q "$ROOT/convert" >/dev/null 2>&1 || true
}
