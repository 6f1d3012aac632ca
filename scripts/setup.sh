#!/usr/bin/env bash
# Installs everything Podpis needs to build, demo and test on Debian 12 (as root).
# Idempotent: a second run only checks. Used by README commands and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential pkg-config libssl-dev ca-certificates curl jq
  softhsm2 opensc libengine-gost-openssl libxml2-utils faketime
  chromium chromium-driver firefox-esr xvfb
  python3-venv
)
need_apt=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$p")
done
if ((${#need_apt[@]})); then
  echo "setup: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# Python tools used as independent oracles in tests: gostcrypto + asn1crypto
# (GOST CMS verification), lxml 6 (XSD oracle where Debian's libxml2 2.9.14 is wrong).
VENV=.work/venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install -q --disable-pip-version-check -r scripts/python-requirements.txt

# Node packages for the extension (exact versions from package-lock.json).
if [ -f extension/package-lock.json ]; then
  (cd extension && npm ci --no-audit --no-fund --loglevel=error)
fi

# Rust tools.
if [ -f scripts/rust-tools.sh ]; then
  bash scripts/rust-tools.sh
fi
echo "setup: done"
