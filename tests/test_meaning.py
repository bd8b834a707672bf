"""The sentence model (WordLlama, loaded from its installed package) and rewrites joined by meaning.

Texts are written for these tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from builder.align import align_story, meaning
from builder.align.match import _prepared_score
from builder.align.pairs import StoryPairs
from builder.textfeat import prepare

from .factories import make_source

ORIGINAL = "Rising water forced about 300 families out of their homes in the river town overnight."
REWRITE = "Some 300 households in the riverside community had to leave during the night as the flood rose."
UNRELATED = "The city council approved a new budget for road repairs on Thursday."


def test_the_model_loads_from_its_package_and_embeds_meaning() -> None:
    model = meaning.model()
    assert model is meaning.model()  # loaded once per process
    vectors = meaning.sentence_vectors([ORIGINAL, REWRITE, UNRELATED, ""])
    assert vectors.shape == (4, meaning.DIM)
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-5)
    assert not vectors[3].any()  # nothing to embed
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2  # a rewrite is nearer than another claim


def test_sentence_vectors_are_what_wordllama_itself_computes() -> None:
    # texts of different lengths in one batch: the tokenizer pads them, and padding must not count
    texts = [ORIGINAL, "Short one.", REWRITE]
    import wordllama
    from wordllama import WordLlama

    own = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True).embed(texts, norm=True)
    assert np.allclose(meaning.sentence_vectors(texts), own, atol=1e-5)


def test_vectors_are_remembered_by_text() -> None:
    text = "A text embedded once for the memo test."
    first = meaning.sentence_vectors([text])
    key = meaning._key(text)
    assert key in meaning._tokens
    meaning._tokens[key] = meaning.tokens(["river"])[0]  # a marker only the memo can return
    assert np.allclose(meaning.sentence_vectors([text]), meaning.sentence_vectors(["river"]))
    del meaning._tokens[key]
    assert np.allclose(meaning.sentence_vectors([text]), first)


def test_the_decision_joins_a_rewrite_and_not_another_claim() -> None:
    preps = [prepare(t) for t in (ORIGINAL, REWRITE, UNRELATED)]
    pairs = StoryPairs(preps, [0, 1, 1], lambda i, j: _prepared_score(preps[i], preps[j]))
    assert (0, 1) in pairs.candidates(0.5)  # within reach by meaning: the wordings share few words
    assert pairs.probability(0, 1) >= 0.5 > pairs.probability(0, 2)


def test_a_rewrite_in_other_words_is_one_fact_with_both_outlets() -> None:
    a = make_source("a", [
        ORIGINAL,
        "Emergency crews used boats to reach people stranded on rooftops.",
        "The mayor said the town would need weeks to recover.",
    ])
    b = make_source("b", [
        "Rescue teams in boats picked up residents who were stuck on the roofs of their houses.",
        REWRITE,
        UNRELATED,
    ])
    facts = align_story([a, b])
    joined = {tuple(sorted((v.source, v.sentence) for v in f.variants)) for f in facts}
    assert (("a", 0), ("b", 1)) in joined
    assert all(len(f.sources) == 1 for f in facts if any("budget" in v.text or "weeks" in v.text for v in f.variants))


def test_the_candidate_bound_never_drops_a_pair_that_reaches_the_threshold() -> None:
    # the matcher's score is computed only for pairs within reach: the bound must be exact
    texts = [ORIGINAL, REWRITE, UNRELATED,
             "Boats carried stranded residents from their rooftops to dry ground.",
             "Rescuers in boats took people off the roofs of flooded houses.",
             "About 300 families were moved out of the town as the river rose overnight.",
             "Road repairs will cost the city more than it planned, the council said."]
    preps = [prepare(t) for t in texts]
    pairs = StoryPairs(preps, [0, 1, 1, 0, 1, 2, 2], lambda i, j: _prepared_score(preps[i], preps[j]))
    within = pairs.candidates(0.5)
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if pairs.source_of[i] == pairs.source_of[j]:
                continue
            if pairs.probability(i, j) >= 0.5:
                assert (i, j) in within
            if (i, j) not in within:
                assert not pairs.may_reach(i, j, 0.5)
