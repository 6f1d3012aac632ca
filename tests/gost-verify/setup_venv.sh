#!/usr/bin/env bash
# Creates the Python venv for verify_cms.py (default /work/.venv-gost).
set -euo pipefail
venv=${1:-/work/.venv-gost}
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q -r "$here/requirements.txt"
echo "$venv ready: $venv/bin/python $here/verify_cms.py FILE.p7s [--content FILE]"
