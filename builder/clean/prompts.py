"""Clutter that speaks to the reader or names a page's parts: comment forms, menu and pointer
phrases ("See also", "Read more"), newsletter, app and share prompts (also a sign-up box run into
one line, and the blurb between two prompts), site disclaimers and author boxes.

What keeps news out of it: a sentence that tells (:func:`_told`) — one that does not speak to the
reader, or reports what someone said — is never taken for a prompt or a menu phrase, whatever
words it opens with."""

from __future__ import annotations

import re

from .context import _Ctx
from .features import REPORTED, _Feat, _features, addresses_reader, line_sentences, reads_as_sentence
from .patterns import (
    _ABOUT,
    _AUTHOR_WORD,
    _CLUTTER_LEAD,
    _CLUTTER_LINE,
    _CONSENT,
    _DISCLAIMER,
    _DISCLAIMER_HINT,
    _EMAIL,
    _PROMPT_ADDRESS,
    _PROMPT_TOPIC,
    unframe,
)


def rule_clutter_phrase(ctx: _Ctx) -> None:
    """Comment forms, share/newsletter prompts, ads, menus, ``See also``/``Read more`` pointers.

    Reader prompts and site disclaimers are recorded as ``prompt`` and ``disclaimer`` and can be
    switched off by those names on their own. A sentence that tells (:func:`_told`) is never taken
    for a menu or form phrase, whatever words it opens with: "Filed in March, the lawsuit says ..."
    is news, "Filed under: Courts" a label.
    """
    off = set(ctx.settings.disable)
    for i in ctx.open():
        norm, f = ctx.lines[i].norm, ctx.feats[i]
        # The sentence test comes last in each check, so it runs only on the lines the patterns
        # take, and at most once per line.
        sentence: bool | None = None
        if f.words <= 30 and _CLUTTER_LINE.match(unframe(norm)):
            sentence = reads_as_sentence(norm, f)
            if not (sentence and _told(f)):
                ctx.set(i, "boilerplate", "clutter_phrase")
                continue
        if f.words <= 30 and "prompt" not in off and _bids_reader(f):
            sentence = reads_as_sentence(norm, f) if sentence is None else sentence
            if not (sentence and _told(f)):
                ctx.set(i, "boilerplate", "prompt")
                continue
        if f.words <= 25 and f.sentences <= 1 and _CLUTTER_LEAD.match(norm):
            sentence = reads_as_sentence(norm, f) if sentence is None else sentence
            if not sentence:
                ctx.set(i, "boilerplate", "clutter_phrase")
                continue
        if f.words <= 120 and "disclaimer" not in off and _DISCLAIMER_HINT.search(f.low) and _DISCLAIMER.search(f.low):
            ctx.set(i, "boilerplate", "disclaimer")
        elif (f.words > 30 and f.sentences >= PROMPT_BOX_SENTENCES and "prompt" not in off
              and _prompt_topics(f.low) >= PROMPT_BOX_SENTENCES and _prompt_box(norm)):
            ctx.set(i, "boilerplate", "prompt")
    if "prompt" not in off:
        _box_filler(ctx)
    _author_box(ctx)


def _author_box(ctx: _Ctx) -> None:
    """A header over the author's biography ("About the author", "About Jane Doe" over a line
    naming Jane Doe) is clutter and, like a sign-off, ends the article (:mod:`.block`): the
    biography under it is not the article's text."""
    for i in range(len(ctx.lines) - 1):
        m = _ABOUT.match(ctx.lines[i].norm)
        if ctx.roles[i] is not None or not m or ctx.feats[i].words > 8:
            continue
        who = m.group("who")
        names = who.split()
        named = 2 <= len(names) <= 4 and all(w[:1].isupper() for w in names) and who.lower() in ctx.feats[i + 1].low
        if named or _AUTHOR_WORD.match(who):
            ctx.set(i, "boilerplate", "clutter_phrase", kind="author_box")


#: A line holding at least this many sentences that bid the reader is a sign-up box run into
#: one line ("Sign Up ... You must select a newsletter to subscribe to. ... Thank you for
#: subscribing."), however long: news does not speak to its reader three times in a paragraph.
PROMPT_BOX_SENTENCES = 3


def _prompt_topics(low: str) -> int:
    """How many prompt topics (a newsletter, an app, following, sharing, an email address) the
    lower-case text names."""
    return len(_PROMPT_TOPIC.findall(low)) + (len(_EMAIL.findall(low)) if "@" in low else 0)


def _bids_reader(f: _Feat) -> bool:
    """Speaks to the reader (or bids them) about a prompt's topic."""
    low = f.low
    topic = _PROMPT_TOPIC.search(low) or ("@" in low and _EMAIL.search(low))
    return bool(topic and _PROMPT_ADDRESS.search(low))


def _prompt_box(norm: str) -> bool:
    """At least :data:`PROMPT_BOX_SENTENCES` of the line's sentences bid the reader, and none of
    them reports what someone said."""
    bids = 0
    for sentence in line_sentences(norm):
        f = _features(sentence)
        if _bids_reader(f):
            if reads_as_sentence(sentence, f) and _told(f):
                return False  # a sentence reporting what someone said: the paragraph tells
            bids += 1
    return bids >= PROMPT_BOX_SENTENCES


def _box_filler(ctx: _Ctx) -> None:
    """A short line that is not a sentence, between two prompts or menu phrases, is their box's
    filler: a newsletter's blurb ("The day's top stories, every weekday at 7am") between "Get the
    briefing" and "Sign up" speaks to no one and names no newsletter, but stands where only the
    box's text stands."""
    boxed = ("clutter_phrase", "prompt")
    for i in range(1, len(ctx.lines) - 1):
        f = ctx.feats[i]
        around = (ctx.rules[i - 1], ctx.rules[i + 1])
        if (ctx.roles[i] is None and "prompt" in around and all(r in boxed for r in around)
                and f.words <= 15 and not reads_as_sentence(ctx.lines[i].norm, f)):
            ctx.set(i, "boilerplate", "prompt")
    for i in range(1, len(ctx.lines)):
        if ctx.rules[i] == "prompt" and ctx.rules[i - 1] not in boxed:
            for j in _box_head(ctx, i):
                ctx.set(j, "boilerplate", "prompt")


#: A box's name is this short ("Morning Briefing newsletter", "Get our app").
_BOX_NAME_WORDS = 6


def _box_head(ctx: _Ctx, first: int) -> list[int]:
    """The head of the box whose first prompt is line ``first``: its name right above it (a short
    line that is no sentence, naming a prompt's topic: "Morning Briefing Newsletter"), or its
    name over one line speaking to the reader ("The day's top stories, straight to you."); else
    none. Those lines name or sell the box, and news names neither."""
    blurb = first - 1
    speaks = (ctx.roles[blurb] is None and ctx.feats[blurb].words <= 30 and addresses_reader(ctx.feats[blurb]))
    for name in ((blurb - 1, blurb) if speaks else (blurb,)):
        f = ctx.feats[name] if name >= 0 else None
        if (f is not None and ctx.roles[name] is None and f.words <= _BOX_NAME_WORDS and not f.punct
                and _PROMPT_TOPIC.search(f.low)):
            return list(range(name, first))
    return []


#: A sentence (not the line's first: that one is the caller's) opening with a bid to the reader.
_BIDS = re.compile(r"[.!?]\s+(?:subscribe|sign up|join|download|follow|click|tap|email|contact|send)(?![\w-])")
_WE_OR_YOU = re.compile(r"\b(?:you|your|our|us)\b")


def _told(f: _Feat) -> bool:
    """A sentence (the caller checks) that tells rather than prompts: it does not speak to the
    reader as "you" or for the site as "our"/"us" ("Follow-up tests found ..."), or it reports
    what someone said ("Our app was downloaded 5 million times, the company said"); nor does a
    form's consent in the reader's first person ("I agree that X can send me ..."), nor a
    line with a sentence bidding the reader ("... Subscribe today for 1 pound a week.")."""
    if addresses_reader(f) or _BIDS.search(f.low):
        return False
    if _CONSENT.search(f.low):
        return bool(REPORTED.search(f.low))  # "I agree," the minister said: a quote
    return not _WE_OR_YOU.search(f.low) or bool(REPORTED.search(f.low))
