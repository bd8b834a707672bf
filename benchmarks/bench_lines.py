"""Fit and cross-validate the clean stage's line model (``builder/clean/linemodel.py``) by page.

Data: the pages of ``bench_clean.py`` (``../shared/eval-dev/pages`` by default; nothing is copied
into the repository). Each line of each page gets the features of
:func:`builder.clean.linemodel.line_features`, computed where ``line_model`` stands in the chain,
and a label: body when most of its 4-word shingles (a shorter line: its words in a row) are in the
page's gold body.

Compared, with the page score of ``bench_clean.py`` (shingle P/R/F1 of the kept body, mean over
pages and pooled), each fitted variant cross-validated by page — a page's lines are scored only by
a model fitted without that page:

* ``rules``: the chain without the model (the dev figure ``bench_clean.py`` reports; optimistic,
  since the rules were tuned on these pages; nothing is fitted, so CV does not apply);
* ``model alone``: every line kept or dropped by the model, trained on all lines;
* ``shipped``: the rules, except that the model decides the lines of
  :func:`~builder.clean.linemodel.overruled_lines` (those ``fragment`` or the repeat rule
  dropped): it keeps one when it judges it body. It is fitted on the wider set of
  :func:`~builder.clean.linemodel.model_lines` (the block's undecided lines and what the
  positional rules cut too);
* ``fitted alike, overrule after_end/before_start too``: the same model, also rescuing what the
  positional rules cut; the per-rule report below shows why it is not shipped;
* ``rescue from ...``, ``drop open only``: models fitted on and deciding other sets of lines.

Kept text is what ``bench_clean.py`` counts (:data:`bench_clean.KEPT_ROLES`: body and
subheadings, which the gold bodies hold). Measured (60 dev pages, threshold 0.5): rules mean
P 0.958 R 0.972 F1 0.963, micro P 0.962 R 0.953 F1 0.957 (tuned on these pages); shipped,
10-fold by page: mean P 0.956 R 0.979 F1 0.965, micro P 0.963 R 0.978 F1 0.970; leave one page
out: the same but mean R 0.978, micro R 0.977. Before the third round of issue 18 (announced
lists, a lede above two boxes, the seams of :mod:`builder.clean.ends`; 2026-12-02): shipped
0.954 / 0.963 (counting body alone, as before the second round: 0.948 / 0.955).
Before the article-end work of issue 18 round 2 (author boxes, picture-library credits, a lede
above a box of links; see ``tests/test_clean_end.py``): 0.949 / 0.958.
Model alone: mean P 0.939 R 0.965 F1 0.946, micro P 0.946 R 0.972 F1 0.959. Letting it decide
every body-or-clutter line fails twelve tests of
``tests/test_clean.py`` (two only because the rule named is ``line_model``; ten on behaviour):
a pointer ("More: ..."), a prompt ("You must select a newsletter ..."), "Advertisement" between
paragraphs, the seed's "See also" all sit among sentences and read like text, so shape and
position say body; only the word-list rules know them (CV by rule: of the ``clutter_phrase``
lines it would keep, none is gold body).
Rescues by rule, 10-fold: after_end 23 lines of which 11 gold body (282 characters right, 350
wrong), before_start 4 (0 right); duplicate 77 (71), fragment 36 (28), link_list 126 (85, but
2,200 characters right against 1,808 wrong: overruling it too gave mean F1 0.943 and micro 0.953
at micro P 0.948, a trade of precision for recall on headline lists, kept out of the shipped model).
The features hold no rule's verdict (the ``ruled_*`` features, the word lists' decisions, were
dropped: the same mean F1 and micro F1 0.947 -> 0.950 without them), but the main block is found
by scores and stop phrases tuned on these pages, so even the cross-validated figure is somewhat
optimistic about unseen pages.

Usage::

    python benchmarks/bench_lines.py [DATA_DIR] [--folds 10] [--lopo] [--fit]

``--fit`` fits the shipped variant on all pages and prints the ``WEIGHTS`` tuple to paste into
``linemodel.py``. The model is logistic regression with a small L2 penalty, solved by Newton's
method in numpy (no other dependency).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import logreg  # noqa: E402
from bench_clean import KEPT_ROLES, find_pages, load_pages, prf, shingles  # noqa: E402

from builder.clean import corpus_profile, new_ctx  # noqa: E402
from builder.clean.linemodel import FEATURES, KEEP_ABOVE, line_features, model_lines, overruled_lines  # noqa: E402
from builder.clean.rules import RULES  # noqa: E402
from builder.config import CleanSettings  # noqa: E402

_WORD = re.compile(r"\w+")


@dataclass
class Page:
    id: str
    texts: list[str]
    X: np.ndarray  #: features per line, at line_model's place in the chain
    y: np.ndarray  #: 1 where the line is gold body
    rule_body: np.ndarray  #: the rules' verdict (model switched off): body or not
    ruled: list[str]  #: the rule that had decided each line when line_model runs ("" = open)
    role_at: list[str | None]  #: the role decided by then (None = open)
    shipped: np.ndarray  #: the lines the shipped model is fitted on (linemodel.model_lines)
    applied: np.ndarray  #: the lines it decides (linemodel.overruled_lines)
    gold: object  #: gold shingles (Counter)


def _label(text: str, gold_words: list[str], grams: dict[int, set]) -> int:
    """Body when most of the line's 4-word shingles (a shorter line: its words in a row) are in
    the gold body."""
    words = _WORD.findall(text.lower())
    if not words:
        return 0
    k = min(4, len(words))
    if k not in grams:
        grams[k] = {tuple(gold_words[i : i + k]) for i in range(len(gold_words) - k + 1)}
    sh = [tuple(words[i : i + k]) for i in range(len(words) - k + 1)]
    return int(sum(s in grams[k] for s in sh) * 2 > len(sh))


def load(pages_dir: Path) -> list[Page]:
    gold, articles = load_pages(pages_dir)
    profile = corpus_profile(articles)
    settings = CleanSettings(disable=("line_model",))
    out = []
    for art in articles:
        ctx = new_ctx(art, settings, profile)
        X = None
        ruled: list[str] = []
        role_at: list[str | None] = []
        shipped = applied = np.zeros(0, dtype=bool)
        for name, rule in RULES:
            if name == "line_model":
                X = line_features(ctx)
                ruled, role_at = list(ctx.rules), list(ctx.roles)
                shipped = np.zeros(len(ctx.lines), dtype=bool)
                shipped[model_lines(ctx)] = True
                applied = np.zeros(len(ctx.lines), dtype=bool)
                applied[overruled_lines(ctx)] = True
                continue
            rule(ctx)
        body_text = gold[art.id]["articleBody"]
        gw = _WORD.findall(body_text.lower())
        grams: dict[int, set] = {}
        texts = [line.text for line in ctx.lines]
        out.append(Page(
            art.id, texts, np.array(X, dtype=float).reshape(len(texts), len(FEATURES)),
            np.array([_label(t, gw, grams) for t in texts], dtype=float),
            np.array([r in KEPT_ROLES for r in ctx.roles]), ruled, role_at, shipped, applied, shingles(body_text),
        ))
    return out


def fit(X: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 30) -> np.ndarray:
    """:func:`logreg.fit` on the features standardised (so the penalty weighs them alike), the
    weights returned on the raw features (column 0 is the bias and is not penalised)."""
    mu, sd = X[:, 1:].mean(0), X[:, 1:].std(0)
    sd[sd == 0] = 1.0
    w = logreg.fit((X[:, 1:] - mu) / sd, y, l2, iters)
    return np.concatenate([[w[0] - (w[1:] * mu / sd).sum()], w[1:] / sd])


def prob(X: np.ndarray, w: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(X @ w, -40, 40)))


_POSITIONAL = {"after_end", "before_start"}
_PATTERN = {"clutter_phrase", "prompt", "disclaimer", "recurring_line", "fragment", "link_list", "media_run",
            "gallery", "duplicate", "separator"}
#: variant -> (rules whose boilerplate verdict the model may overrule, whether it may drop open lines)
VARIANTS: dict[str, tuple[set[str], bool]] = {
    "rescue from positional": (_POSITIONAL, False),
    "rescue from positional, drop open": (_POSITIONAL, True),
    "rescue from positional+pattern": (_POSITIONAL | _PATTERN, False),
    "rescue from positional+pattern, drop open": (_POSITIONAL | _PATTERN, True),
    "drop open only": (set(), True),
}
#: the shipped design: fitted on linemodel.model_lines, overrules linemodel.overruled_lines
SHIPPED = "shipped: overrule fragment/repeat"
#: fitted like the shipped model, overruling the positional rules (after_end, before_start) too
POSITIONAL_TOO = "fitted alike, overrule after_end/before_start too"
MODEL_ALONE = "model alone (every line)"


def _decidable(variant: str, pg: Page) -> np.ndarray:
    if variant == MODEL_ALONE:
        return np.ones(len(pg.texts), dtype=bool)
    if variant == SHIPPED:
        return pg.applied
    if variant == POSITIONAL_TOO:
        return pg.shipped & np.array([r != "" for r in pg.ruled])
    rescue, drop = VARIANTS[variant]
    return np.array([r in rescue or (drop and r == "") for r in pg.ruled], dtype=bool)


def _train_rows(variant: str, pg: Page) -> np.ndarray:
    return pg.shipped if variant in (SHIPPED, POSITIONAL_TOO) else _decidable(variant, pg)


def _kept(variant: str, pg: Page, p: np.ndarray, t: float, t_drop: float | None = None) -> np.ndarray:
    """Kept lines: where the model decides, above ``t``; a line the rules keep is dropped only
    below ``t_drop`` (default ``t``)."""
    t_drop = t if t_drop is None else t_drop
    verdict = np.where(pg.rule_body, p > t_drop, p > t)
    if variant == MODEL_ALONE:
        return verdict
    return np.where(_decidable(variant, pg), verdict, pg.rule_body)


def score(pages: list[Page], kept: dict[str, np.ndarray]) -> dict[str, tuple]:
    out = {}
    for pg in pages:
        body = "\n".join(t for t, k in zip(pg.texts, kept[pg.id], strict=True) if k)
        out[pg.id] = prf(shingles(body), pg.gold)
    return out


def summary(results: dict[str, tuple]) -> str:
    n = len(results)
    mean = [sum(r[k] for r in results.values()) / n for k in range(3)]
    ov, nk, ng = (sum(r[k] for r in results.values()) for k in (3, 4, 5))
    mp, mr = ov / nk, ov / ng
    mf = 2 * mp * mr / (mp + mr)
    below = sum(1 for r in results.values() if r[2] < 0.8)
    return (f"mean P {mean[0]:.3f} R {mean[1]:.3f} F1 {mean[2]:.3f} | micro P {mp:.3f} R {mr:.3f} "
            f"F1 {mf:.3f} | F1<0.8: {below}")


def cross_validate(
    pages: list[Page], variant: str, folds: list[list[int]], t: float, l2: float, t_drop: float | None = None
) -> dict[str, tuple]:
    kept: dict[str, np.ndarray] = {}
    for test in folds:
        held = set(test)
        train = [pg for k, pg in enumerate(pages) if k not in held]
        rows = [_train_rows(variant, pg) for pg in train]
        X = np.vstack([pg.X[r] for pg, r in zip(train, rows, strict=True)])
        y = np.concatenate([pg.y[r] for pg, r in zip(train, rows, strict=True)])
        w = fit(X, y, l2)
        for k in test:
            pg = pages[k]
            kept[pg.id] = _kept(variant, pg, prob(pg.X, w), t, t_drop)
    return score(pages, kept)



def rescue_report(pages: list[Page], folds: list[list[int]], t: float, l2: float) -> None:
    """Per rule, the lines the shipped model (fitted without their page) would rescue, and how
    many of them (and of their characters) are gold body."""
    stat: dict[str, list[int]] = {}
    for test in folds:
        held = set(test)
        train = [pg for k, pg in enumerate(pages) if k not in held]
        w = fit(np.vstack([pg.X[pg.shipped] for pg in train]), np.concatenate([pg.y[pg.shipped] for pg in train]), l2)
        for k in test:
            pg = pages[k]
            p = prob(pg.X, w)
            for i in np.where(pg.shipped & (p > t))[0]:
                if pg.ruled[i]:
                    s = stat.setdefault(pg.ruled[i], [0, 0, 0, 0])
                    right = bool(pg.y[i])
                    s[0] += 1
                    s[1] += right
                    s[2 if right else 3] += len(pg.texts[i])
    for rule, (n, right, c_right, c_wrong) in sorted(stat.items()):
        print(f"  {rule:14s} would rescue {n:4d} lines, {right} gold body; characters {c_right} right, {c_wrong} wrong")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", help="eval set folder (default ../shared/eval-dev)")
    parser.add_argument("--folds", type=int, default=10, help="folds of pages (default 10)")
    parser.add_argument("--lopo", action="store_true", help="also leave one page out")
    parser.add_argument("--fit", action="store_true", help="fit the shipped variant on all pages")
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty on standardised weights")
    parser.add_argument("--threshold", type=float, default=KEEP_ABOVE, help="keep a line above this")
    parser.add_argument("--drop-threshold", type=float, default=None,
                        help="drop a line the rules keep only below this (default: --threshold)")
    parser.add_argument("--variant", default=SHIPPED, help="the variant --fit fits")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    pages = load(find_pages(args.data))
    n_lines = sum(len(p.texts) for p in pages)
    print(f"{len(pages)} pages, {n_lines} lines, {int(sum(p.y.sum() for p in pages))} gold body lines "
          f"(loaded in {time.perf_counter() - t0:.1f}s)")
    kept = {pg.id: pg.rule_body for pg in pages}
    print(f"  {'rules (dev, no CV: tuned on these pages)':50s} {summary(score(pages, kept))}")
    order = list(range(len(pages)))
    random.Random(18).shuffle(order)
    splits = {f"{args.folds}-fold by page": [order[k :: args.folds] for k in range(args.folds)]}
    if args.lopo:
        splits["leave one page out"] = [[k] for k in range(len(pages))]
    for split, folds in splits.items():
        print(split)
        for variant in (MODEL_ALONE, SHIPPED, POSITIONAL_TOO, *VARIANTS):
            res = cross_validate(pages, variant, folds, args.threshold, args.l2, args.drop_threshold)
            print(f"  {variant:50s} {summary(res)}")
    print(f"rescues of the shipped model by rule ({args.folds}-fold by page)")
    rescue_report(pages, splits[f"{args.folds}-fold by page"], args.threshold, args.l2)
    if args.fit:
        rows = [_train_rows(args.variant, pg) for pg in pages]
        w = fit(np.vstack([pg.X[r] for pg, r in zip(pages, rows, strict=True)]),
                np.concatenate([pg.y[r] for pg, r in zip(pages, rows, strict=True)]), args.l2)
        kept = {pg.id: _kept(args.variant, pg, prob(pg.X, w), args.threshold, args.drop_threshold) for pg in pages}
        print(f"fitted on all pages ({args.variant}), scored on them: {summary(score(pages, kept))}")
        print("WEIGHTS: tuple[float, ...] = (")
        for name, v in zip(FEATURES, w, strict=True):
            print(f"    {v:.4f},  # {name}")
        print(")")


if __name__ == "__main__":
    main()
