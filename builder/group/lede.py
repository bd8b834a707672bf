"""What an article is about, as one vector: the meaning of its title and first sentences.

The top of a news article states the event (who, what, where, when); outlets that rewrite a
story keep that meaning while changing its words, and page furniture (share prompts, sidebars)
sits below it. So the vector of an article is the mean of the WordLlama sentence vectors
(:func:`builder.align.meaning.sentence_vectors`) of its title and first ``LEDE_SENTENCES`` body
sentences, normalised: the cosine of two such vectors is high for two tellings of one event
whatever their wording, and lower for two events of one topic than the topic's shared words
alone would make it.

The sentence vectors are memoised by text, and align embeds the same sentences later, so a build
pays for them once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..models import Source
from ..sentences import split_sentences

if TYPE_CHECKING:
    import numpy as np

#: Body sentences read after the title: the lede that states the event. (On the dev articles
#: 2 to 5 group alike, 8 a little worse; 3 is a third cheaper but lets unrelated ledes of made-up
#: names look alike in tests/test_group.py's synthetic stories.)
LEDE_SENTENCES = 5


#: Body sentences of the *lead* (after the title): where an article states its own event.
#: Further down, the lede recalls the topic's earlier events and repeats its stock sentences,
#: which two events of one topic share (``event.py``, the ``lead`` feature).
LEAD_SENTENCES = 1


def lede_texts(source: Source, sentences: int = LEDE_SENTENCES) -> list[str]:
    """The title and the first ``sentences`` body sentences of a source (the lede; with
    ``LEAD_SENTENCES``, the lead)."""
    title = (source.title or "").strip()
    out = [title] if title else []
    for block in source.body:
        text = block.text
        if not out or text.strip().lower() != title.lower():  # the title repeated as a first line
            out.extend(split_sentences(text))
        if len(out) > sentences:
            break
    return out[: sentences + (1 if title else 0)]


def lede_embedding(sources: Sequence[Source]) -> tuple[np.ndarray, np.ndarray, list[int]] | None:
    """The lede vectors (one unit row per source, a zero row for a source without text), the
    vectors of every lede sentence (rows, source after source) and where each source's sentences
    start in them (one more entry at the end); None when the sentence model cannot be loaded:
    grouping then goes by words alone."""
    import numpy as np

    from ..align.meaning import DIM, ModelMissing, sentence_vectors

    texts = [lede_texts(s) for s in sources]
    flat = [t for ts in texts for t in ts]
    try:
        vectors = sentence_vectors(flat) if flat else np.zeros((0, DIM), dtype=np.float32)
    except ModelMissing:
        return None
    out = np.zeros((len(sources), DIM), dtype=np.float64)
    starts = [0]
    for k, ts in enumerate(texts):
        if ts:
            out[k] = vectors[starts[-1] : starts[-1] + len(ts)].sum(axis=0)
        starts.append(starts[-1] + len(ts))
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms > 0, norms, 1.0), vectors, starts


#: A site's mean lede counts as if it were this many sources fewer: on a small site (a handful
#: of articles, perhaps of one event) the mean is mostly that event, and removing it all would
#: remove what its sources share.
CENTRE_PRIOR = 10


def centred(vectors: np.ndarray, centre: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Unit rows of ``vectors`` minus the site's (shrunk) mean lede, and that mean.

    Every news lede shares a large common direction (language, register: two unrelated English
    ledes have cosine about 0.3–0.5, two ledes of nonsense words about 0.9); what sets one event
    apart is what is left. Without the common part, unrelated ledes have cosine near zero on
    any site, whatever its language or jargon. ``centre`` gives a mean computed before (a source
    added to a kept index is measured against the site it joins).
    """
    import numpy as np

    if centre is None:
        n = len(vectors)
        centre = vectors.sum(axis=0) / (n + CENTRE_PRIOR) if n else np.zeros(vectors.shape[1])
    out = vectors - centre
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms > 0, norms, 1.0), centre
