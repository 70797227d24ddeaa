#!/usr/bin/env bash
# Creates (or reuses) the Python venv the interop tests drive: the official `mcp` SDK from PyPI at
# the versions pinned in tools/interop/requirements.txt. Idempotent and safe to run concurrently
# (a lock serialises parallel test workers); a venv whose stamp matches the requirements and the
# interpreter is reused in well under a second. Progress goes to stderr; the last line on stdout
# is the venv's python executable.
#
#   K8S_MCP_PY_VENV   venv directory (default: ${K8S_MCP_CACHE:-~/.cache/k8s-mcp}/py-venv)
#   K8S_MCP_PYTHON    interpreter to build it from (default: python3; needs Python >= 3.10)
#
# Exits non-zero with a message saying what is missing when the venv cannot be made.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
requirements="$here/requirements.txt"
cache="${K8S_MCP_CACHE:-$HOME/.cache/k8s-mcp}"
venv="${K8S_MCP_PY_VENV:-$cache/py-venv}"
python="${K8S_MCP_PYTHON:-python3}"

say() { printf '[setup-python] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

command -v "$python" >/dev/null 2>&1 || die "$python not found; install Python >= 3.10 (Debian: apt-get install python3 python3-venv) or set K8S_MCP_PYTHON"
"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' ||
  die "$("$python" -V 2>&1) is too old: the mcp SDK needs Python >= 3.10; set K8S_MCP_PYTHON to a newer interpreter"

# The stamp ties the venv to the exact requirements and interpreter it was built from.
stamp_text="$("$python" -c 'import sys; print(sys.version)')
$(sha256sum "$requirements" | cut -d' ' -f1)"

mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
if command -v flock >/dev/null 2>&1; then
  flock 9
fi

if [[ -f "$venv/.k8s-mcp-stamp" && "$(cat "$venv/.k8s-mcp-stamp")" == "$stamp_text" ]] &&
  "$venv/bin/python" -c 'import importlib.util, sys; sys.exit(0 if importlib.util.find_spec("mcp") else 1)' >/dev/null 2>&1; then
  say "reusing $venv"
  echo "$venv/bin/python"
  exit 0
fi

say "creating $venv with $("$python" -V 2>&1)"
rm -rf "$venv"
if ! "$python" -m venv "$venv" 2>/tmp/k8s-mcp-venv-error.$$; then
  # Debian ships ensurepip separately; install it when we may (root with apt), else say how.
  if grep -q ensurepip /tmp/k8s-mcp-venv-error.$$ && [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    minor="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    say "ensurepip is missing: installing python3-venv with apt-get"
    apt-get update -qq >&2 || true
    apt-get install -y -qq "python$minor-venv" >&2 || apt-get install -y -qq python3-venv >&2
    rm -rf "$venv"
    "$python" -m venv "$venv" || die "python -m venv still fails after installing python3-venv"
  else
    cat /tmp/k8s-mcp-venv-error.$$ >&2
    rm -f /tmp/k8s-mcp-venv-error.$$
    die "python -m venv failed; on Debian/Ubuntu install python3-venv"
  fi
fi
rm -f /tmp/k8s-mcp-venv-error.$$

say "installing $(grep -E '^mcp==' "$requirements") and its pinned dependencies from PyPI"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements" >&2 ||
  die "pip install -r $requirements failed (is PyPI reachable?)"
"$venv/bin/python" -c 'import mcp.client.sse, mcp.client.streamable_http' ||
  die "the installed mcp package lacks the SSE or Streamable HTTP client"
printf '%s' "$stamp_text" >"$venv/.k8s-mcp-stamp"
say "ready: $venv"
echo "$venv/bin/python"
