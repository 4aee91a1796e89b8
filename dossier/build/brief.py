"""`dossier brief`: the judgments page written as one standalone HTML file (its style inlined), checked as a build is."""

from __future__ import annotations

from pathlib import Path

from dossier.build.stages import read_and_link
from dossier.problems import Report
from dossier.render.pages import render_page
from dossier.text.index import build_index


def write_brief(project: Path, target: Path, base_url: str | None = None) -> Path:
    """Check the dossier, render judgments.html standalone into `target`; raises BuildFailed on any error.

    Links point at the published site when there is a base URL (site.yaml's or --base-url); without one they are
    relative to the site's root, so the file reads fully beside output/index.html."""
    report = Report()
    content, seeds, _, _ = read_and_link(project, base_url, report)
    index = build_index(content, seeds)
    html = render_page(project, content, seeds, index, report, "judgments.html", {"absolute_links": True, "standalone": True})
    report.raise_if_errors()
    target.write_text(html, encoding="utf-8")
    return target
