"""The dependency map: a static SVG of issues, drawn here, with no script and no library.

Layout: issues are placed in bands of columns by dependency depth (an issue sits to the
right of everything it depends on); within a band they are laid out in breadth-first order
of the joined graph, so connected issues sit close together. `depends_on` edges are solid
arrows from an issue to what it needs; `related` edges are dashed. Every node is a link
to its issue page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

NODE_W = 210
LINE_H = 16
PAD_Y = 10
COL_GAP = 90
ROW_GAP = 22
MARGIN = 16
WRAP = 26
MAX_LINES = 3


@dataclass(frozen=True)
class Node:
    id: str
    title: str
    href: str
    status: str


def _wrap(title: str) -> list[str]:
    words = title.split()
    lines: list[str] = []
    current = ""
    for w in words:
        if current and len(current) + 1 + len(w) > WRAP:
            lines.append(current)
            current = w
        else:
            current = f"{current} {w}".strip()
    if current:
        lines.append(current)
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: WRAP - 1].rstrip() + "…"
    return lines or [""]


def _layers(ids: list[str], deps: dict[str, list[str]]) -> dict[str, int]:
    """Column of each node: 0 for no dependencies, else one more than its deepest dependency.
    Cycles (a warning at check time) are broken by ignoring the edge that closes them."""
    layer: dict[str, int] = {}
    state: dict[str, int] = {}

    for start in ids:
        if start in layer:
            continue
        stack = [(start, iter(sorted(deps.get(start, []))))]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            pushed = False
            for d in it:
                if state.get(d) == 1:
                    continue  # back edge of a cycle
                if d not in layer:
                    state[d] = 1
                    stack.append((d, iter(sorted(deps.get(d, [])))))
                    pushed = True
                    break
            if pushed:
                continue
            stack.pop()
            state[node] = 2
            below = [layer[d] for d in deps.get(node, []) if d in layer]
            layer[node] = (max(below) + 1) if below else 0
    return layer


def _order(ids: list[str], neighbours: dict[str, set[str]], title: dict[str, str]) -> list[str]:
    """Breadth-first over the joined graph, so connected issues sit next to each other."""
    seen: set[str] = set()
    out: list[str] = []
    for start in sorted(ids, key=lambda i: (-len(neighbours[i]), title[i], i)):
        if start in seen:
            continue
        queue = [start]
        seen.add(start)
        while queue:
            node = queue.pop(0)
            out.append(node)
            for n in sorted(neighbours[node], key=lambda i: (title[i], i)):
                if n not in seen:
                    seen.add(n)
                    queue.append(n)
    return out


def _border(x: float, y: float, h: float, tx: float, ty: float) -> tuple[float, float]:
    """Where the line from the centre of box (x, y, NODE_W, h) towards (tx, ty) leaves the box."""
    cx, cy = x + NODE_W / 2, y + h / 2
    dx, dy = tx - cx, ty - cy
    if dx == 0 and dy == 0:
        return cx, cy
    scale = min((NODE_W / 2) / abs(dx) if dx else float("inf"), (h / 2) / abs(dy) if dy else float("inf"))
    return cx + dx * scale, cy + dy * scale


def draw(nodes: list[Node], depends: dict[str, list[str]], related: list[tuple[str, str]], label: str) -> str:
    """The SVG markup. `depends[a]` lists what a depends on; `related` holds unordered pairs."""
    by_id = {n.id: n for n in nodes}
    ids = sorted(by_id)
    title = {i: by_id[i].title.casefold() for i in ids}
    deps = {i: sorted(d for d in depends.get(i, []) if d in by_id and d != i) for i in ids}
    pairs = sorted({tuple(sorted(p)) for p in related if p[0] in by_id and p[1] in by_id and p[0] != p[1]})
    layer = _layers(ids, deps)
    neighbours: dict[str, set[str]] = {i: set(deps[i]) for i in ids}
    for a in ids:
        for d in deps[a]:
            neighbours[d].add(a)
    for a, b in pairs:
        neighbours[a].add(b)
        neighbours[b].add(a)
    order = _order(ids, neighbours, title)
    rows_per_col = max(4, math.ceil(math.sqrt(len(ids))))
    lines = {i: _wrap(by_id[i].title) for i in ids}
    height = {i: len(lines[i]) * LINE_H + 2 * PAD_Y for i in ids}
    row_h = MAX_LINES * LINE_H + 2 * PAD_Y + ROW_GAP
    pos: dict[str, tuple[float, float]] = {}
    col = 0
    max_rows = 0
    for lay in sorted(set(layer.values())):
        members = [i for i in order if layer[i] == lay]
        for k, i in enumerate(members):
            c, r = col + k // rows_per_col, k % rows_per_col
            pos[i] = (MARGIN + COL_GAP / 2 + c * (NODE_W + COL_GAP), MARGIN + r * row_h)
            max_rows = max(max_rows, r + 1)
        col += math.ceil(len(members) / rows_per_col)
    width = MARGIN * 2 + COL_GAP / 2 + col * NODE_W + max(col - 1, 0) * COL_GAP if ids else 2 * MARGIN
    h = MARGIN * 2 + max_rows * row_h - ROW_GAP if ids else 2 * MARGIN

    out = [f'<svg class="depmap" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {h:.0f}" '
           f'width="{width:.0f}" height="{h:.0f}" role="group" aria-label={quoteattr(label)}>',
           "<defs><marker id=\"depmap-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" "
           "markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" "
           "class=\"depmap-arrowhead\"/></marker></defs>"]

    def centre(i: str) -> tuple[float, float]:
        return pos[i][0] + NODE_W / 2, pos[i][1] + height[i] / 2

    def segment(a: str, b: str) -> tuple[float, float, float, float]:
        (ax, ay), (bx, by) = centre(a), centre(b)
        x1, y1 = _border(pos[a][0], pos[a][1], height[a], bx, by)
        x2, y2 = _border(pos[b][0], pos[b][1], height[b], ax, ay)
        return x1, y1, x2, y2

    for a, b in pairs:
        if b in deps[a] or a in deps[b]:
            continue  # a dependency already joins them
        if pos[a][0] == pos[b][0] and abs(pos[a][1] - pos[b][1]) > row_h * 1.5:
            # Same column, not neighbours: bend out to the left so the line does not run
            # behind the boxes between them and look like a chain.
            x = pos[a][0]
            y1, y2 = centre(a)[1], centre(b)[1]
            bend = x - COL_GAP * 0.6
            out.append(f'<path class="depmap-related" d="M{x:.0f},{y1:.0f} C{bend:.0f},{y1:.0f} {bend:.0f},'
                       f'{y2:.0f} {x:.0f},{y2:.0f}"/>')
            continue
        x1, y1, x2, y2 = segment(a, b)
        out.append(f'<path class="depmap-related" d="M{x1:.0f},{y1:.0f} L{x2:.0f},{y2:.0f}"/>')
    for a in ids:
        for d in deps[a]:
            x1, y1, x2, y2 = segment(a, d)
            out.append(f'<path class="depmap-depends" marker-end="url(#depmap-arrow)" '
                       f'd="M{x1:.0f},{y1:.0f} L{x2:.0f},{y2:.0f}"/>')
    for i in ids:
        x, y = pos[i]
        n = by_id[i]
        out.append(f'<a href={quoteattr(n.href)} class="depmap-node depmap-{escape(n.status)}" '
                   f'data-issue={quoteattr(i)}><title>{escape(n.title)}</title>'
                   f'<rect x="{x:.0f}" y="{y:.0f}" width="{NODE_W}" height="{height[i]}" rx="6"/>')
        for k, text in enumerate(lines[i]):
            ty = y + PAD_Y + (k + 1) * LINE_H - 4
            out.append(f'<text x="{x + 10:.0f}" y="{ty:.0f}">{escape(text)}</text>')
        out.append("</a>")
    out.append("</svg>")
    return "".join(out)
