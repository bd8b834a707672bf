"""Fact alignment on hand-labelled real stories: the same-fact decision, cross-validated by story.

Reads ``../shared/eval-dev/facts/*.json`` (never copied into the repo): each story's sources'
body sentences ("units") and every cross-source pair that states the same fact. For every
cross-source pair of units it computes :class:`builder.align.pairs.StoryPairs` features — the
very code the build runs — and fits the logistic regression of :data:`builder.align.pairs.WEIGHTS`
(positives: the labelled pairs, full or partial; negatives: every other cross-source pair).

Default: leave-one-story-out cross-validation (each story's pairs scored by weights fitted on
the other stories), printing pair-level precision and recall at the join threshold; ``--fit``
also prints the weights fitted on all stories, to paste into ``builder/align/pairs.py``;
``--end-to-end`` runs the facts scorer (``score.py``, the judge) on real builds afterwards,
twice: with the weights in the code, and cross-validated — each story built with the weights
fitted on the other stories (set through a ``sitecustomize`` module on the build's path).

    .venv/bin/python benchmarks/bench_facts.py [--fit] [--end-to-end]
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from logreg import fit, predict  # noqa: E402  (benchmarks/, the script's folder)

from builder.align.match import _prepared_score  # noqa: E402
from builder.align.pairs import FEATURES, WEIGHTS, StoryPairs  # noqa: E402
from builder.textfeat import prepare  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval-dev"


def story_rows(path: Path) -> tuple[list[list[float]], list[str | None], list[bool]]:
    """Features, label (None, "full", "partial") and "is a rewrite" of every cross-source pair."""
    d = json.loads(path.read_text())
    units = [(s["id"], i, t) for s in d["sources"] for i, t in enumerate(s["units"])]
    gold = {frozenset([(a, i), (b, j)]): kind for a, i, b, j, kind in d["pairs"]}
    preps = [prepare(t) for _, _, t in units]
    ids = {sid: k for k, sid in enumerate(dict.fromkeys(u[0] for u in units))}
    pairs = StoryPairs(preps, [ids[u[0]] for u in units], lambda i, j: _prepared_score(preps[i], preps[j]))
    X, y, rewrite = [], [], []
    for i in range(len(units)):
        for j in range(i + 1, len(units)):
            if units[i][0] == units[j][0]:
                continue
            X.append(pairs.features(i, j))
            label = gold.get(frozenset([units[i][:2], units[j][:2]]))
            y.append(label)
            rewrite.append(
                label == "full"
                and difflib.SequenceMatcher(None, units[i][2].lower(), units[j][2].lower()).ratio() < 0.6
            )
    return X, y, rewrite


def report(name: str, p: np.ndarray, y: list, rewrite: list, threshold: float = 0.5) -> None:
    hit = p >= threshold
    pos = np.array([lab is not None for lab in y])
    full = np.array([lab == "full" for lab in y])
    rw = np.array(rewrite)
    print(
        f"{name}: pairs at p >= {threshold}: precision {(hit & pos).sum() / max(1, hit.sum()):.3f}, "
        f"recall {(hit & pos).sum() / pos.sum():.3f}, full {(hit & full).sum() / full.sum():.3f}, "
        f"rewrites {(hit & rw).sum() / rw.sum():.3f}  ({hit.sum()} pairs)"
    )


def _score_story(facts: Path, weights: np.ndarray | None) -> dict[str, int]:
    """Run the facts scorer on one story; ``weights`` replace the code's for that build."""
    scorer = EVAL / "facts" / "score.py"
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "facts"
        one.mkdir()
        (one / facts.name).write_bytes(facts.read_bytes())
        env = dict(os.environ)
        if weights is not None:
            (Path(tmp) / "sitecustomize.py").write_text(
                "import builder.align.pairs as pairs\n"
                f"pairs.WEIGHTS = {tuple(float(w) for w in weights)!r}\n"
            )
            env["PYTHONPATH"] = os.pathsep.join([tmp, str(ROOT)])
        out = subprocess.run([sys.executable, str(scorer), str(one), str(EVAL / "stories" / "content"),
                              "--python", sys.executable, "-v"], cwd=ROOT, env=env, capture_output=True, text=True).stdout
    m = re.search(r"P (\d+)/(\d+)\s+R (\d+)/(\d+)\s+rewrites (\d+)/(\d+)\s+conflicts (\d+)/(\d+) of (\d+)", out)
    full = re.search(r"full pairs R ([\d.]+)", out)
    if not m or not full:
        raise SystemExit(f"scorer output not understood:\n{out}")
    d = json.loads(facts.read_text())
    n_full = sum(1 for p in d["pairs"] if p[4] == "full")
    tp, pred, _, gold, rw_tp, rw, c_tp, c_pred, c_gold = map(int, m.groups())
    return {"tp": tp, "pred": pred, "gold": gold, "full": n_full, "full_tp": round(float(full.group(1)) * n_full),
            "rw": rw, "rw_tp": rw_tp, "c_tp": c_tp, "c_pred": c_pred, "c_gold": c_gold}


def _report_end_to_end(name: str, rows: list[dict[str, int]]) -> None:
    t = {k: sum(r[k] for r in rows) for k in rows[0]}
    print(f"{name}: precision {t['tp'] / max(1, t['pred']):.3f}, full-pair recall {t['full_tp'] / t['full']:.3f}, "
          f"rewrite recall {t['rw_tp'] / t['rw']:.3f}; conflicts precision "
          f"{t['c_tp'] / t['c_pred'] if t['c_pred'] else 1.0:.3f} ({t['c_tp']}/{t['c_pred']}), "
          f"recall {t['c_tp'] / t['c_gold']:.3f}")


def main() -> None:
    global EVAL
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=None, help="the eval-dev folder (default: ../shared/eval-dev)")
    ap.add_argument("--fit", action="store_true", help="print the weights fitted on all stories")
    ap.add_argument("--end-to-end", action="store_true", help="then run the facts scorer on real builds")
    opt = ap.parse_args()
    EVAL = opt.eval or EVAL
    opt.facts = EVAL / "facts"
    t0 = time.perf_counter()
    stories = {p.stem: story_rows(p) for p in sorted(opt.facts.glob("*.json"))}
    print(f"{len(stories)} stories, {sum(len(s[0]) for s in stories.values())} cross-source pairs, "
          f"features in {time.perf_counter() - t0:.1f} s")
    held_p, all_y, all_rw = [], [], []
    held_w: dict[str, np.ndarray] = {}
    for name, (X, y, rw) in stories.items():
        rest = [stories[o] for o in stories if o != name]
        w = held_w[name] = fit(
            np.array([x for s in rest for x in s[0]]), np.array([lab is not None for s in rest for lab in s[1]], float)
        )
        held_p.append(predict(w, np.array(X)))
        all_y += y
        all_rw += rw
    report("held-out stories (leave one story out)", np.concatenate(held_p), all_y, all_rw)
    X = np.array([x for s in stories.values() for x in s[0]])
    if len(WEIGHTS) == X.shape[1] + 1:
        report("weights in the code, all stories", predict(np.array(WEIGHTS), X), all_y, all_rw)
    else:
        print(f"the code's WEIGHTS have {len(WEIGHTS)} entries for {len(FEATURES)} features: refit with --fit")
    if opt.fit:
        w = fit(X, np.array([lab is not None for lab in all_y], float))
        report("weights fitted on all stories", predict(w, X), all_y, all_rw)
        print("FEATURES =", FEATURES)
        print("WEIGHTS = (" + ", ".join(f"{v:.4f}" for v in w) + ")")
    if opt.end_to_end:
        paths = {p.stem: p for p in sorted(opt.facts.glob("*.json"))}
        _report_end_to_end("built, weights in the code", [_score_story(p, None) for p in paths.values()])
        _report_end_to_end(
            "built, each story with weights fitted on the others",
            [_score_story(p, held_w[name]) for name, p in paths.items()],
        )


if __name__ == "__main__":
    main()
