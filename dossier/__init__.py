"""Dossier builder: seeds + curated YAML -> a cross-linked static site."""
