"""Text analysis shared by the matcher and the conflict detector (align stage).

Everything here works on one sentence at a time and is cached, because a story compares each
sentence with many others: :func:`prepare` turns a sentence into a :class:`Prepared` record
(lower-cased words, light stems, content words, numbers with their kind and the word they
count, capitalised names, quoted text, the named speaker) once.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from .read import normalise

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves said says say told tell according would could may might must shall since per
    mr mrs ms dr""".split()
)
#: Negation words: a rewording that adds or drops one usually changes the statement.
NEGATIONS = frozenset("not no never nothing none nobody neither nor without cannot".split())
#: Reporting words: one wording attributing a statement and the other not is a typical
#: difference between a sentence and a near-paraphrase that adds its source.
REPORTING = frozenset("said says say told tell added according stated announced".split())

# Digits: thousands separators, a decimal comma before a scale word ("2,4 million", as European
# outlets write it), decimals, and a decimal without its leading zero (".5 percent").
_DIGITS = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+,\d{1,2}(?=\s?(?:million|billion|trillion|mln|bln|bn)\b)"
    r"|\d+(?:\.\d+)?|(?<![\w.])\.\d+"
)
_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'-]*|" + _DIGITS)
_STRIP = re.compile(r"[^\w\s]")

_UNITS = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9,
    "bln": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "dozen": 12,
}
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "dozen": 12,
}
_MONTHS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
#: Words that say when, not what: rewrites of one report re-anchor it in time ("on Tuesday" /
#: "yesterday"), so a word of these missing from the other wording weighs less than another.
TIME_WORDS = _MONTHS | frozenset(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight
    morning afternoon evening night week weekend month year earlier later recently last next
    ago""".split()
)
# The characters a number can start with. A pattern that opens with a lookahead for one of them
# lets the regex engine skip ahead to candidate positions instead of trying the whole pattern
# at every character (a number scan of a sentence: 38 µs without, 14 µs with).
_NUMBER_START = r"(?=[$£€¥\d." + "".join(sorted({w[0] for w in _NUMBER_WORDS})) + "])"
# A number: digits (with thousands separators and decimals) or number words, optionally with a
# scale word ("2.5 billion", "two hundred") and a currency sign before or percent after.
_NUMBER = re.compile(
    _NUMBER_START + r"(?P<cur>[$£€¥])?\s?(?P<num>(?:" + _DIGITS + r")\b|\b(?:"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")\b(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"
    r"(?:\s?(?P<scale>dozen|hundred|thousand|million|billion|trillion|mln|bln|bn|tn|m|b)\b)?"
    r"(?P<pct>\s?(?:%|percent\b|per cent\b|percentage points?\b))?",
    re.IGNORECASE,
)
#: Words before a figure that make it a bound or an estimate, tried longest first ("just under"
#: before "under") against the last words of the text before it, lower case.
_BOUND_WORDS = {
    "in excess of": "above", "upwards of": "above", "no fewer than": "above", "no less than": "above",
    "more than": "above", "greater than": "above", "at least": "above", "over": "above",
    "above": "above", "exceeding": "above",
    "no more than": "below", "fewer than": "below", "less than": "below", "at most": "below",
    "up to": "below", "under": "below", "below": "below",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "just under": "nearly",
    "approximately": "about", "about": "about", "around": "about", "roughly": "about",
    "some": "about", "estimated": "about", "circa": "about",
}
_BOUNDS = tuple(sorted(((" " + words, bound) for words, bound in _BOUND_WORDS.items()), key=lambda wb: -len(wb[0])))
#: Prepositions that end the phrase of a number ("of" does not: "200 of the fighters").
_PHRASE_END = frozenset("in to from at on by for with since after before during than into".split())
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")


@dataclass(frozen=True)
class Number:
    value: float
    kind: str  #: "count", "money", "percent", "year", "date" or "ordinal"
    text: str  #: as written, for display
    slot: str  #: stem of the word it counts ("fighter"), or "" when unknown
    #: how the wording bounds it: "" (as stated), "above" ("more than 200"), "below" ("up to
    #: 200"), "nearly" ("almost 200") or "about" ("approximately 200")
    bound: str = ""
    #: where its text starts in the normalised sentence (-1: not known); a sentence may give one
    #: figure twice ("one of them ... one more"), and each has its own words around it
    at: int = field(default=-1, compare=False)


@dataclass(frozen=True)
class Prepared:
    """A sentence analysed once for matching.

    The fields are computed by :func:`prepare`; the properties below them are derived on first
    use and kept (most sentences of a story are never compared in full, so they never pay)."""

    norm: str  #: normalised text (read.normalise)
    low: str  #: lower case, punctuation removed, single spaces — what rapidfuzz compares
    words: tuple[str, ...]  #: lower-case words in order
    stems: tuple[str, ...]  #: light stems of the words, in order
    content: frozenset[str]  #: stems of content words (no stop words, no numbers)
    numbers: tuple[Number, ...]
    names: frozenset[str]  #: capitalised words not at the sentence start, lower case
    quotes: tuple[str, ...]  #: text inside double quotes
    speaker: str | None  #: named speaker of "…, X said" / "X told …"
    name_skeletons: frozenset[str]  #: consonant skeletons of the names (spelling variants meet)

    @cached_property
    def trigrams(self) -> frozenset[str]:
        """Character trigrams of ``low``."""
        low = self.low
        return frozenset([low[i : i + 3] for i in range(len(low) - 2)])

    @cached_property
    def bigrams(self) -> frozenset[tuple[str, str]]:
        """Stem bigrams, in order of the words."""
        return frozenset(zip(self.stems, self.stems[1:], strict=False))

    @cached_property
    def stem_set(self) -> frozenset[str]:
        return frozenset(self.stems)

    @cached_property
    def content_words(self) -> tuple[str, ...]:
        """Words that are neither stop words nor figures, in order (repeats kept)."""
        return tuple(w for w in self.words if w not in STOPWORDS and not w[0].isdigit())

    @cached_property
    def content_word_set(self) -> frozenset[str]:
        return frozenset(self.content_words)

    @cached_property
    def content_word_stems(self) -> tuple[str, ...]:
        return tuple(stem(w) for w in self.content_words)

    @cached_property
    def sense_pool(self) -> frozenset[str]:
        """All WordNet senses of the content words (empty without WordNet)."""
        out: set[str] = set()
        for w in self.content_word_set:
            out |= senses(w)
        return frozenset(out)

    @cached_property
    def stem_counts(self) -> Counter[str]:
        """How often each stem occurs (for clipped word-overlap counts)."""
        return Counter(self.stems)

    @cached_property
    def negations(self) -> int:
        """Negation words (``not``, ``never``, ``don't`` ...)."""
        return sum(1 for w in self.words if w in NEGATIONS or w.endswith("n't"))

    @cached_property
    def reporting(self) -> int:
        """Reporting verbs (``said``, ``told``, ``according`` ...): attribution clauses."""
        return sum(1 for w in self.words if w in REPORTING)

    @cached_property
    def figures(self) -> frozenset[str]:
        """Words written in digits, without thousands separators."""
        return frozenset(s for w, s in zip(self.words, self.stems, strict=True) if w[0].isdigit())

    @cached_property
    def quantities(self) -> tuple[Number, ...]:
        """Numbers that state a quantity (counts, money, percentages), not years or dates."""
        return tuple(n for n in self.numbers if n.kind in ("count", "money", "percent"))

    @cached_property
    def quantity_values(self) -> frozenset[float]:
        return frozenset(round(n.value, 6) for n in self.quantities)

    @cached_property
    def counts(self) -> tuple[Number, ...]:
        """Counts of a known thing (a quantity of kind "count" with a slot)."""
        return tuple(n for n in self.quantities if n.kind == "count" and n.slot)


@lru_cache(maxsize=1 << 18)
def stem(word: str) -> str:
    """A light English stemmer: enough to meet ``fighters``/``fighter``, ``crossed``/``cross``."""
    w = word.lower().replace("'", "")
    if len(w) <= 3:
        return w
    for suffix, keep in (("ations", 3), ("ation", 3), ("ings", 3), ("ing", 3), ("edly", 3),
                         ("ied", 3), ("ies", 3), ("ed", 3), ("ly", 4), ("es", 4), ("s", 3)):
        if w.endswith(suffix) and len(w) - len(suffix) >= keep:
            w = w[: -len(suffix)]
            if suffix in ("ied", "ies"):
                w += "y"
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # stopped → stopp → stop
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]  # "rise"/"ris(ing)" meet at "ris"
    return w


_NEXT_WORD = re.compile(r"\s*(?:-\s*)?([A-Za-z][\w'-]*)")
_PHRASE_BREAK = re.compile(r"[,;:()]")
_LATIN_WORD = re.compile(r"[A-Za-z][\w'-]*")


def _parse_number(m: re.Match[str], text: str) -> Number | None:
    raw = m.group("num")
    low = raw.lower().replace("-", " ")
    if raw[0].isdigit() or raw[0] == ".":
        try:
            value = float(raw.replace(",", "." if _DECIMAL_COMMA.fullmatch(raw) else ""))
        except ValueError:
            return None
    else:
        parts = low.split()
        value = float(sum(_NUMBER_WORDS.get(p, 0) for p in parts))
        if not value:
            return None
    scale = (m.group("scale") or "").lower()
    if scale in ("m", "b") and not m.group("cur"):
        scale = ""  # a bare "5 m" is metres, not millions
    if scale:
        value *= _UNITS[scale]
    before = text[: m.start()].rstrip()
    after = text[m.end() :]
    prev_word = before.rsplit(None, 1)[-1].lower().strip(".,") if before else ""
    next_match = _NEXT_WORD.match(after)
    next_word = next_match.group(1).lower() if next_match else ""
    if m.group("cur") or next_word in ("dollars", "euros", "pounds", "yen", "cents"):
        kind = "money"
    elif m.group("pct"):
        kind = "percent"
    elif prev_word in _MONTHS or next_word in _MONTHS:
        kind = "date"
    elif raw[0].isdigit() and "," not in raw and "." not in raw and 1900 <= value <= 2100 and not scale:
        kind = "year"
    elif next_word in ("st", "nd", "rd", "th") or re.match(r"(?:st|nd|rd|th)\b", after):
        kind = "ordinal"
    else:
        kind = "count"
    slot = ""
    if kind == "count":
        # the noun it counts: the first lower-case content word after it ("200 Iraqi militiamen"),
        # within its phrase: not past a comma ("gained 2.15, or 0.4 percent") or a preposition
        # ("from 2,310 in 2019")
        phrase = _PHRASE_BREAK.split(after, maxsplit=1)[0]
        for w in _LATIN_WORD.findall(phrase)[:4]:
            if w.lower() in _PHRASE_END:
                break
            if w[0].isupper() or w.lower() in STOPWORDS:
                continue
            slot = stem(w)
            break
    # the last three words: every bound phrase has at most three, and they fit in the last
    # 64 characters unless the words are very long (then fewer whole words are compared, and
    # a phrase of more words could not have matched them anyway)
    window = before[-64:]
    if len(before) > 64:
        window = window.partition(" ")[2]  # drop the word the window cut into
    tail = " " + " ".join(window.lower().split()[-3:])
    bound = next((b for words, b in _BOUNDS if tail.endswith(words)), "")
    written = m.group(0)
    return Number(value, kind, written.strip(), slot, bound, m.start() + len(written) - len(written.lstrip()))


def _numbers(text: str) -> tuple[Number, ...]:
    masked = _TIME.sub(lambda t: " " * len(t.group()), text)  # same length: positions stay the text's
    out = []
    for m in _NUMBER.finditer(masked):
        if masked[m.end() : m.end() + 1] == "/" or masked[max(0, m.start() - 1) : m.start()] == "/":
            continue  # 9/11, 24/7, 3/4: a name or a ratio, not a count
        if m.group("num") and (n := _parse_number(m, masked)):
            out.append(n)
    return tuple(out)


_QUOTE = re.compile(r'"([^"]{3,})"')
# Only plain reporting verbs: "X announced plans" names the actor of an event, not a speaker.
_SPEECH = r"(?:said|says|told|added)"
_NAME = r"[A-Z][\w'.-]*(?:\s+(?:al-|bin\s|de\s|van\s|von\s)?[A-Z][\w'.-]*){0,4}"
_SPEAKER_AFTER = re.compile(r"(?P<who>" + _NAME + r")\s+" + _SPEECH + r"\b")
# "..., said X." names the speaker; "..., he told X." names whom he told, so "told" is left out.
_SPEAKER_BEFORE = re.compile(r"\b(?:said|says|added)\s+(?P<who>" + _NAME + r")\s*[.,]?\s*$")
_NOT_NAMES = frozenset(
    """he she they it we i you this that these those the a an officials official police sources
    source spokesman spokeswoman spokesperson monday tuesday wednesday thursday friday saturday
    sunday today yesterday tomorrow on in at last this""".split()
) | _MONTHS
_PREPOSITIONS = frozenset("in of at from for by with to near on about into over under".split())


def _common_plural(word: str) -> bool:
    """A plural common noun (``Prosecutors``, ``Analysts``): its singular is in WordNet."""
    low = word.lower()
    return low.endswith("s") and not low.endswith("ss") and bool(senses(low[:-1]))


def find_speaker(norm: str) -> str | None:
    """The named speaker of a quote (``"...," Guterres said`` / ``said John Smith.``), or None."""
    for pattern in (_SPEAKER_AFTER, _SPEAKER_BEFORE):
        for m in pattern.finditer(norm):
            who = m.group("who").strip(" .,")
            words = who.split()
            if not words or words[0].lower() in _NOT_NAMES or words[-1].lower() in _NOT_NAMES:
                continue
            before = norm[: m.start("who")].split()
            if pattern is _SPEAKER_AFTER and before and before[-1].lower() in _PREPOSITIONS:
                continue  # "the agency in New York said": New York is not the speaker
            if pattern is _SPEAKER_AFTER and len(before) >= 2 and before[-1] in ("and", "&") \
                    and before[-2][:1].isupper():
                continue  # "the Office of Roads, Rivers and Harbours said": the end of a longer name
            if not before and len(words) == 1 and _common_plural(words[0]):
                continue  # "Prosecutors said ...": capitalised only because it opens the sentence
            return who
    return None


# Cheap tests that a sentence can hold what the slower patterns look for (no false negatives).
_MAY_HOLD_NUMBER = re.compile(_NUMBER_START + r"(?:\d|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b)", re.IGNORECASE)
_MAY_NAME_SPEAKER = re.compile(r"\b" + _SPEECH + r"\b")


@lru_cache(maxsize=1 << 16)
def lowered(text: str) -> str:
    """The form rapidfuzz compares: normalised, lower case, punctuation removed, single spaces."""
    return _lowered_norm(normalise(text))


def _lowered_norm(norm: str) -> str:
    return " ".join(_STRIP.sub(" ", norm.lower()).split())


def _stem_word(w: str) -> str:
    return stem(w) if not w[0].isdigit() else w.replace(",", "")


@lru_cache(maxsize=1 << 13)  # a story's sentences, not the site's: each holds sets (trigrams, senses)
def prepare(text: str) -> Prepared:
    """Analyse one sentence (cached: stories compare each sentence many times)."""
    norm = normalise(text)
    if norm != text:
        return prepare(norm)  # one record per normalised text, whatever the spelling of quotes
    low = _lowered_norm(norm)
    raw_words = _WORD.findall(norm)
    words = [w.lower().strip("'") for w in raw_words]
    stems = tuple(map(_stem_word, words))
    content = frozenset(
        s
        for w, s in zip(words, stems, strict=True)
        if w not in STOPWORDS and not w[0].isdigit() and w.split("-")[0] not in _NUMBER_WORDS
    )
    names = frozenset(
        w.lower() for w in raw_words[1:] if w[0].isupper() and w.lower() not in STOPWORDS
    )
    return Prepared(
        norm=norm,
        low=low,
        words=tuple(words),
        stems=stems,
        content=content,
        numbers=_numbers(norm) if _MAY_HOLD_NUMBER.search(norm) else (),
        names=names,
        quotes=tuple(q.strip() for q in _QUOTE.findall(norm)) if '"' in norm else (),
        speaker=find_speaker(norm) if _MAY_NAME_SPEAKER.search(norm) else None,
        name_skeletons=frozenset(k for n in names if len(n) >= 4 and len(k := _skeleton(n)) >= 2),
    )


_SKELETON_MAP = str.maketrans({"q": "k", "c": "k", "g": "k", "z": "s", "w": "v", "j": "y"})


@lru_cache(maxsize=65536)
def _skeleton(word: str) -> str:
    """Consonant skeleton: vowels and ``h`` dropped, look-alike consonants merged, no doubles.

    Transliterations of one name differ mostly in vowels and in k/q/g/c/h
    (``Araghchi``/``Araqchi``, ``Qaeda``/``Qaida``, ``Turkey``/``Turkiye``) while different
    names differ in consonants (``Austria``/``Australia``, ``Iran``/``Iraq``).
    """
    out: list[str] = []
    for ch in word.lower().translate(_SKELETON_MAP):
        if ch in "aeiouyh'-" or not ch.isalpha():
            continue
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=65536)
def spelling_variant(a: str, b: str) -> bool:
    """Two spellings of one name (``Araghchi``/``Araqchi``, ``Turkey``/``Turkiye``)?"""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    ska, skb = _skeleton(a), _skeleton(b)
    if len(ska) >= 2 and ska == skb:
        return True
    return min(len(a), len(b)) >= 6 and Levenshtein.normalized_similarity(a, b) >= 0.85


# --- WordNet synonyms (optional) ----------------------------------------------------------------
#
# Synonyms come from the WordNet 3.0 database files as Debian's ``wordnet-base`` package installs
# them (``/usr/share/wordnet``; ``$WNSEARCHDIR`` overrides). Nothing is parsed up front: the
# sorted ``index.*`` files are read as bytes on first use and searched by bisection, like
# WordNet's own library, and every word looked up is cached. Without the files every word is
# its own only sense, so the matcher degrades to exact / stem / lemma matching.

_WN_POS = ("noun", "verb", "adj", "adv")
#: Sense keys start with one letter per part of speech (adverbs "r", as in WordNet's own tags,
#: so that adjective and adverb synsets at the same file offset do not collide).
_POS_KEY = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
# WordNet's "morphy" detachment rules (suffix, replacement) per part of speech.
_MORPHY = {
    "noun": (("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
             ("men", "man"), ("ies", "y")),
    "verb": (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
             ("ing", "e"), ("ing", "")),
    "adj": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "adv": (),
}


def _wordnet_dir() -> Path | None:
    for d in (os.environ.get("WNSEARCHDIR"), "/usr/share/wordnet", "/usr/local/share/wordnet",
              "/opt/homebrew/share/wordnet"):
        if d and (Path(d) / "index.noun").is_file():
            return Path(d)
    return None


class _WordNet:
    """Bisection over WordNet's sorted index files; loaded lazily, once per process."""

    def __init__(self, folder: Path | None) -> None:
        self.index: dict[str, bytes] = {}
        self.exceptions: dict[str, dict[str, tuple[str, ...]]] = {}
        if folder is None:
            return
        try:
            for pos in _WN_POS:
                self.index[pos] = (folder / f"index.{pos}").read_bytes()
                exc: dict[str, tuple[str, ...]] = {}
                exc_file = folder / f"{pos}.exc"
                if exc_file.is_file():
                    for line in exc_file.read_text(encoding="latin-1").splitlines():
                        parts = line.split()
                        if len(parts) >= 2:
                            exc[parts[0]] = tuple(parts[1:])
                self.exceptions[pos] = exc
        except OSError:
            self.index, self.exceptions = {}, {}

    def synsets(self, pos: str, lemma: str) -> tuple[bytes, ...]:
        """Synset offsets of ``lemma`` as ``pos`` (empty when WordNet lacks it)."""
        data = self.index.get(pos)
        if not data:
            return ()
        key = lemma.encode("latin-1", "replace") + b" "
        lo, hi = 0, len(data)
        while lo < hi:
            mid = (lo + hi) // 2
            start = data.rfind(b"\n", 0, mid) + 1
            end = data.find(b"\n", start)
            end = len(data) if end < 0 else end
            line = data[start:end]
            if line.startswith(b"  "):  # the licence header sorts first
                lo = end + 1
            elif line.startswith(key):
                parts = line.split()
                pointers = int(parts[3])
                return tuple(parts[6 + pointers :])
            elif line < key:
                lo = end + 1
            else:
                hi = start
        return ()


@lru_cache(maxsize=1)
def _wordnet() -> _WordNet:
    return _WordNet(_wordnet_dir())


def wordnet_available() -> bool:
    """Whether WordNet's files were found (synonyms are used only then)."""
    return bool(_wordnet().index)


@lru_cache(maxsize=65536)
def senses(word: str) -> frozenset[str]:
    """WordNet senses of a lower-case word in any inflection (``pos:offset``); two words that
    share one are synonyms (``fought``/``battled``). Empty for unknown words or without WordNet."""
    wn = _wordnet()
    if not wn.index or not word.isalpha() or len(word) < 3:
        return frozenset()
    out: set[str] = set()
    for pos in _WN_POS:
        forms = {word, *wn.exceptions.get(pos, {}).get(word, ())}
        forms.update(word[: -len(suf)] + rep for suf, rep in _MORPHY[pos] if word.endswith(suf))
        key = _POS_KEY[pos]
        for form in forms:
            out.update(f"{key}{o.decode()}" for o in wn.synsets(pos, form) if form)
    return frozenset(out)
