"""A synthetic newsroom corpus for scale benchmarks, deterministic from a seed.

Usage (from the repository root)::

    .venv/bin/python benchmarks/corpus.py OUT_DIR --articles N [--seed 1]

writes a complete site folder: ``OUT_DIR/site.toml``, ``OUT_DIR/templates/`` and
``OUT_DIR/content/<YYYY-MM>/<outlet>/<NNNNNN>_<hex>.txt`` — N raw-text articles, as an editor
would paste them, forming stories of 1 to 8 sources:

- the *original* report of each story (an outlet's own article, or wire text with a dateline such
  as ``VARNOGRAD (AP) —`` and an agency credit line such as ``xyz/ab (Reuters, AP)``);
- *near-verbatim copies* by republishers: the title repeated, a teaser, the same body (quotes
  straightened, now and then a paragraph dropped), a comment form;
- *rewrites*: sentences reworded (synonyms, clauses reordered), some numbers changed — the
  conflicts the digest must flag — sentences dropped and added;
- *shared wire text*: another outlet running the same agency copy, cut at its own length, with its
  own ``Published in X, December 3rd, 2024`` line or credit line;

each with its outlet's own clutter (comment forms, ``See also`` lines, newsletter and share
prompts, related-headline sidebars after the article, disclaimers, copyright lines) — plus
unrelated single articles (the stories of one source).

Text is built from a small grammar over word lists sampled with Zipf–Mandelbrot weights (so
stories share the common words), with a per-story topic vocabulary, per-story named entities
(people, places, organisations made from syllables — never shared between stories) and numbers.
Bodies have 12–40 sentences of 15–35 words; story dates spread over 2024; about a quarter of the
files carry no date line.

Everything is reproducible: a story is generated from ``(seed, story index)`` alone, so
:func:`add_article` can regenerate any story later and write one more source for it (the "one
article added" measurement). ``OUT_DIR/corpus.json`` records the parameters and the stories.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import time
from bisect import bisect
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from pathlib import Path

MANIFEST = "corpus.json"
YEAR = 2024
#: how many stories have 1, 2, ... 8 sources (relative weights); 1 = an unrelated single article
SIZE_WEIGHTS = (40, 16, 12, 10, 8, 6, 4, 4)
AGENCY_NAMES = ("Reuters", "AP", "AFP", "dpa", "Xinhua", "Anadolu")

# --- word lists (rank order = frequency order) -------------------------------------------------

NOUNS = """
government people officials year week country city police state president forces minister
military attack region report group security area border spokesperson statement police
talks leaders health court rebels election party capital residents children troops aid
agency authorities province village official ministry crisis prices conflict support
economy workers families hospital water power deal meeting plan company law fighting
market protest office parliament vote news opposition camp service evidence investigation
ceasefire bank money army refugees budget strike negotiations prison campaign community
policy decision response journalists schools data cost food fuel sanctions allies industry
roads weapons missile pressure shelter farmers damage victims inflation exports factory
councillors witnesses lawmakers commission program tax coast river bridge airport harbour
elections poll majority coalition vaccine outbreak drought flood storm earthquake fire
""".split()
VERBS_PAST = """
said announced reported confirmed told added warned called denied rejected launched
agreed expected accused claimed approved ordered killed arrested seized released promised
signed opened closed raised blocked visited met urged criticised welcomed condemned
pledged demanded halted resumed suspended reached struck attacked deployed
""".split()
ADJECTIVES = """
new local national former senior international military foreign public official major
political economic large key recent early heavy final regional western northern southern
eastern interim fresh serious independent humanitarian temporary joint wider initial
""".split()
DETERMINERS = "the a its their this several two that another some".split()
ADVERBS = "also still already later again recently reportedly nearly largely mostly quickly".split()
PREPOSITIONS = "in on at from near across after during before against over under with around".split()
TIMES = """
on Monday|on Tuesday|on Wednesday|on Thursday|on Friday|on Saturday|on Sunday|late on Sunday|
early on Tuesday|last week|overnight|this month|earlier this year|on Nov. 26|on Dec. 3|since
January|in recent days|in the past 24 hours|by the end of the year|in the U.S. capital
""".replace("\n", " ").replace("| ", "|").strip().split("|")
SYNONYMS: dict[str, tuple[str, ...]] = {
    "said": ("stated", "told reporters", "noted"), "announced": ("declared", "unveiled"),
    "killed": ("left dead",), "attack": ("assault", "offensive"), "fighting": ("clashes", "combat"),
    "officials": ("authorities",), "people": ("civilians", "residents"), "troops": ("soldiers", "forces"),
    "rebels": ("insurgents", "fighters"), "warned": ("cautioned",), "large": ("big", "sizeable"),
    "recent": ("latest",), "talks": ("negotiations",), "government": ("administration", "authorities"),
    "major": ("significant", "big"), "confirmed": ("verified",), "city": ("town",), "support": ("backing",),
    "denied": ("rejected",), "approved": ("backed", "passed"), "nearly": ("almost",), "also": ("as well",),
    "seized": ("captured", "took control of"), "heavy": ("intense",), "launched": ("began", "started"),
    "urged": ("called on",), "criticised": ("slammed",), "plan": ("proposal",), "report": ("account",),
    "residents": ("locals",), "children": ("minors",), "statement": ("communique",), "aid": ("assistance",),
}
UNITS = """
people civilians fighters soldiers families homes villages vehicles workers protesters patients
students tonnes kilometres schools hospitals companies jobs votes seats percent
""".split()
SYLLABLES = """
ka ro mi ta len dor vas el an ish mar bel tor ques zan hal mir sol dra fen gor lia nev ost pra
rim sev tul ul vin wes yar zor bra cal dun esk fal gin hek ior jun kel lom nur ob pel quin ras
""".split()
ORG_KINDS = (
    "Council", "Front", "Movement", "Ministry of Interior", "Party", "Union", "Authority", "Institute",
    "Observatory for Human Rights", "Brigades", "Alliance", "Bank", "Commission", "Red Crescent",
)
OUTLET_KINDS = ("Herald", "Times", "Post", "Tribune", "Daily", "Observer", "Chronicle", "News", "Journal", "Mirror")

# --- clutter -----------------------------------------------------------------------------------

COMMENT_FORMS = (
    ["Leave a Reply", "Your email address will not be published. Required fields are marked *",
     "Comment", "Name *", "Email *", "Post Comment"],
    ["0 Comments", "Login to comment"],
    ["Comments", "Be the first to comment on this article.", "Add a comment"],
    ["Join the conversation", "Comments are moderated and may take a while to appear."],
)
NEWSLETTERS = (
    "Sign up for our daily newsletter to get the latest news in your inbox.",
    "Subscribe to the {o} briefing: the day's top stories every morning.",
    "Get the {o} newsletter — sign up now, it's free.",
)
SHARES = ("Share this article", "Share on Facebook  Share on X  Share on WhatsApp", "Share:", "Follow {o} on X and Telegram")
DISCLAIMERS = (
    "The views expressed in this article are the author's own and do not necessarily reflect {o}'s editorial stance.",
    "Disclaimer: This story has not been edited by {o} staff and is published from a syndicated feed.",
)
RELATED_HEADS = ("Related", "Read more", "More from {o}", "Latest from Blog", "Opinion", "Most read")
SEE_ALSO = ("See also: {t}", "Also read: {t}", "READ MORE: {t}")


# --- Zipf sampling -----------------------------------------------------------------------------


class Zipf:
    """Draw from ``words`` with Zipf–Mandelbrot weights 1/(rank + 2.7)^s."""

    def __init__(self, words: list[str], s: float = 1.1) -> None:
        self.words = words
        self.cum = list(accumulate(1.0 / (r + 2.7) ** s for r in range(len(words))))

    def draw(self, rng: random.Random) -> str:
        return self.words[bisect(self.cum, rng.random() * self.cum[-1])]


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


@cache
def _lexicon(seed: int) -> dict[str, Zipf]:
    """Word lists with a long tail of rare made-up words after the common ones."""
    rng = random.Random(f"lexicon:{seed}")
    tail = sorted({_word(rng, rng.randint(2, 4)) for _ in range(2500)})
    rng.shuffle(tail)
    return {
        "noun": Zipf(NOUNS + tail[:1800]),
        "verb": Zipf(VERBS_PAST),
        "adj": Zipf(ADJECTIVES + [w + "ian" for w in tail[1800:2100]]),
        "det": Zipf(DETERMINERS, s=1.4),
    }


@dataclass(frozen=True)
class Outlet:
    name: str
    slug: str
    kind: str  #: "newsroom", "republisher" or "wire user"
    clutter: tuple[str, ...]
    comment_form: tuple[str, ...]
    newsletter: str
    share: str
    disclaimer: str
    related_head: str
    sidebar: tuple[str, ...]  #: headlines of this outlet's other coverage, shown in sidebars
    date_style: int
    credits_agency: bool


@cache
def _outlets(seed: int) -> tuple[Outlet, ...]:
    rng = random.Random(f"outlets:{seed}")
    found: list[Outlet] = []
    names: set[str] = set()
    while len(found) < 60:
        base = _word(rng, rng.randint(2, 3)).capitalize()
        kind_word = rng.choice(OUTLET_KINDS)
        name = rng.choice((f"The {base} {kind_word}", f"{base} {kind_word}", f"{base}24", f"{base} Online"))
        if name in names:
            continue
        names.add(name)
        kind = rng.choices(("newsroom", "republisher", "wire user"), (4, 3, 3))[0]
        clutter = tuple(
            c for c in ("comments", "see_also", "newsletter", "share", "related", "disclaimer", "copyright")
            if rng.random() < (0.7 if kind == "republisher" else 0.45)
        )
        sidebar = tuple(_headline(rng, _entities(rng), _lexicon(seed)) for _ in range(30))
        found.append(Outlet(
            name=name, slug=re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"), kind=kind, clutter=clutter,
            comment_form=tuple(rng.choice(COMMENT_FORMS)), newsletter=rng.choice(NEWSLETTERS).format(o=name),
            share=rng.choice(SHARES).format(o=name), disclaimer=rng.choice(DISCLAIMERS).format(o=name),
            related_head=rng.choice(RELATED_HEADS).format(o=name), sidebar=sidebar, date_style=rng.randrange(5),
            credits_agency=rng.random() < 0.6,
        ))
    return tuple(found)


# --- stories -----------------------------------------------------------------------------------


@dataclass
class Entities:
    people: list[str]
    places: list[str]
    orgs: list[str]


def _entities(rng: random.Random) -> Entities:
    people = [f"{_word(rng, rng.randint(2, 3)).capitalize()} {_word(rng, rng.randint(2, 3)).capitalize()}"
              for _ in range(rng.randint(2, 5))]
    places = [_word(rng, rng.randint(2, 3)).capitalize() + rng.choice(("", "", "grad", "abad", "port", "ia"))
              for _ in range(rng.randint(1, 3))]
    orgs = []
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(ORG_KINDS)
        orgs.append(f"{rng.choice(places)} {kind}" if rng.random() < 0.5 else f"{_word(rng, 2).capitalize()} {kind}")
    return Entities(people, places, orgs)


def _headline(rng: random.Random, ents: Entities, lex: dict[str, Zipf], topic: list[str] | None = None) -> str:
    noun = rng.choice(topic) if topic else lex["noun"].draw(rng)
    words = [rng.choice(ents.places) + ":", rng.choice(ents.orgs + ents.people), lex["verb"].draw(rng),
             lex["adj"].draw(rng), noun]
    if rng.random() < 0.5:
        words += ["as", lex["noun"].draw(rng), lex["verb"].draw(rng)]
    return " ".join(words)


@dataclass
class Sentence:
    text: str
    numbers: list[str] = field(default_factory=list)


@dataclass
class Story:
    index: int
    date: dt.date
    title: str
    teaser: str
    ents: Entities
    body: list[Sentence]  #: the original wording
    headings: dict[int, str]  #: sentence index → a sub-heading before it
    agencies: list[str]
    size: int
    seed: int


class _Writer:
    """The sentence grammar for one story: common words, the story's topic words and entities."""

    def __init__(self, rng: random.Random, lex: dict[str, Zipf], ents: Entities) -> None:
        self.rng, self.lex, self.ents = rng, lex, ents
        self.topic = [lex["noun"].draw(rng) for _ in range(14)] + [lex["noun"].words[rng.randint(60, 900)] for _ in range(8)]
        self.topic_verbs = [lex["verb"].draw(rng) for _ in range(5)]

    def noun(self) -> str:
        return self.rng.choice(self.topic) if self.rng.random() < 0.4 else self.lex["noun"].draw(self.rng)

    def verb(self) -> str:
        return self.rng.choice(self.topic_verbs) if self.rng.random() < 0.4 else self.lex["verb"].draw(self.rng)

    def number(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.55:
            return str(rng.choice((rng.randint(2, 60), rng.randint(2, 30) * 10, rng.randint(1, 9) * 100,
                                   rng.randint(1000, 9000))))
        if roll < 0.8:
            return f"{rng.randint(2, 95)} percent"
        return f"${rng.randint(1, 90)}.{rng.randint(1, 9)} million"

    def subject(self) -> str:
        rng, e = self.rng, self.ents
        roll = rng.random()
        if roll < 0.3:
            return rng.choice(e.people)
        if roll < 0.5:
            return "the " + rng.choice(e.orgs)
        if roll < 0.6:
            return f"officials in {rng.choice(e.places)}"
        return f"{self.det()} {self.lex['adj'].draw(rng)} {self.noun()}" if rng.random() < 0.4 else f"{self.det()} {self.noun()}"

    def det(self) -> str:
        return self.lex["det"].draw(self.rng)

    def phrase(self, numbers: list[str]) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.18:
            n = self.number()
            numbers.append(n)
            unit = "" if n.endswith(("percent", "million")) else " " + rng.choice(UNITS)
            return f"{rng.choice(('at least', 'about', 'more than', 'nearly', 'approximately', ''))} {n}{unit}".strip()
        if roll < 0.3:
            return rng.choice(TIMES)
        if roll < 0.45:
            return f"{rng.choice(PREPOSITIONS)} {rng.choice(self.ents.places)}"
        if roll < 0.55:
            return f"{rng.choice(PREPOSITIONS)} {self.det()} {self.lex['adj'].draw(rng)} {self.noun()}"
        if roll < 0.75:
            return f"{rng.choice(PREPOSITIONS)} {self.det()} {self.noun()} of {self.det()} {self.noun()}"
        return f"{rng.choice(PREPOSITIONS)} {self.det()} {self.noun()}"

    def sentence(self) -> Sentence:
        rng = self.rng
        target = rng.randint(15, 35)
        numbers: list[str] = []
        quoted = rng.random() < 0.15
        words = [self.subject()]
        if rng.random() < 0.2:
            words.append(rng.choice(ADVERBS))
        words += [self.verb(), self.det(), self.noun()]
        count = sum(len(w.split()) for w in words)
        while count < target:
            if rng.random() < 0.15 and count < target - 6:
                words[-1] += ","
                words += [rng.choice(("and", "while", "after", "as", "but", "because")), self.subject(), self.verb()]
            words.append(self.phrase(numbers))
            count = sum(len(w.split()) for w in words)
        while count > 35 and not words[-1].endswith(","):  # trim the last phrase back into range
            last = words.pop()
            count -= len(last.split())
            if count < 15:
                words.append(" ".join(last.split()[: 15 - count]))
                break
        numbers[:] = [n for n in numbers if n in " ".join(words)]
        text = " ".join(words)
        text = text[0].upper() + text[1:]
        if quoted:
            speaker = rng.choice(self.ents.people)
            text = f"“{text},” {speaker} said." if rng.random() < 0.7 else f"{speaker} said: “{text}.”"
        else:
            text += "."
        return Sentence(text, numbers)


def story_at(seed: int, index: int, size: int, start: dt.date) -> Story:
    """Story ``index`` of the corpus for ``seed``: the same every time."""
    rng = random.Random(f"story:{seed}:{index}")
    lex = _lexicon(seed)
    ents = _entities(rng)
    w = _Writer(rng, lex, ents)
    body = [w.sentence() for _ in range(rng.randint(12, 40))]
    headings = {
        i: f"{w.noun().capitalize()} {rng.choice(('continues', 'grows', 'remains', 'ends'))} {rng.choice(PREPOSITIONS)} "
           f"{rng.choice(ents.places)}"
        for i in rng.sample(range(3, len(body)), k=min(len(body) - 3, rng.choice((0, 0, 1, 2))))
    }
    teaser = w.sentence().text
    return Story(
        index=index, date=start + dt.timedelta(days=rng.randrange(365)),
        title=_headline(rng, ents, lex, w.topic), teaser=teaser, ents=ents, body=body, headings=headings,
        agencies=rng.sample(AGENCY_NAMES, k=rng.choice((1, 1, 2))), size=size, seed=seed,
    )


# --- one source of a story ---------------------------------------------------------------------


def _date_line(d: dt.date, style: int) -> str:
    return (
        f"{d:%B} {d.day}, {d.year}", f"{d.day} {d:%B} {d.year}", d.isoformat(), f"Updated {d:%d %b}, {d.year}",
        f"Published {d:%A}, {d:%B} {d.day}, {d.year} 10:{d.day % 60:02d}",
    )[style]


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 < 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _reword(s: Sentence, rng: random.Random, conflict: float) -> str:
    """A rewrite of one sentence: synonyms, clauses swapped, now and then a number changed."""
    text = s.text
    words = text.split(" ")
    for i, word in enumerate(words):
        bare = word.strip(",.“”:").lower()
        if bare in SYNONYMS and rng.random() < 0.6:
            words[i] = word.replace(bare, rng.choice(SYNONYMS[bare]), 1)
    text = " ".join(words)
    if "“" not in text and "," in text and rng.random() < 0.5:
        head, _, tail = text.rstrip(".").partition(", ")
        tail = re.sub(r"^(and|while|after|as|but|because) ", "", tail)
        if head.split(" ", 1)[0] in ("The", "A", "Officials"):
            head = head[0].lower() + head[1:]
        text = f"{tail[0].upper()}{tail[1:]}, {rng.choice(('while', 'as', 'after'))} {head}."
    if s.numbers and rng.random() < conflict:
        old = rng.choice(s.numbers)
        digits = re.search(r"\d+", old)
        if digits:
            value = int(digits.group())
            changed = max(1, value + rng.choice((-1, 1)) * max(1, value // rng.choice((2, 3, 4))))
            new = old.replace(digits.group(), str(changed), 1)
            text = text.replace(old, new, 1)
    return text


def _paragraphs(sentences: list[tuple[int | None, str]], rng: random.Random) -> list[tuple[int | None, str]]:
    """Sentences grouped 1–3 to a paragraph: (index of the first in the story body, text)."""
    paras, i = [], 0
    while i < len(sentences):
        k = rng.choice((1, 1, 2, 2, 3))
        paras.append((sentences[i][0], " ".join(text for _, text in sentences[i:i + k])))
        i += k
    return paras


def render_source(story: Story, role: str, outlet: Outlet, rng: random.Random, d: dt.date) -> str:
    """The text of one source, as pasted from ``outlet``'s page; ``role``: original, copy, rewrite or wire."""
    lines: list[str] = []
    straight = role == "copy" and rng.random() < 0.5
    keep = [i for i in range(len(story.body))]
    if role == "copy" and rng.random() < 0.4 and len(keep) > 12:
        del keep[rng.randrange(len(keep))]
    if role == "wire":  # cut at the outlet's own length, a local sentence or two dropped
        keep = keep[: max(10, int(len(keep) * rng.uniform(0.6, 1.0)))]
        keep = [i for i in keep if i == 0 or rng.random() > 0.1]
    if role == "rewrite":
        keep = [i for i in keep if rng.random() > 0.2]
        for _ in range(rng.randint(0, 3)):  # a few neighbouring sentences swapped
            j = rng.randrange(1, len(keep) - 1)
            keep[j], keep[j + 1] = keep[j + 1], keep[j]
    texts: list[tuple[int | None, str]] = []
    for i in keep:
        s = story.body[i]
        text = _reword(s, rng, conflict=0.25) if role == "rewrite" else s.text
        if straight:
            text = text.replace("“", '"').replace("”", '"')
        texts.append((i, text))
    if role == "rewrite":  # a few sentences of the outlet's own
        w = _Writer(rng, _lexicon(story.seed), story.ents)
        for _ in range(rng.randint(1, 3)):
            texts.insert(rng.randrange(1, len(texts) + 1), (None, w.sentence().text))
    wire_dateline = role == "wire" or (role == "original" and outlet.kind == "wire user")
    if wire_dateline and texts:
        place, agency = story.ents.places[0].upper(), story.agencies[0]
        lead = rng.choice((f"{place} ({agency}) — ", f"{place}: ", f"{place}, {d:%b}. {d.day} ({agency}) — "))
        texts[0] = (texts[0][0], lead + texts[0][1])

    # the page's head
    if not (role == "wire" and rng.random() < 0.25):  # some pasted pages lost their title
        title = story.title if role != "rewrite" else _headline(rng, story.ents, _lexicon(story.seed))
        lines.append(title)
        if role == "copy":
            lines += [title, "", title]
    dated = rng.random() < 0.75
    if dated:
        lines.append(_date_line(d, outlet.date_style))
    if role in ("original", "rewrite") and rng.random() < 0.4:
        author = f"{_word(rng, 2).capitalize()} {_word(rng, 3).capitalize()}"
        lines.append(f"By {rng.choice(story.ents.people) if rng.random() < 0.2 else author}")
    if role == "copy" or rng.random() < 0.3:
        lines += ["", story.teaser]
    lines.append("")

    # the body, with headings and the outlet's "See also" lines between paragraphs
    for n, (first, para) in enumerate(_paragraphs(texts, rng)):
        if first in story.headings:
            lines += [story.headings[first], ""]
        lines += [para, ""]
        if "see_also" in outlet.clutter and n in (2, 6) and rng.random() < 0.7:
            lines += [rng.choice(SEE_ALSO).format(t=rng.choice(outlet.sidebar)), ""]

    # the tail: attribution, then the republisher's clutter
    if role == "wire" or (outlet.credits_agency and rng.random() < 0.5):
        initials = _word(rng, 1)[:3].lower()
        credit = ", ".join(story.agencies)
        lines.append(rng.choice((f"{initials}/{_word(rng, 1)[:2]} ({credit})", f"— {credit}", f"({credit})")))
    if outlet.kind != "republisher" and rng.random() < 0.5:
        lines.append(f"Published in {outlet.name}, {d:%B} {_ordinal(d.day)}, {d.year}")
    lines.append("")
    for kind in outlet.clutter:
        if kind == "comments":
            lines += [*outlet.comment_form, ""]
        elif kind == "newsletter":
            lines += [outlet.newsletter, ""]
        elif kind == "share":
            lines += [outlet.share, ""]
        elif kind == "disclaimer":
            lines += [outlet.disclaimer, ""]
        elif kind == "related":
            lines += [outlet.related_head, ""]
            for head in rng.sample(outlet.sidebar, k=rng.randint(3, 6)):
                day = d - dt.timedelta(days=rng.randint(0, 3))
                lines += [head, f"{day:%d %b}, {day.year}", ""]
        elif kind == "copyright":
            lines += [f"© {d.year} {outlet.name}. All rights reserved.", ""]
    return "\n".join(lines).rstrip() + "\n"


def _roles(size: int, rng: random.Random) -> list[str]:
    roles = ["original"]
    for _ in range(size - 1):
        roles.append(rng.choices(("copy", "rewrite", "wire"), (3, 4, 3))[0])
    return roles


def _file_for(content: Path, d: dt.date, outlet: Outlet, number: int, rng: random.Random) -> Path:
    return content / f"{d:%Y-%m}" / outlet.slug / f"{number:06d}_{rng.getrandbits(32):08x}.txt"


def _story_sizes(n: int, rng: random.Random) -> list[int]:
    sizes: list[int] = []
    while sum(sizes) < n:
        sizes.append(min(rng.choices(range(1, 9), SIZE_WEIGHTS)[0], n - sum(sizes)))
    return sizes


SITE_TOML = """\
# A synthetic corpus for scale benchmarks (benchmarks/corpus.py --articles {n} --seed {seed}).
[site]
title = "Synthetic newsroom ({n} articles)"
description = "Generated by benchmarks/corpus.py; not real news."
base_url = "/"
language = "en"

[paths]
content = "content"
templates = "templates"
output = "public"
"""


def generate(out_dir: Path, n: int, seed: int = 1) -> dict[str, object]:
    """Write a site of ``n`` articles into ``out_dir`` (replacing its content); return stats."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    content = out_dir / "content"
    if content.exists():
        shutil.rmtree(content)
    content.mkdir(parents=True)
    (out_dir / "templates").mkdir(exist_ok=True)
    (out_dir / "templates" / "README.txt").write_text("Templates here override the builder's own.\n", encoding="utf-8")
    (out_dir / "site.toml").write_text(SITE_TOML.format(n=n, seed=seed), encoding="utf-8")
    rng = random.Random(f"corpus:{seed}")
    outlets = _outlets(seed)
    start = dt.date(YEAR, 1, 1)
    sizes = _story_sizes(n, rng)
    number = 0
    histogram: dict[int, int] = {}
    dated = 0
    manifest_stories = []
    for index, size in enumerate(sizes):
        story = story_at(seed, index, size, start)
        srng = random.Random(f"sources:{seed}:{index}")
        files = []
        for role, outlet in zip(_roles(size, srng), srng.sample(outlets, k=size), strict=True):
            d = story.date + dt.timedelta(days=0 if role == "original" else srng.randint(0, 3))
            text = render_source(story, role, outlet, srng, d)
            path = _file_for(content, d, outlet, number, srng)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            dated += _date_line(d, outlet.date_style) in text
            files.append({"file": path.relative_to(content).as_posix(), "role": role, "outlet": outlet.name})
            number += 1
        histogram[size] = histogram.get(size, 0) + 1
        manifest_stories.append({"index": index, "date": story.date.isoformat(), "size": size, "files": files})
    stats: dict[str, object] = {
        "articles": number, "stories": len(sizes), "single_articles": histogram.get(1, 0),
        "sources_per_story": {str(k): histogram[k] for k in sorted(histogram)},
        "files_with_date_line": dated, "seed": seed, "seconds": round(time.perf_counter() - started, 2),
    }
    manifest = {"seed": seed, "articles": number, "next_number": number, "stats": stats, "stories": manifest_stories}
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=0), encoding="utf-8")
    return stats


def add_article(site_dir: Path, seed: int, new_story: bool = False) -> Path:
    """Write one more article into a generated site and return its path.

    It joins an existing story of several sources (a rewrite or a wire copy by an outlet the story
    does not have yet), or with ``new_story`` starts a story of its own. Deterministic from the
    corpus and ``seed``; repeated calls with different seeds add different articles.
    """
    site_dir = Path(site_dir)
    manifest_path = site_dir / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    corpus_seed = manifest["seed"]
    rng = random.Random(f"add:{corpus_seed}:{seed}:{new_story}")
    outlets = _outlets(corpus_seed)
    start = dt.date(YEAR, 1, 1)
    number = manifest["next_number"]
    if new_story:
        index = len(manifest["stories"])
        story = story_at(corpus_seed, index, 1, start)
        role, outlet, d = "original", rng.choice(outlets), story.date
        entry = {"index": index, "date": story.date.isoformat(), "size": 1, "files": []}
        manifest["stories"].append(entry)
    else:
        candidates = [s for s in manifest["stories"] if 1 < s["size"] < 8] or manifest["stories"]
        entry = rng.choice(candidates)
        story = story_at(corpus_seed, entry["index"], entry["size"], start)
        used = {f["outlet"] for f in entry["files"]}
        outlet = rng.choice([o for o in outlets if o.name not in used] or list(outlets))
        role, d = rng.choice(("rewrite", "wire")), story.date + dt.timedelta(days=rng.randint(0, 2))
    path = _file_for(site_dir / "content", d, outlet, number, rng)
    path = path.with_name(f"{number:06d}_added_{path.stem.split('_')[1]}.txt")
    text = render_source(story, role, outlet, rng, d)
    entry["files"].append({"file": path.relative_to(site_dir / "content").as_posix(), "role": role, "outlet": outlet.name})
    entry["size"] = len(entry["files"])
    manifest["next_number"] = number + 1
    manifest_path.write_text(json.dumps(manifest, indent=0), encoding="utf-8")
    # the article last, in one rename, so a caller timing from our return times the file's arrival
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name("." + path.name + ".tmp")  # hidden: the builder ignores it until the rename
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir", type=Path, help="site folder to write (its content/ is replaced)")
    parser.add_argument("--articles", "-n", type=int, required=True, help="number of articles")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    stats = generate(args.out_dir, args.articles, args.seed)
    print(json.dumps(stats, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
