"""Measure the clean stage's test of whether text past a stop goes on with the article's story
(:func:`builder.clean.story.story_overlap`, threshold :data:`builder.clean.story._SAME_STORY`).

Data: the pages of ``bench_clean.py`` (``../shared/eval-dev/pages`` by default; nothing is copied
into the repository). For each page, its kept paragraphs (body lines of 60 characters or more,
pages with six or more): the first ``k`` (2, 3, 4, 6) are the article so far; its next three
paragraphs are the article going on (should pass), three paragraphs of each of five other pages
drawn at random are another story (should not). The dev pages hold no box or sign-off inside an
article, so this is the evidence the threshold stands on besides the texts of
``tests/test_clean_end.py``.

Usage: ``python benchmarks/bench_same_story.py [DATA_DIR] [--seed 1]``
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_clean import find_pages, load_pages  # noqa: E402

from builder.clean import clean, corpus_profile  # noqa: E402
from builder.clean.story import _SAME_STORY, story_overlap  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", help="eval set folder (default ../shared/eval-dev)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    _, articles = load_pages(find_pages(args.data))
    profile = corpus_profile(articles)
    paras: dict[str, list[str]] = {}
    for art in articles:
        texts = [b.text for b in clean(art, profile=profile).blocks if b.role == "body" and len(b.text) >= 60]
        if len(texts) >= 6:
            paras[art.id] = texts
    ids = sorted(paras)
    for threshold in sorted({0.5, _SAME_STORY, 1.0}):
        rng = random.Random(args.seed)
        row = []
        for k in (2, 3, 4, 6):
            going_on, other = [], []
            for pid in ids:
                ps = paras[pid]
                if len(ps) < k + 3:
                    continue
                going_on.append(story_overlap(ps[:k], ps[k : k + 3]) >= threshold)
                for o in rng.sample([o for o in ids if o != pid], 5):
                    j = rng.randrange(0, len(paras[o]) - 2)
                    other.append(story_overlap(ps[:k], paras[o][j : j + 3]) >= threshold)
            row.append(f"k={k} ({len(going_on)} pages): goes on {sum(going_on) / len(going_on):.2f}, "
                       f"other story {sum(other) / len(other):.3f}")
        mark = "  <- shipped" if threshold == _SAME_STORY else ""
        print(f"threshold {threshold:.2f}{mark}\n  " + "\n  ".join(row))


if __name__ == "__main__":
    main()
