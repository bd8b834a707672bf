"""Per-line features: the shape of a line (words, characters, stopword share, capitals,
sentence punctuation, sentences) that the rules and the main-block search read."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .vocab import STOPWORDS

#: A word: word characters and the combining marks that ``\w`` leaves out (vowel signs of the
#: Indic scripts, Thai, Myanmar; Arabic and Hebrew points; Latin accents typed apart), so a Hindi
#: word is one token, not one per syllable.
_LETTER = r"[\w\u0300-\u036f\u0591-\u05c7\u064b-\u065f\u0900-\u0dff\u0e00-\u0e7f\u1000-\u109f]"
_TOKEN = re.compile(_LETTER + r"+(?:['’.-]" + _LETTER + r"+)*")
_CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
#: Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer): a space there parts
#: phrases, so a word is counted per :data:`_UNSPACED_WORD_CHARS` of their characters.
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
_UNSPACED_WORD_CHARS = 5
#: Chinese and Japanese characters (Han, kana): each says as much as about three Latin letters
#: (translations run three to four times longer in English), so a line's length in characters,
#: which the rules compare with thresholds set in Latin letters, counts each as three.
_HAN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_HAN_WIDTH = 3
_SENT_INNER = re.compile(r"[a-z\u00e0-\u024f\u0430-\u044f0-9%)\"'”’][.!?]\s+[\"'“‘«]?[A-Z\u00c0-\u024f\u0410-\u042f]")


#: The marks that end a sentence in the scripts news is written in: Latin and Cyrillic, CJK (full
#: width), Devanagari and Bengali (danda), Arabic and Urdu, Armenian, Ethiopic, Myanmar.
SCRIPT_FULL_STOPS = "।॥؟۔։።။"  #: danda, Arabic and Urdu, Armenian, Ethiopic, Myanmar (the splitter's too)
_FULL_STOPS = frozenset(".!?…。！？．｡" + SCRIPT_FULL_STOPS)


def _ends_like_sentence(norm: str) -> bool:
    """Does the line end like a sentence: a full stop (:data:`_FULL_STOPS`, any script), ``!``, ``?`` or an ellipsis
    before any closing quotes and brackets, or a colon or semicolon before at most one closing
    quote; trailing spaces ignored. String methods, not an end-anchored pattern: the regex
    engine would try such a pattern at every position, and this runs on every line of the site."""
    text = norm.rstrip()
    if text.rstrip("\"'”’»)]")[-1:] in _FULL_STOPS:
        return True
    if text[-1:] in ('"', "'", "”", "’", "»"):
        text = text[:-1]
    return text[-1:] in (":", ";")


@dataclass(frozen=True)
class _Feat:
    words: int
    chars: int  #: characters, a Chinese or Japanese one counted as :data:`_HAN_WIDTH`
    stop: float  #: share of tokens that are stopwords
    caps: float  #: share of alphabetic tokens that start with a capital
    punct: bool  #: ends like a sentence
    sentences: int  #: rough count of sentences
    #: the line in lower case: the patterns of single words and phrases below are searched in it
    #: case-sensitively, 3-4x faster than a case-insensitive search of the line
    low: str


#: Every match of _SENT_INNER holds a sentence mark before a space: a line without one (most
#: headings, menus and short lines) skips the dearer search.
_MARK_SPACE = re.compile(r"[.!?]\s")
#: The ASCII word characters that are not capitals, and those that are not letters: deleted from
#: the tokens' initials to count capitals and letters in C (ASCII lines only; \w on ASCII is
#: ``[A-Za-z0-9_]``).
_NOT_UPPER = b"abcdefghijklmnopqrstuvwxyz0123456789_"
_NOT_ALPHA = b"0123456789_"


def _features(norm: str) -> _Feat:
    """The shape of one line. Runs on every line of the site, so the counts are made in C where
    that gives the same figures: map over a frozenset, bytes.translate on ASCII initials, and no
    CJK or inner-sentence search on lines that cannot hold a match."""
    tokens = _TOKEN.findall(norm)
    words = len(tokens)
    ascii_line = norm.isascii()
    chars = len(norm)
    if not ascii_line:
        chars += (_HAN_WIDTH - 1) * len(_HAN.findall(norm))
        cjk = len(_CJK.findall(norm))
        if cjk > words:  # CJK text has no spaces: count characters as half-words
            words = max(words, cjk // 2)
        words = max(words, len(_UNSPACED.findall(norm)) // _UNSPACED_WORD_CHARS)
    if tokens:
        # Tokens hold no spaces and lower() maps no character to one; a space, neither cased nor
        # case-ignorable, also keeps the final-sigma rule to each token: the same words as
        # lowering each token on its own.
        lowered = " ".join(tokens).lower().split(" ")
        stop = sum(map(STOPWORDS.__contains__, lowered)) / len(tokens)
    else:
        stop = 0.0
    if ascii_line:
        initials = "".join([t[0] for t in tokens]).encode("ascii")
        n_alpha = len(initials.translate(None, _NOT_ALPHA))
        caps = len(initials.translate(None, _NOT_UPPER)) / n_alpha if n_alpha else 0.0
    else:
        alpha = [t for t in tokens if t[0].isalpha()]
        caps = sum(1 for t in alpha if t[0].isupper()) / len(alpha) if alpha else 0.0
    punct = _ends_like_sentence(norm)
    inner = len(_SENT_INNER.findall(norm)) if _MARK_SPACE.search(norm) else 0
    sentences = inner + (1 if punct else 0)
    return _Feat(words, chars, stop, caps, punct, sentences, norm.lower())



def _titleish(f: _Feat) -> bool:
    """Short and not ending like a sentence: a heading, a menu item or a headline."""
    return not f.punct and f.words <= 16 and f.chars <= 130



#: Finite verbs that almost every news sentence holds one of (auxiliaries, modals, reporting
#: verbs): general English grammar, not any site's wording.
_FINITE = frozenset(
    """
    is are was were be been being has have had do does did will would can could should may might
    must shall said says say told tells according adds added
    """.split()
)
_OPENERS = "\"'“‘«([-—–* "
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours)\b")


def line_sentences(norm: str) -> list[str]:
    """The line cut where :data:`_SENT_INNER` sees one sentence end and the next begin (the
    shape test's count of sentences, not the align stage's careful split)."""
    cuts = [m.start() + 2 for m in _SENT_INNER.finditer(norm)]
    return [norm[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(norm)], strict=True)]


def reads_as_sentence(norm: str, f: _Feat) -> bool:
    """Does the line read as a sentence of prose: a capital (or a figure) first, a finite verb in
    its first sentence (an auxiliary, a modal, a reporting verb, or a past form after the first
    word), sentence punctuation at the end, and at least six words? Such a line is text whatever
    word it opens with: "More than 80 diggers have been sent ..." is news, "More: ..." a link."""
    if not f.punct or f.words < 6 or f.chars > 600:
        return False
    first = norm.lstrip(_OPENERS)[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    low = f.low
    if f.sentences > 1:  # the verb must be in the first sentence: "Get alerts. Delivered daily."
        m = _SENT_INNER.search(norm)
        low = low[: m.start() + 2] if m else low
    return _has_finite_verb(low)


def _has_finite_verb(low: str) -> bool:
    """Does the lower-case text hold one of :data:`_FINITE` or a past form after its first word?"""
    tokens = _TOKEN.findall(low)
    return any(t in _FINITE or (k > 0 and len(t) > 4 and t.endswith("ed")) for k, t in enumerate(tokens))


#: The fewest words of a short sentence (:func:`short_sentence`): "He was 34."
SHORT_SENTENCE_WORDS = 3


def short_sentence(norm: str, f: _Feat) -> bool:
    """Is the line a sentence too short for :func:`reads_as_prose` ("He was 34.", "No one was
    hurt.", '"We will be back," she said.': fewer than :data:`LONG_SENTENCE_WORDS` words): a
    capital, a figure or a quote first, a full stop, "!" or "?" at the end (not a colon), a
    finite verb, and not speaking to the reader unless it quotes someone?"""
    if not f.punct or not SHORT_SENTENCE_WORDS <= f.words < LONG_SENTENCE_WORDS or f.sentences > 1:
        return False
    text = norm.rstrip()
    if text.rstrip("\"'”’»)]")[-1:] not in _FULL_STOPS or text[-1:] in (":", ";"):
        return False
    first = norm.lstrip(_OPENERS)[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    if addresses_reader(f) and not REPORTED.search(f.low):
        return False
    return _has_finite_verb(f.low)


#: Words reporting what someone said (searched in a line's lower-case text): a line holding one
#: quotes or tells, whatever else it says to the reader.
REPORTED = re.compile(r"\b(?:said|says|told|asked|according to|announced|reported)\b")


#: A line of at least this many words ending like a sentence is prose even without one of the
#: verbs :func:`reads_as_sentence` looks for.
LONG_SENTENCE_WORDS = 8


def reads_as_prose(norm: str, f: _Feat) -> bool:
    """A sentence by :func:`reads_as_sentence`, or a line of :data:`LONG_SENTENCE_WORDS` words or
    more ending like one."""
    return reads_as_sentence(norm, f) or (f.punct and f.words >= LONG_SENTENCE_WORDS)


def addresses_reader(f: _Feat) -> bool:
    """Does the line speak to the reader (``you``, ``your``)?"""
    return bool(_SECOND_PERSON.search(f.low))
