"""Align stage: match sentences across a story's sources and merge the matches into facts.

Two public entry points, re-exported here:

* :func:`match` compares two wordings: ``match(a, b).score`` is the probability (0–1) that they
  are paraphrases, ``.same`` is ``score >= threshold`` (:data:`.match.MATCH_THRESHOLD` by
  default) and ``.conflicts`` lists the numbers, named actors or quoted words on which they
  disagree (empty when they agree).
* :func:`align_story` splits every source's body into sentences, finds candidate pairs by
  wording and by meaning, decides which state one fact (:mod:`.pairs`: meaning, wording and the
  story around the pair), joins them into facts as a whole (average linkage) and orders the
  facts by merging the sources' reading orders.

Five modules, each importing only the ones before it:

* :mod:`.conflicts` — conflict detection: numbers, named actors and quotes (:func:`conflicts_between`);
* :mod:`.match` — the lexical matcher: features, hard-coded logistic-regression weights, :func:`match`;
* :mod:`.meaning` — sentence and word vectors from a pretrained static embedding model (WordLlama);
* :mod:`.pairs` — the story-level same-fact decision: candidates by meaning and its probability;
* :mod:`.facts` — fact assembly: :func:`align_story` and its helpers.

``builder.align.match`` is the function, not the submodule (it is bound last, below); reach the
module with ``from builder.align.match import ...`` or ``importlib.import_module``.
"""

from .conflicts import PairConflict, conflicts_between
from .facts import align_story
from .match import FEATURES, WEIGHTS, Match, _score, _self_features, features, match  # last: binds ``match``

__all__ = [
    "FEATURES",
    "WEIGHTS",
    "Match",
    "PairConflict",
    "_score",
    "_self_features",
    "align_story",
    "conflicts_between",
    "features",
    "match",
]
