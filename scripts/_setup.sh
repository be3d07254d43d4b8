# Shared set-up for scripts/serve and scripts/test: a virtual environment with
# Hearth installed. Sourced, not run.
set -euo pipefail

PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"

require_python() {
  if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Hearth needs Python 3.11 or newer as '$PYTHON' (set PYTHON=... to choose another)." >&2
    exit 1
  fi
}

install_hearth() {
  local extras="$1"
  require_python
  if [ ! -x "$VENV/bin/python" ]; then
    echo "== Creating the virtual environment in $VENV"
    "$PYTHON" -m venv "$VENV"
  fi
  # Reinstall only when the dependency list changed since the last install.
  local stamp="$VENV/.hearth-installed$extras"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "== Installing Hearth and its dependencies"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -e ".$extras"
    touch "$stamp"
  fi
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Please run as root or install sudo to: $*" >&2; return 1
  fi
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  echo "== Installing Chromium for the browser tests"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}
