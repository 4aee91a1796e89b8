#!/usr/bin/env python3
"""Run the dossier builder from a source checkout: `python build.py [command]` is `dossier [command]`."""

from dossier.cli import exit_now, main

if __name__ == "__main__":
    exit_now(main(prog="build.py"))
