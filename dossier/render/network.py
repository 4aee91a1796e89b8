"""The actor network: who is named with whom, laid out at build time; the template draws it as plain SVG."""

from __future__ import annotations

import math
from functools import lru_cache

WIDTH, HEIGHT, MAX_NODES = 960, 720, 30
KIND_COLOURS = {"person": "#b5541c", "state": "#1f4e8c", "organisation": "#2f7d4f", "place": "#7a4fa0"}
# Label boxes as a 12px system-ui face draws them, a little generous so the estimate never undercuts the browser.
CHAR_WIDTH, LABEL_HEIGHT, GAP = 7.4, 15.0, 3.0
GRAVITY = 2.5


def layout(nodes: list[str], edges: list[tuple[str, str, int]]) -> dict[str, tuple[float, float]]:
    """Positions for the graph; most edits leave it unchanged, so `serve` reuses the last layout."""
    return _layout(tuple(nodes), tuple(edges))


@lru_cache(maxsize=8)
def _layout(nodes: tuple[str, ...], edges: tuple[tuple[str, str, int], ...], iterations: int = 120) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold from a circle: deterministic, so two builds draw the same picture."""
    n = len(nodes)
    pos = {v: [math.cos(2 * math.pi * i / n) * 0.4 + 0.5, math.sin(2 * math.pi * i / n) * 0.4 + 0.5] for i, v in enumerate(nodes)}
    k = math.sqrt(1.0 / max(n, 1)) * 1.1  # a little more room than the textbook k: labels need it
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
        for v in nodes:  # a pull to the centre keeps loose groups from piling up against the edges
            disp[v][0] += (0.5 - pos[v][0]) * GRAVITY
            disp[v][1] += (0.5 - pos[v][1]) * GRAVITY
        for v in nodes:
            dx, dy = disp[v]
            length = math.hypot(dx, dy) or 1e-4
            step = min(length, temperature)
            # Keep labels inside the picture: names are wider than circles are tall.
            pos[v][0] = min(0.88, max(0.12, pos[v][0] + dx / length * step))
            pos[v][1] = min(0.94, max(0.05, pos[v][1] + dy / length * step))
        temperature *= 0.965
    return {v: (round(pos[v][0] * WIDTH, 1), round(pos[v][1] * HEIGHT, 1)) for v in nodes}


def drawn_actors(content, index) -> list[str]:
    """The most-named actors, outlets and the sources' authors left out: a byline is not a part in events."""
    counts = index.mention_counts
    bylines = set(index.sources_by_actor)
    actors = [a for a in counts if counts[a] > 0 and a not in bylines and content.actors[a]["kind"] != "outlet"]
    return sorted(actors, key=lambda a: (-counts[a], a))[:MAX_NODES]


def network_data(content, index) -> dict:
    """Nodes (position, radius, colour, label box or None), edges and each node's strongest partners, for the template.

    Labels are placed greedily, most-named actor first, at the first of several spots around its circle that
    overlaps no label and no circle; an actor whose name finds no room keeps its circle, its tooltip and its
    line in the list view."""
    counts = index.mention_counts
    nodes = drawn_actors(content, index)
    if not nodes:
        return {"nodes": [], "edges": [], "width": WIDTH, "height": HEIGHT}
    keep = set(nodes)
    edges = [(a, b, w) for a, b, w in index.edges if a in keep and b in keep]
    most = max(counts[a] for a in nodes)
    radius = {a: round(5 + 15 * math.sqrt(counts[a] / most), 1) for a in nodes}
    pos = _apart(layout(sorted(nodes), edges), radius)
    heaviest = max((w for _, _, w in edges), default=1)
    circles = [(pos[a][0] - radius[a], pos[a][1] - radius[a], pos[a][0] + radius[a], pos[a][1] + radius[a]) for a in nodes]
    boxes: list[tuple[float, float, float, float]] = []
    labels = {}
    for a in nodes:  # most named first
        labels[a] = _place(content.actors[a]["name"], pos[a], radius[a], boxes, circles)
        if labels[a]:
            boxes.append(labels[a][3])
    partners: dict[str, list] = {a: [] for a in nodes}
    for a, b, w in edges:
        partners[a].append((b, w))
        partners[b].append((a, w))
    out_nodes = []
    for a in sorted(nodes, key=lambda a: (counts[a], a)):  # the biggest circles drawn last, on top
        x, y = pos[a]
        label = labels[a]
        out_nodes.append(
            {
                "id": a,
                "name": content.actors[a]["name"],
                "kind": content.actors[a]["kind"],
                "colour": KIND_COLOURS.get(content.actors[a]["kind"], "#444"),
                "count": counts[a],
                "x": x,
                "y": y,
                "r": radius[a],
                "label": {"x": label[0], "y": label[1], "anchor": label[2]} if label else None,
                "partners": sorted(partners[a], key=lambda p: (-p[1], p[0]))[:5],
            }
        )
    out_edges = [
        {
            "a": a,
            "b": b,
            "w": w,
            "x1": pos[a][0],
            "y1": pos[a][1],
            "x2": pos[b][0],
            "y2": pos[b][1],
            "width": round(0.6 + 5.4 * w / heaviest, 2),
        }
        for a, b, w in sorted(edges, key=lambda e: (e[2], e[0], e[1]))
    ]
    listed = sorted(out_nodes, key=lambda n: (-n["count"], n["id"]))
    return {"nodes": out_nodes, "listed": listed, "edges": out_edges, "width": WIDTH, "height": HEIGHT}


def _apart(pos: dict, radius: dict, margin: float = 6.0, rounds: int = 60) -> dict:
    """Circles nudged apart until none overlaps another (a force layout only tends that way)."""
    at = {v: list(p) for v, p in pos.items()}
    order = sorted(at)
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(order):
            for b in order[i + 1 :]:
                dx, dy = at[b][0] - at[a][0], at[b][1] - at[a][1]
                dist = math.hypot(dx, dy) or 0.01
                need = radius[a] + radius[b] + margin
                if dist < need:
                    push = (need - dist) / 2 + 0.1
                    ux, uy = (dx / dist, dy / dist) if dist > 0.01 else (1.0, 0.0)
                    at[a][0], at[a][1] = at[a][0] - ux * push, at[a][1] - uy * push
                    at[b][0], at[b][1] = at[b][0] + ux * push, at[b][1] + uy * push
                    moved = True
        for v in order:
            at[v][0] = min(WIDTH - radius[v] - 2, max(radius[v] + 2, at[v][0]))
            at[v][1] = min(HEIGHT - radius[v] - 2, max(radius[v] + 2, at[v][1]))
        if not moved:
            break
    return {v: (round(x, 1), round(y, 1)) for v, (x, y) in at.items()}


def _place(name: str, at: tuple[float, float], r: float, boxes: list, circles: list):
    """(x, y, text-anchor, box) for a label beside its circle where it overlaps nothing placed, or None."""
    x, y = at
    w, h = len(name) * CHAR_WIDTH, LABEL_HEIGHT
    spots = []
    for extra in (0.0, 6.0, 14.0, 24.0, 36.0):
        d = r + GAP + extra
        spots += [
            (x, y + d + h * 0.8, "middle"),  # below
            (x, y - d - h * 0.2, "middle"),  # above
            (x + d, y + h * 0.3, "start"),  # right
            (x - d, y + h * 0.3, "end"),  # left
            (x + d * 0.7, y + d * 0.7 + h * 0.8, "start"),  # below right
            (x - d * 0.7, y + d * 0.7 + h * 0.8, "end"),  # below left
            (x + d * 0.7, y - d * 0.7, "start"),  # above right
            (x - d * 0.7, y - d * 0.7, "end"),  # above left
        ]
    for lx, ly, anchor in spots:
        left = {"middle": lx - w / 2, "start": lx, "end": lx - w}[anchor]
        box = (left - 1, ly - h * 0.8 - 1, left + w + 1, ly + h * 0.2 + 1)
        if box[0] < 0 or box[2] > WIDTH or box[1] < 0 or box[3] > HEIGHT:
            continue
        if any(_hit(box, other) for other in boxes) or any(_hit(box, c) for c in circles):
            continue
        return round(lx, 1), round(ly, 1), anchor, box
    return None


def _hit(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def recorded_relations(content) -> list[dict]:
    """The relations the editor recorded between actors, each with its dates and citation: dated ones first, by date."""
    rows = []
    for aid in sorted(content.actors):
        for rel in content.actors[aid]["relations"] or []:
            if not isinstance(rel, dict) or rel.get("target") not in content.actors:
                continue
            first = rel.get("since") or rel.get("as_of") or rel.get("until") or ""
            rows.append(
                {
                    "actor": aid,
                    "type": str(rel["type"]).replace("-", " "),
                    "target": rel["target"],
                    "as_of": rel.get("as_of"),
                    "since": rel.get("since"),
                    "until": rel.get("until"),
                    "source": rel.get("source"),
                    "anchor": rel.get("anchor"),
                    "note": rel.get("note"),
                    "key": (not first, first, aid, rel["target"]),
                }
            )
    return sorted(rows, key=lambda r: r["key"])
