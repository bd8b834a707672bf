"""Sentence splitting for the align stage.

A boundary is sentence-final punctuation (``.``, ``!``, ``?``), optionally followed by closing
quotes or brackets (``."``, ``.”``, ``?'``, ``.)``), then white space, then something that can
open a sentence (a capital letter, a digit or an opening quote). It is *not* a boundary when
the word before the full stop is an abbreviation: a title (``Mr.``, ``Gen.``), an initial
(``J.``), a month before a day (``Nov. 26``), a number marker (``No. 5``), or a dotted acronym
(``U.S.``) that is followed by a word that rarely starts a sentence (``U.S. President``).

The splitter is deliberately rule-based: news text is regular enough, it is fast, and it keeps
the exact characters of every sentence so each one can be shown and linked in its source.
"""

from __future__ import annotations

import re

from .clean.features import SCRIPT_FULL_STOPS, _ends_like_sentence
from .clean.patterns import CREDIT_SENTENCE
from .models import Sentence, Source
from .read import normalise

#: Abbreviations after which a full stop never ends a sentence (lower case, no dot).
_TITLES = frozenset(
    """mr mrs ms mx dr prof sen rep gov gen lt col sgt capt cpt maj adm cmdr cdr brig pres
    rev hon fr sr jr st mt ft supt insp det amb gens sens reps messrs mme mlle
    vs v cf approx est dept univ ave blvd rd ltd inc corp co bros no nos vol pp fig op art sec
    ch para e.g i.e al""".split()
)
#: Abbreviations that only bind to a following number (``Nov. 26``, ``No. 5``, ``p. 12``).
_BEFORE_NUMBER = frozenset(
    """jan feb mar apr jun jul aug sep sept oct nov dec no nos p pp para art sec ch vol""".split()
)
#: Words that usually start a sentence; after a dotted acronym (``U.S.``) they mean a new one.
_STARTERS = frozenset(
    """the a an he she it they we i you but and or so yet in on at for from to this that these
    those there here his her its their our my your some many most all no not as after before
    when while if although though however meanwhile still also then now since by with
    according officials one two three""".split()
)

_CLOSERS = "\"'\u201d\u2019\u00bb)\\]"
_OPENERS = "\"'\u201c\u2018\u00ab(\\["
#: What opens a sentence: a capital (Latin, Greek, Cyrillic), a figure, or a letter of a script
#: without capitals (Hebrew, Arabic, the Indic scripts, Thai, Myanmar, Georgian, Ethiopic, Korean).
_SENTENCE_START = (r"A-Z0-9\u00c0-\u024f\u0386-\u03ab\u0400-\u042f\u0590-\u08ff\u0900-\u0dff"
                   r"\u0e00-\u0e7f\u1000-\u109f\u10a0-\u10ff\u1200-\u137f\uac00-\ud7af")
# Sentence-final punctuation (a full stop, or the danda, the Arabic question mark, ... of other
# scripts), closing quotes/brackets (``."``, ``.”)``) and a stray full stop some sites put after a
# closing quote (``levels.".``), then white space.
_BOUNDARY = re.compile(
    r"(?P<end>[.!?" + SCRIPT_FULL_STOPS + r"]+(?:[" + _CLOSERS + r"]+[.!?]*)*)(?P<space>\s+)"
    r"(?=[" + _OPENERS + r"]*[" + _SENTENCE_START + r"])"
)
#: An agency's credit between a dateline and its dash (``ERIE, Pa. (AP) —``): the place's
#: abbreviation before it does not end a sentence.
_DATELINE_CREDIT = re.compile(r"\([A-Z][\w.]*(?:\s*[,/]\s*[A-Z][\w.]*)*\)\s*[-—–]")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_INITIALS = re.compile(r"^(?:[A-Za-z]\.)*[A-Za-z]$")  # J / U.S / E.U (dot stripped already)
_NEXT_WORD = re.compile(r"[" + _OPENERS + r"]*([\w'-]+)")


def _is_abbreviation(before: str, end: str, after: str) -> bool:
    """Whether the full stop that ends ``before`` belongs to an abbreviation, not the sentence."""
    if end != ".":
        return False  # "?", "!", "..." or a closing quote: a real end
    m = _LAST_WORD.search(before)
    if not m:
        return False
    word = m.group(1).rstrip(".")
    low = word.lower()
    nxt = _NEXT_WORD.match(after)
    next_word = nxt.group(1) if nxt else ""
    if low in _BEFORE_NUMBER and next_word[:1].isdigit():
        return True
    if low in _TITLES and low not in _BEFORE_NUMBER:
        return True
    if _INITIALS.match(word):
        if len(word) == 1:
            # a single capital is an initial (``J. Smith``); a lone lower-case letter is not
            return word.isupper()
        # dotted acronym: U.S., U.N. — a boundary only if the next word starts sentences
        return next_word.lower() not in _STARTERS
    return False


class _QuoteTracker:
    """Whether a position lies inside a double quotation that closes soon after it.

    Positions are asked in increasing order, so the scan is linear in the paragraph.
    """

    MAX_AHEAD = 400  #: a quotation that does not close within this many characters is a stray mark

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.straight = 0  # number of straight double quotes seen
        self.curly = 0  # opening minus closing curly double quotes seen

    def inside(self, pos: int) -> bool:
        seen = self.text[self.pos : pos]
        self.straight += seen.count('"')
        # curly marks are counted in order (a closing one never takes the count below 0); most
        # text has none, and counting by str methods spares a Python loop over every character
        if any(c in seen for c in "\u201c\u00ab\u201d\u00bb"):
            for c in seen:
                if c in "\u201c\u00ab":
                    self.curly += 1
                elif c in "\u201d\u00bb":
                    self.curly = max(0, self.curly - 1)
        self.pos = pos
        ahead = self.text[pos : pos + self.MAX_AHEAD]
        if self.straight % 2 == 1 and '"' in ahead:
            return True
        return self.curly > 0 and any(c in ahead for c in "\u201d\u00bb")


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping the original characters of each one.

    >>> split_sentences('He arrived on Nov. 26 in the U.S. capital. "We are ready." He left.')
    ['He arrived on Nov. 26 in the U.S. capital.', '"We are ready."', 'He left.']
    """
    text = text.strip()
    if not text:
        return []
    out: list[str] = []
    start = 0
    quotes = _QuoteTracker(text)
    for m in _BOUNDARY.finditer(text):
        if _is_abbreviation(text[start : m.start("end")], m.group("end"), text[m.end() :]):
            continue
        if _DATELINE_CREDIT.match(text, m.end()):
            continue
        if quotes.inside(m.end("end")):
            continue  # a quotation of several sentences stays one claim, with its speaker
        piece = text[start : m.end("end")].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


#: A piece of at most this many words that does not end like a sentence is a label (a credit, a
#: widget's title, a name on its own line: "Miramax", "TIMELINE"), not a claim.
LABEL_WORDS = 3


def _label(norm: str) -> bool:
    """A few words without a sentence's end, or a transcript's label in capitals: a speaker
    ("JANE DOE, HOST:") or a stage direction ("(SOUNDBITE OF ARCHIVED RECORDING)")."""
    if len(norm.split()) <= LABEL_WORDS and not _ends_like_sentence(norm):
        return True
    text = norm.strip()
    return not any(c.islower() for c in text) and (text.endswith(":") or (text[:1] == "(" and text[-1:] == ")"))


def source_sentences(source: Source) -> list[Sentence]:
    """The sentences of a source's body blocks, numbered in reading order.

    ``index`` counts sentences across the whole body (0-based), ``line`` is the line of the
    block the sentence came from, so the source page can link each sentence to its fact.
    """
    sentences: list[Sentence] = []
    for block in source.body:
        for piece in split_sentences(block.text):
            norm = normalise(piece)
            if not any(c.isalnum() for c in norm) or CREDIT_SENTENCE.fullmatch(norm) or _label(norm):
                continue  # a lone quote mark or dash, a picture's credit or a label is not a sentence
            sentences.append(Sentence(source.id, len(sentences), block.line, piece, norm))
    return sentences
