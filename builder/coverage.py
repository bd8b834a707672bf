"""Who carries what and who repeats whom, drawn to stay readable from 2 sources to 40.

* :func:`coverage_svg` — up to :data:`MATRIX_MAX` sources, an inline SVG matrix of the facts
  each pair of sources shares. Its labels are measured (:func:`text_width`, a conservative
  estimate of the widest common sans-serif) and cut to fit, so no label leaves its box; beyond
  :data:`NAMED_ROWS` sources the rows are numbered like the columns, with the names in a legend
  the page sets as HTML (which wraps on a phone where SVG text would only shrink).
* :func:`ranked_sources` — every source ranked by the facts it shares with the others, with
  what only it reports: drawn as HTML bars, the picture for stories too big for a matrix, and
  its table alternative.
* :func:`repeats` — copies, shared wire text and rewrites, and the independent pairs counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from .models import Relation, Story

MATRIX_MAX = 12  #: beyond this many sources only the ranked view is drawn
NAMED_ROWS = 6  #: up to this many sources the matrix rows carry names, not numbers
REWRITES_SHOWN = 10  #: rewrites listed before the rest are folded away

FONT = 12  #: px, the SVG's font size (style.css: .coverage)
_NARROW = set("ijlI.,:;'!|()[] ·-")
_SEMI = set("frtJ")
_WIDE = set("mwMW@…%")


def text_width(text: str, size: float = FONT) -> float:
    """Width of ``text`` in px, estimated on the wide side (DejaVu Sans, the widest common
    system sans-serif, is about 0.6 em a lower-case letter)."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.36
        elif ch in _SEMI:
            em += 0.44
        elif ch in _WIDE:
            em += 1.0
        elif ch.isupper():
            em += 0.76
        elif ch.isdigit():
            em += 0.64
        else:
            em += 0.63
    return em * size


def fit(text: str, width: float, size: float = FONT) -> str:
    """``text`` cut with an ellipsis to fit ``width`` px."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def overlap_matrix(story: Story) -> list[list[int]]:
    """shared[i][j]: facts carried by both source i and source j (the diagonal: i's own facts)."""
    index = {s.id: i for i, s in enumerate(story.sources)}
    n = len(story.sources)
    shared = [[0] * n for _ in range(n)]
    for fact in story.facts:
        members = sorted({index[x] for x in fact.sources if x in index})
        for a in members:
            for b in members:
                shared[a][b] += 1
    return shared


def coverage_svg(story: Story, labels: dict[str, str], shared: list[list[int]]) -> Markup:
    """Which sources share which facts, as an inline SVG matrix (no script needed).

    Each cell shows how many facts two sources share, shaded by the share of the smaller
    source's facts, so a copy stands out as a dark cell. The diagonal shows each source's own
    number of facts. Columns are numbered; rows are named up to :data:`NAMED_ROWS` sources.
    """
    n = len(story.sources)
    if n < 2 or n > MATRIX_MAX:
        return Markup("")
    cell, pad, top = 34, 4, 22
    named = n <= NAMED_ROWS
    if named:
        names = [fit(f"{i + 1} {labels[s.id]}", 160) for i, s in enumerate(story.sources)]
    else:
        names = [str(i + 1) for i in range(n)]
    label_w = max(text_width(x) for x in names) + 8
    width, height = round(pad + label_w + n * cell + pad), top + n * cell + pad
    x0 = pad + label_w
    parts = [
        f'<svg class="coverage" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="cov-title cov-desc" xmlns="http://www.w3.org/2000/svg">',
        '<title id="cov-title">Facts shared between sources</title>',
        f'<desc id="cov-desc">A {n} by {n} matrix; each cell is the number of facts two sources share. '
        "Each source's figures are in the table below.</desc>",
    ]
    for i, (s, name) in enumerate(zip(story.sources, names, strict=True)):
        y = top + i * cell + cell / 2 + 4
        parts.append(
            f'<text x="{x0 - 6:.0f}" y="{y:.0f}" text-anchor="end" class="cov-label">'
            f"<title>{i + 1}: {escape(labels[s.id])}</title>{escape(name)}</text>"
        )
        x = x0 + i * cell + cell / 2 - 1
        parts.append(f'<text x="{x:.0f}" y="{top - 7}" text-anchor="middle" class="cov-label">{i + 1}</text>')
    for i in range(n):
        for j in range(n):
            value = shared[i][j]
            smaller = max(1, min(shared[i][i], shared[j][j]))
            strength = 0.0 if i == j else value / smaller
            fill = "#e8e8e8" if i == j else f"rgba(11,92,173,{0.08 + 0.92 * strength:.2f})"
            ink = "#fff" if strength > 0.55 else "#1b1b1b"
            x, y = x0 + j * cell, top + i * cell
            parts.append(f'<rect x="{x:.0f}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="{fill}"/>')
            parts.append(
                f'<text x="{x + cell / 2 - 1:.0f}" y="{y + cell / 2 + 3:.0f}" text-anchor="middle" fill="{ink}" '
                f'class="cov-num">{value}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass
class Ranked:
    """One source in the ranked view."""

    source: str
    number: int  #: its place in the story's order (the matrix's row and column)
    label: str
    facts: int
    shared: int  #: facts another source carries too
    own: int  #: facts only it reports
    partners: list[tuple[str, int]]  #: the sources it shares most with: (label, facts)
    shared_pct: float  #: bar widths, as a share of the largest source's facts
    own_pct: float


def ranked_sources(story: Story, labels: dict[str, str], shared: list[list[int]]) -> list[Ranked]:
    """Every source by the facts it shares with the others (most first)."""
    n = len(story.sources)
    own = [0] * n
    index = {s.id: i for i, s in enumerate(story.sources)}
    for fact in story.facts:
        members = {index[x] for x in fact.sources if x in index}
        if len(members) == 1:
            own[next(iter(members))] += 1
    biggest = max((shared[i][i] for i in range(n)), default=0) or 1
    rows = []
    for i, s in enumerate(story.sources):
        total = shared[i][i]
        others = sorted(((shared[i][j], -j) for j in range(n) if j != i and shared[i][j]), reverse=True)[:3]
        rows.append(Ranked(
            s.id, i + 1, labels[s.id], total, total - own[i], own[i],
            [(labels[story.sources[-j].id], v) for v, j in others],
            round(100 * (total - own[i]) / biggest, 1), round(100 * own[i] / biggest, 1),
        ))
    rows.sort(key=lambda r: (-r.shared, -r.facts, r.number))
    return rows


@dataclass
class Repeat:
    first: str
    verb: str
    second: str
    relation: Relation


@dataclass
class Repeats:
    copies: list[Repeat]
    wire: list[Repeat]
    rewrites: list[Repeat]
    independent: int  #: pairs of sources that share too little to say one repeats the other
    independent_sharing: int  #: of those, pairs that share a fact or two
    pairs: int


def repeats(story: Story, labels: dict[str, str]) -> Repeats:
    """The relations worth reading, strongest first; independent pairs only counted."""
    copies, wire, rewrites = [], [], []
    independent = sharing = 0
    for r in sorted(story.relations, key=lambda r: (-r.shared_facts, -r.verbatim)):
        a, b = labels.get(r.a, r.a), labels.get(r.b, r.b)
        if r.kind == "copy":
            if story.copy_of.get(r.b) == r.a:
                copies.append(Repeat(b, "copies", a, r))
            elif story.copy_of.get(r.a) == r.b:
                copies.append(Repeat(a, "copies", b, r))
            else:  # a copy of a copy: near-verbatim with both
                copies.append(Repeat(a, "is near-verbatim with", b, r))
        elif r.kind == "shared wire":
            wire.append(Repeat(a, "shares wire text with", b, r))
        elif r.kind == "rewrite":
            rewrites.append(Repeat(a, "", b, r))
        else:
            independent += 1
            sharing += r.shared_facts > 0
    return Repeats(copies, wire, rewrites, independent, sharing, len(story.relations))
