"""Dossier builder: seeds + curated YAML -> a cross-linked static site."""

__version__ = "0.9.0"
