"""Property-based tests: no text makes a stage fail, and each stage keeps its promises."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.align import align_story, match
from builder.clean import clean, corpus_profile, inspect_records
from builder.models import ROLES
from builder.read import ReadError, parse
from builder.sentences import split_sentences

from .factories import make_source

BOUNDED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like news copy: words, numbers, quotes, abbreviations, odd punctuation, and
# arbitrary unicode now and then.
WORD = st.one_of(
    st.sampled_from(["the", "said", "U.S.", "Nov.", "Mr.", "200", "3,000", '"', "\u201c", "\u201d", "\u2014",
                     "Reuters", "(AP)", "BEIRUT", "See", "also", "Leave", "a", "Reply", "2024", "."]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=8),
)
LINE = st.lists(WORD, min_size=0, max_size=25).map(" ".join)
TEXT = st.lists(LINE, min_size=0, max_size=15).map("\n".join)


@BOUNDED
@given(st.binary(max_size=2000))
def test_reading_any_bytes_gives_an_article_or_a_clear_error(raw: bytes) -> None:
    try:
        article = parse(raw, "x.txt")
    except ReadError as exc:
        assert str(exc).startswith("x.txt: ")
        return
    assert article.lines
    total = raw.count(b"\n") + raw.count(b"\r") + 1
    for line in article.lines:
        assert line.text.strip() and 1 <= line.number <= total


@BOUNDED
@given(TEXT)
def test_every_line_gets_exactly_one_role_and_a_rule(text: str) -> None:
    try:
        article = parse(text.encode(), "a.txt")
    except ReadError:
        return
    cleaned = clean(article, profile=corpus_profile([article]))
    assert len(cleaned.blocks) == len(article.lines)
    for block, line in zip(cleaned.blocks, article.lines, strict=True):
        assert block.role in ROLES and block.rule
        assert block.text == line.text
    numbers = [r["line"] for r in inspect_records(cleaned)]
    assert numbers == sorted(set(line.number for line in article.lines))


@BOUNDED
@given(LINE)
def test_sentence_splitting_keeps_every_character(text: str) -> None:
    sentences = split_sentences(text)
    assert re.sub(r"\s+", "", "".join(sentences)) == re.sub(r"\s+", "", text)
    assert all(s == s.strip() and s for s in sentences)


@BOUNDED
@given(LINE, LINE)
def test_match_is_bounded_and_consistent(a: str, b: str) -> None:
    m = match(a, b)
    assert 0.0 <= m.score <= 1.0
    assert all(c.kind in ("number", "actor", "quote") for c in m.conflicts)
    assert match(a, a).conflicts == []


@BOUNDED
@given(st.lists(st.lists(LINE, min_size=1, max_size=6), min_size=1, max_size=4))
def test_facts_only_credit_sources_of_the_story(bodies: list[list[str]]) -> None:
    sources = [make_source(f"s{i}", paragraphs) for i, paragraphs in enumerate(bodies)]
    facts = align_story(sources)
    ids = {s.id for s in sources}
    seen: set[tuple[str, int]] = set()
    for fact in facts:
        assert fact.sources and set(fact.sources) <= ids
        assert {v.source for v in fact.variants} == set(fact.sources)
        for v in fact.variants:
            assert (v.source, v.sentence) not in seen  # a sentence belongs to one fact only
            seen.add((v.source, v.sentence))
        for conflict in fact.conflicts:
            assert all(set(group) <= set(fact.sources) for group in conflict.values.values())
