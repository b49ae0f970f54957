#!/usr/bin/env bash
# The shell half of the GitHub Action's steps (action.yml): `install` makes the virtual
# environment and installs this checkout of ddlint in it; `lint` runs the lint step
# (ddlint/github_action.py) with that environment's Python. Kept out of action.yml so that
# tests/test_action.py runs it with a fake runner, Windows' Scripts/ layout included.
# Inputs come in DDLINT_* environment variables; nothing here expands them into code.
set -euo pipefail

venv="${RUNNER_TEMP:?RUNNER_TEMP is not set}/ddlint-venv"

venv_python() {
  # bin/ on Linux and macOS runners, Scripts/ (python.exe) on Windows runners.
  local candidate
  for candidate in "$venv/bin/python" "$venv/Scripts/python.exe" "$venv/Scripts/python"; do
    if [ -x "$candidate" ]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

need_venv_python() {
  if ! python="$(venv_python)"; then
    echo "::error title=ddlint::no Python in the virtual environment (bin/ or Scripts/); did the install step run?"
    exit 2
  fi
}

case "${1:-}" in
  install)
    # A virtual environment: the runners' system Python refuses pip installs (PEP 668).
    "${DDLINT_PYTHON:-python3}" -m venv "$venv"
    need_venv_python
    "$python" -m pip install --quiet --disable-pip-version-check "${GITHUB_ACTION_PATH:?}"
    "$python" -m ddlint --version
    ;;
  lint)
    need_venv_python
    # UTF-8 on stdout whatever the runner's code page (Windows): the runner reads the log,
    # annotations and file names included, as UTF-8; a name that is not UTF-8 shows as \xNN.
    # The lint step exits 0, 2 or 3 (ddlint/github_action.py), never 1: Python's own status
    # for an error escaping it (at start-up, before its handler) must not read as "findings".
    status=0
    PYTHONUTF8=1 PYTHONIOENCODING=utf-8:backslashreplace "$python" -m ddlint.github_action \
      || status=$?
    if [ "$status" -eq 1 ]; then
      echo "::error title=ddlint::internal error: the lint step stopped before it could report; this is a bug in ddlint, please report it"
      exit 3
    fi
    exit "$status"
    ;;
  *)
    echo "usage: action-step.sh install|lint" >&2
    exit 2
    ;;
esac
