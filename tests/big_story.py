"""A made-up story of many sources, written for the digest page's tests (40 sources, 600 facts).

The story's facts are built directly — what the align stage would give for such a story, not a
run of it (aligning 1,300 sentences would take the tests minutes) — and its relations come
from the real trace stage. It has what real large stories have and a small one does not: facts
carried by nearly every source (a wire lede) in verbatim and reworded wordings, many facts only
one source reports, a copy of a copy, datelines and agency tags opening wordings, outlets with
long names and with the same name, conflicting figures, a claim told over two sentences.
Nothing here is taken from real articles.
"""

from __future__ import annotations

import random

from builder.models import Conflict, Fact, Story, Variant
from builder.trace import trace

from .factories import make_source

OUTLETS = [
    "Harbour Times", "Valley Courier", "The Northern Valley Evening Chronicle and Advertiser (via a republishing site)",
    "WWMM World Media Monitor", "Kestrel News", "Daily Ledger", "unknown outlet", "Metro Wire", "Plains Gazette",
    "unknown outlet", "Coastline Radio", "The Morning Observer", "Capital Bulletin", "Riverbend Post",
    "unknown outlet", "Summit Herald", "Eastern Dispatch", "Lakeside Tribune", "Frontier Report",
    "Independent Review of World Affairs", "Citizen Journal", "Highland Sentinel", "Bay Area Digest",
    "Southern Star", "Open Press Agency", "Westbrook Weekly", "Granite State Reporter", "Delta Voice",
    "Global Desk", "Parkside Chronicle", "Iron Range Times", "Maple Leaf Messenger", "Harbourfront Blog",
    "Crescent News Network", "Pioneer Standard", "Atlas Wire Service", "Old Town Crier", "Sunrise Telegraph",
    "Meridian Post", "Blog republication",
]
DATELINES = ["AMMAN: ", "BEIRUT (AP) - ", "BERLIN — ", "KYIV, Ukraine (Reuters) - ", "(CNN) — ", "NEW YORK — "]

_SUBJECTS = """officials residents engineers the ministry the mayor rescuers the council inspectors volunteers
farmers the army the governor doctors analysts teachers lawmakers""".split(" ")
_VERBS = """said reported warned confirmed announced denied estimated described promised""".split()
_THINGS = """bridge levee dam road school clinic market harbour pipeline station depot airfield warehouse
railway tunnel reservoir""".split()
_PLACES = """Marlow Brenn Ostvik Calder Tamsin Velo Rhyd Arden Kessel Doran Ilse Morrow Penhal Quarry Selby
Tarn Ulla Varn Wick Yarrow""".split()
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_SWAPS = {"said": "stated", "reported": "told reporters", "warned": "cautioned", "residents": "people living there",
          "damaged": "hit", "repair": "fix", "officials": "authorities", "announced": "made public"}


def _sentence(rng: random.Random, i: int) -> str:
    who, verb, thing = rng.choice(_SUBJECTS), rng.choice(_VERBS), rng.choice(_THINGS)
    place, day = rng.choice(_PLACES), rng.choice(_DAYS)
    count = rng.randrange(3, 90) * 10
    return (f"{who.capitalize()} {verb} that the {thing} near {place} was damaged on {day} and that "
            f"{count} workers would need {rng.randrange(2, 12)} weeks to repair it, item {i}.")


def _reword(text: str, rng: random.Random) -> str:
    words = text.rstrip(".").split(" ")
    words = [_SWAPS.get(w, w) for w in words]
    cut = rng.randrange(3, 6)
    return " ".join(words[cut:] + ["according", "to", "local", "reports"]).capitalize() + "."


def big_story(sources: int = 40, facts: int = 600, seed: int = 40) -> Story:
    """A story of ``sources`` sources and ``facts`` facts (see the module docstring)."""
    rng = random.Random(seed)
    ids = [f"{k:03d}_{rng.getrandbits(64):016x}" for k in range(sources)]  # as long as real ids
    wide = max(1, facts // 150)  # wire facts most sources carry
    shared = facts // 8  # facts a few sources carry
    plan: list[list[int]] = []
    for _ in range(wide):
        plan.append(sorted(rng.sample(range(sources), rng.randrange(max(2, sources // 3), sources + 1))))
    for _ in range(shared):
        plan.append(sorted(rng.sample(range(sources), rng.randrange(2, min(6, sources) + 1))))
    while len(plan) < facts:
        plan.append([rng.randrange(sources)])
    copier = sources - 1  # the last source copies the first, verbatim, sentence for sentence
    plan = [[m for m in p if m != copier] or [0] for p in plan]
    head, rest = plan[:wide], plan[wide:]
    rng.shuffle(rest)
    plan = head + rest
    sentences: dict[int, list[str]] = {k: [] for k in range(sources)}
    made: list[Fact] = []
    wider = [k for k in range(wide, len(plan)) if len(plan[k]) > 2]
    conflicted = set(rng.sample(wider, min(4, len(wider)))) | ({0} if wide else set())
    for f, members in enumerate(plan):
        if 0 in members and copier not in members:
            members = [*members, copier]
        base = _sentence(rng, f)
        variants: list[Variant] = []
        low_figure = rng.randrange(2, 40) * 10
        for m in members:
            text = base if (m % 3 != 2 or m == copier) else _reword(base, rng)
            if f in conflicted:
                figure = low_figure if m % 2 == 0 else low_figure + 100
                bound = "approximately" if m % 2 == 0 else "at least"
                text = f"{text.rstrip('.')}, and {bound} {figure} fighters crossed the border overnight."
            if m == copier:
                text = next((v.text for v in variants if v.source == ids[0]), text)
            elif not sentences[m] and m % 5 == 0:
                text = DATELINES[(m // 5) % len(DATELINES)] + text
            sentences[m].append(text)
            variants.append(Variant(ids[m], text, len(sentences[m]) - 1, 1.0 if text == base else 0.55))
            if f % 97 == 5 and m == members[0] and len(members) > 1:  # a claim told over two sentences
                sentences[m].append("The work would start once the water had gone down, the council added.")
                variants.append(Variant(ids[m], sentences[m][-1], len(sentences[m]) - 1, 0.3))
        values: dict[str, list[str]] = {}
        if f in conflicted:
            for m in members:
                figure = low_figure if (m % 2 == 0 or m == copier) else low_figure + 100
                values.setdefault(str(figure), []).append(ids[m])
        conflicts = [] if len(values) < 2 else [Conflict("number", values)]
        made.append(Fact(f"f{f}", variants[0].text, variants[0].source, [ids[m] for m in members], variants, conflicts))
    srcs = [
        make_source(ids[k], sentences[k] or ["Nothing else."], outlet=OUTLETS[k % len(OUTLETS)], outlet_from="front matter",
                    title=f"Storm damage across the valley, report {k}", path=f"big/{ids[k]}.txt",
                    published=f"2025-03-{1 + k % 5:02d}", agencies=["AP"] if k % 7 == 0 else [])
        for k in range(sources)
    ]
    relations, copy_of = trace(srcs, made)
    return Story("storm-damage-across-the-valley", "Storm damage across the valley", srcs, made, relations, copy_of)

