"""A small made-up story in four sources, written for the align and trace tests.

A is the original report; B rewrites it (a reworded lede, a different troop figure, an own
sentence); C republishes A near-verbatim a day later with one line of its own; D reports a
different event of the same day. Nothing here is taken from the demo content.
"""

from __future__ import annotations

from typing import Any

from builder.models import Source

from .factories import make_source

A = [
    "Floodwaters forced about 1,200 residents of the river town of Marlow to leave their homes on "
    "Tuesday, local officials said.",
    "Approximately 300 soldiers were deployed overnight to reinforce the levees along the eastern "
    "bank, the regional governor said.",
    '"We are doing everything we can to keep the water out of the town centre," Governor Elena '
    "Varga told reporters.",
    "The river peaked at 8.2 metres, the highest level since 1997. Schools will stay closed until "
    "Friday.",
]
B = [
    "Local officials said on Tuesday that some 1,200 people in Marlow, a riverside town, had to "
    "flee their homes because of the floods.",
    "At least 450 troops were sent to shore up the levees on the eastern bank overnight, "
    "according to the army.",
    '"We are doing everything we can to keep the water out of the town centre," Varga said.',
    "A bakery owner, Tom Reed, said he had lost 20 years of work in one night.",
    "The river peaked at 8.2 metres on Tuesday, its highest since 1997.",
]
C = [
    "Floodwaters forced about 1,200 residents of the river town of Marlow to leave their homes on "
    "Tuesday, local officials said.",
    "Approximately 300 soldiers were deployed overnight to reinforce the levees along the eastern "
    "bank, the regional governor said.",
    "“We are doing everything we can to keep the water out of the town centre,” Governor Elena "
    "Varga told reporters.",
    "The river peaked at 8.2 metres, the highest level since 1997. Schools will stay closed until "
    "Friday.",
    "Our thoughts are with every family affected by this disaster.",
]
D = [
    "Farther north, a landslide blocked the main highway near the village of Brenn, police said.",
    "Two trucks were buried under the mud but their drivers escaped unhurt.",
]


def story(**overrides: Any) -> list[Source]:
    """The four sources; keyword ``X_kw`` (e.g. ``C_kw={"published": None}``) overrides fields."""
    base = {
        "A": (A, {"published": "2025-03-04", "agencies": ["Reuters"]}),
        "B": (B, {"published": "2025-03-04"}),
        "C": (C, {"published": "2025-03-05"}),
        "D": (D, {"published": "2025-03-04"}),
    }
    out = []
    for name, (paras, kw) in base.items():
        kw = {**kw, **overrides.get(f"{name}_kw", {})}
        out.append(make_source(name, list(paras), **kw))
    return out
