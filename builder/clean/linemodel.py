"""A learned line-role decision: how likely a line is the article's text, from evidence that holds
on any site — the line's shape, its neighbours, where it stands relative to the main block, and
whether it recurs across unrelated stories.

Two rules of the chain drop lines on a tuned guess about their neighbours:
:func:`~.rules.rule_fragment` (a short line not framed by text is a stray label) and
:func:`~.rules.rule_duplicate` (a line repeating an earlier one is a repeat) — but a one-line
paragraph missing its full stop is text, and a paragraph whose first copy sat in a teaser above
the article is the article's own. The model arbitrates exactly those lines: one that it judges body
is kept (rule ``line_model``, its ``model`` field naming the probability and the evidence that
weighed most).

It is fitted on every line a positional or neighbour rule decides (:func:`model_lines`, the
block's undecided lines included), but overrules only the rules of :data:`OVERRULES`:
cross-validated by page, its verdicts on lines cut by ``after_end``/``before_start`` were right
on fewer than half of them (11 of 27 rescued lines), on ``link_list`` lines on little more than
half the characters (a bulleted list in the article and a run of other stories' headlines have
one shape), and dropping undecided lines of the block never cleared its bar. Nor does it decide
every line: a pointer, a reader prompt or "Advertisement" standing among the article's sentences
reads like text to it, and only the rules' kinds of note know them.

Its features are the line's shape and surroundings only, never another rule's verdict: the
verdicts of the word-list rules were tuned on the dev pages, and a model leaning on them carries
that tuning to unseen sites (without them the cross-validated figure did not drop; see
``benchmarks/bench_lines.py``).

The weights are a logistic regression fitted by ``benchmarks/bench_lines.py --fit`` on hand-checked
pages (cross-validated by page there, so the figure it reports is one of unseen pages); they are
a handful of floats, kept here so the build has no model file to load.
"""

from __future__ import annotations

import math
import re

import numpy as np

from .context import _Ctx
from .features import _Feat, _titleish, addresses_reader, reads_as_prose
from .patterns import truncated

_DIGIT = re.compile(r"\d")
_QUOTES = re.compile(r"[\"“”«»]")
_POSITIONAL = ("after_end", "before_start")
_WINDOW = 3  #: lines each side counted for the share of sentences around a line


#: Feature names, in the order of :func:`line_features` and :data:`WEIGHTS`.
FEATURES: tuple[str, ...] = (
    "bias", "sentence", "end_punct", "log_words", "caps", "stopwords", "digits", "quotes",
    "truncated", "addresses_reader", "prev_sentence", "prev_log_words", "next_sentence",
    "next_log_words", "near_sentences", "short_run", "before_start", "after_end",
    "lines_from_block", "recurs", "sentences", "long", "prev_end_punct", "next_end_punct",
    "place_in_file", "short_unpunctuated", "outside_sentence",
)


def line_features(ctx: _Ctx, rows: list[int] | None = None) -> list[list[float]]:
    """One feature vector per line of ``rows`` (default: every line; see :data:`FEATURES`), from
    the state the chain has reached.

    Position is relative to the main block ``[start, end)``; ``lines_from_block`` is how far
    outside it the line stands (log scale, 0 inside).
    """
    n = len(ctx.lines)
    start, end = ctx.block
    rows = list(range(n)) if rows is None else rows
    # whether a line reads as a sentence, for the rows and the lines around them only
    near_rows = sorted({j for i in rows for j in range(max(0, i - _WINDOW), min(n, i + _WINDOW + 1))})
    sent = [False] * n
    for j in near_rows:
        sent[j] = reads_as_prose(ctx.lines[j].norm, ctx.feats[j])
    short = [_titleish(f) for f in ctx.feats]
    # length of the run of short unpunctuated lines each line belongs to (0 if not in one)
    run = [0] * n
    i = 0
    while i < n:
        if short[i]:
            j = i
            while j < n and short[j]:
                j += 1
            for k in range(i, j):
                run[k] = j - i
            i = j
        else:
            i += 1
    prefix = [0]
    for s in sent:
        prefix.append(prefix[-1] + s)
    out: list[list[float]] = []
    for i in rows:
        f: _Feat = ctx.feats[i]
        norm = ctx.lines[i].norm
        lo, hi = max(0, i - _WINDOW), min(n, i + _WINDOW + 1)
        near = (prefix[hi] - prefix[lo] - sent[i]) / max(1, hi - lo - 1)
        prev_f = ctx.feats[i - 1] if i > 0 else None
        next_f = ctx.feats[i + 1] if i + 1 < n else None
        distance = start - i if i < start else (i - end + 1 if i >= end else 0)
        recurs = ctx.profile is not None and ctx.profile.recurs(norm)
        out.append([
            1.0,
            float(sent[i]),
            float(f.punct),
            math.log1p(f.words),
            f.caps,
            f.stop,
            len(_DIGIT.findall(norm)) / max(1, f.chars),
            float(bool(_QUOTES.search(norm))),
            float(truncated(norm)),
            float(addresses_reader(f)),
            float(sent[i - 1]) if i > 0 else 0.0,
            math.log1p(prev_f.words) if prev_f else 0.0,
            float(sent[i + 1]) if i + 1 < n else 0.0,
            math.log1p(next_f.words) if next_f else 0.0,
            near,
            math.log1p(run[i]),
            float(i < start),
            float(i >= end),
            math.log1p(distance),
            float(recurs),
            float(min(f.sentences, 4)),
            float(f.chars >= 80),
            float(prev_f.punct) if prev_f else 0.0,
            float(next_f.punct) if next_f else 0.0,
            i / max(1, n - 1),
            float(short[i]),
            float(sent[i] and (i < start or i >= end)),
        ])
    return out


#: Fitted by ``benchmarks/bench_lines.py --fit`` (see its docstring for the data and the figures).
WEIGHTS: tuple[float, ...] = (
    2.8393,  # bias
    0.2673,  # sentence
    -0.0970,  # end_punct
    -0.6461,  # log_words
    -0.5432,  # caps
    -1.3334,  # stopwords
    1.0820,  # digits
    0.3824,  # quotes
    -0.7077,  # truncated
    -0.1480,  # addresses_reader
    1.0866,  # prev_sentence
    0.0756,  # prev_log_words
    0.3291,  # next_sentence
    0.1464,  # next_log_words
    -0.2826,  # near_sentences
    0.7493,  # short_run
    -2.7134,  # before_start
    -0.9683,  # after_end
    -1.1720,  # lines_from_block
    -3.5983,  # recurs
    0.5922,  # sentences
    0.4975,  # long
    0.1061,  # prev_end_punct
    0.5665,  # next_end_punct
    -0.9856,  # place_in_file
    -1.7027,  # short_unpunctuated
    -1.5633,  # outside_sentence
)
_W = np.asarray(WEIGHTS)
#: A line an :data:`OVERRULES` rule dropped is kept above this probability.
KEEP_ABOVE = 0.5
#: The rules whose verdict the model may overrule: a short line not framed by text, and the
#: repeat of a dropped line. Rules that name a kind of note (a byline, a
#: caption, a share prompt, a gallery, a heading), the positional rules, ``link_list`` and the site's own
#: patterns from site.toml are never overruled.
OVERRULES = ("fragment", "duplicate")
#: The rules whose lines the model is fitted on, besides undecided lines. It is not let loose on
#: all of them: cross-validated, its rescues from the positional rules were right on fewer than
#: half of the lines, and from ``link_list`` on about half the characters (a bulleted list in the
#: article and a run of other stories' headlines have the same shape).
_FITTED_ON = (*_POSITIONAL, "fragment", "link_list", "duplicate")


def model_lines(ctx: _Ctx) -> list[int]:
    """The lines the model is fitted on when ``line_model`` runs: undecided lines of the main
    block and lines a positional or neighbour rule dropped — a repeat only when its first copy was
    not kept for a role of its own (a caption shown twice stays a repeat)."""
    start, end = ctx.block
    return [i for i in range(len(ctx.lines))
            if (ctx.roles[i] is None and start <= i < end) or _overrulable(ctx, i, _FITTED_ON)]


def overruled_lines(ctx: _Ctx) -> list[int]:
    """The lines the model decides: those an :data:`OVERRULES` rule dropped."""
    return [i for i in range(len(ctx.lines)) if _overrulable(ctx, i, OVERRULES)]


def _overrulable(ctx: _Ctx, i: int, rules: tuple[str, ...]) -> bool:
    rule = ctx.rules[i]
    if ctx.roles[i] is None or rule not in rules:
        return False
    if rule == "duplicate":
        first = ctx.fields[i].get("first")
        return first is not None and (ctx.roles[first] is None or ctx.rules[first] in _POSITIONAL)
    return True


def top_evidence(x: list[float], weights: tuple[float, ...] = WEIGHTS, k: int = 3) -> list[str]:
    """The names of the ``k`` features that pushed hardest toward the decision taken."""
    z = sum(w * v for w, v in zip(weights, x, strict=True))
    sign = 1.0 if z >= 0 else -1.0
    pushes = sorted(((sign * w * v, name) for name, w, v in zip(FEATURES, weights, x, strict=True)
                     if name != "bias" and w * v), reverse=True)
    return [name for push, name in pushes[:k] if push > 0]


def rule_line_model(ctx: _Ctx) -> None:
    """A line a neighbour rule or the repeat rule dropped (:data:`OVERRULES`) that the line model
    judges body is kept. The reason ``inspect`` shows is the rule's name; the block's ``model``
    field says the probability and the evidence."""
    if ctx.no_article:
        return
    todo = overruled_lines(ctx)
    if not todo:
        return
    feats = line_features(ctx, todo)
    z = np.asarray(feats) @ _W  # one product for the file: a Python sum per line costs more than the features
    probs = 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))
    for i, x, p in zip(todo, feats, probs.tolist(), strict=True):
        if p > KEEP_ABOVE:
            ctx.set(i, "body", "line_model", model=_why(p, x))


def _why(p: float, x: list[float]) -> str:
    """The reason ``inspect`` can show: the probability and the evidence that weighed most."""
    return f"p(body) {p:.2f}: " + ", ".join(top_evidence(x))
