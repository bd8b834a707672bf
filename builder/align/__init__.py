"""Align stage: match sentences across a story's sources and merge the matches into facts.

Two public entry points, re-exported here:

* :func:`match` compares two wordings: ``match(a, b).score`` is the probability (0–1) that they
  state the same fact, ``.same`` is ``score >= threshold`` (``AlignSettings.threshold`` by
  default) and ``.conflicts`` lists the numbers, named actors or quoted words on which they
  disagree (empty when they agree).
* :func:`align_story` splits every source's body into sentences, finds candidate pairs, confirms
  them with the matcher, joins them into facts (at most one sentence per source per fact) and
  orders the facts by merging the sources' reading orders.

Three modules, each importing only the ones before it:

* :mod:`.conflicts` — conflict detection: numbers, named actors and quotes (:func:`conflicts_between`);
* :mod:`.match` — the matcher: features, hard-coded logistic-regression weights, :func:`match`;
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
