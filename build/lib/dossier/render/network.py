"""The actor network: who is named with whom, laid out at build time and drawn as plain SVG."""

from __future__ import annotations

import math
from functools import lru_cache
from html import escape

from dossier import urls

WIDTH, HEIGHT, MAX_NODES = 960, 720, 36
KIND_COLOURS = {"person": "#b5541c", "state": "#1f4e8c", "organisation": "#2f7d4f", "place": "#7a4fa0", "outlet": "#6b6b6b"}


def layout(nodes: list[str], edges: list[tuple[str, str, int]]) -> dict[str, tuple[float, float]]:
    """Positions for the graph; most edits leave it unchanged, so `serve` reuses the last layout."""
    return _layout(tuple(nodes), tuple(edges))


@lru_cache(maxsize=8)
def _layout(nodes: tuple[str, ...], edges: tuple[tuple[str, str, int], ...], iterations: int = 120) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold from a circle: deterministic, so two builds draw the same picture."""
    n = len(nodes)
    pos = {v: [math.cos(2 * math.pi * i / n) * 0.4 + 0.5, math.sin(2 * math.pi * i / n) * 0.4 + 0.5] for i, v in enumerate(nodes)}
    k = math.sqrt(1.0 / max(n, 1)) * 0.9
    heaviest = max((w for _, _, w in edges), default=1)
    temperature = 0.1
    for _ in range(iterations):
        disp = {v: [0.0, 0.0] for v in nodes}
        for i, a in enumerate(nodes):
            for b in nodes[i + 1 :]:
                dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
                dist = math.hypot(dx, dy) or 1e-4
                force = k * k / dist
                disp[a][0] += dx / dist * force
                disp[a][1] += dy / dist * force
                disp[b][0] -= dx / dist * force
                disp[b][1] -= dy / dist * force
        for a, b, w in edges:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            dist = math.hypot(dx, dy) or 1e-4
            force = dist * dist / k * (0.3 + w / heaviest)
            disp[a][0] -= dx / dist * force
            disp[a][1] -= dy / dist * force
            disp[b][0] += dx / dist * force
            disp[b][1] += dy / dist * force
        for v in nodes:
            dx, dy = disp[v]
            length = math.hypot(dx, dy) or 1e-4
            step = min(length, temperature)
            # Keep labels inside the picture: names are wider than circles are tall.
            pos[v][0] = min(0.9, max(0.1, pos[v][0] + dx / length * step))
            pos[v][1] = min(0.94, max(0.05, pos[v][1] + dy / length * step))
        temperature *= 0.965
    return {v: (round(pos[v][0] * WIDTH, 1), round(pos[v][1] * HEIGHT, 1)) for v in nodes}


def network_svg(content, index, page: str) -> str:
    """The most-named actors and their shared paragraphs; each node links to its actor page."""
    counts = index.mention_counts
    nodes = sorted((a for a in counts if counts[a] > 0), key=lambda a: (-counts[a], a))[:MAX_NODES]
    keep = set(nodes)
    edges = [(a, b, w) for a, b, w in index.edges if a in keep and b in keep]
    if not nodes:
        return ""
    pos = layout(sorted(nodes), edges)
    heaviest = max((w for _, _, w in edges), default=1)
    most = max(counts[a] for a in nodes)
    parts = [
        f'<svg class="network" viewBox="0 0 {WIDTH} {HEIGHT}" role="group" aria-labelledby="net-title" aria-describedby="net-desc" xmlns="http://www.w3.org/2000/svg">',
        '<title id="net-title">Actor network</title>',
        f'<desc id="net-desc">{len(nodes)} most-named actors; a line joins two actors named in the same paragraph, thicker for more shared paragraphs.</desc>',
        '<g class="edges">',
    ]
    for a, b, w in sorted(edges, key=lambda e: (e[2], e[0], e[1])):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        width = round(0.6 + 5.4 * w / heaviest, 2)
        parts.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke-width="{width}"><title>{escape(content.actors[a]["name"])} and {escape(content.actors[b]["name"])}: {w} shared paragraphs</title></line>'
        )
    parts.append('</g><g class="nodes">')
    for a in sorted(nodes, key=lambda a: (counts[a], a)):
        x, y = pos[a]
        actor = content.actors[a]
        r = round(5 + 17 * math.sqrt(counts[a] / most), 1)
        href = urls.relative(page, urls.page_path("actor", a))
        colour = KIND_COLOURS.get(actor["kind"], "#444")
        parts.append(
            f'<a href="{escape(href)}"><circle cx="{x}" cy="{y}" r="{r}" fill="{colour}"><title>{escape(actor["name"])}: named {counts[a]} times</title></circle>'
            f'<text x="{x}" y="{round(y + r + 13, 1)}" text-anchor="middle">{escape(actor["name"])}</text></a>'
        )
    parts.append("</g></svg>")
    return "\n".join(parts)
