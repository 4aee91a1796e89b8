"""`python -m dossier`: the same command line as `dossier`."""

from dossier.cli import entry

entry()
