"""Clean stage: give every line of an article one role and the name of the rule that decided it.

Cleaning is an ordered chain of small named rules (in the spirit of markdown-it-py's rule
chains). Each rule looks at the lines no earlier rule has decided and may give some of them a
role; the rule's name is the reason ``inspect`` shows the editor, and ``[clean] disable`` in
``site.toml`` switches a rule off. Whatever no rule decides ends as ``body`` (rule
``default_body``), so switching rules off can only keep more text, never drop it.

The rules use evidence that generalises rather than strings of known pages:

* patterns of the *kinds* of note every news site prints (bylines, agency credits, publication
  lines, copyright, photo credits, comment forms, share and newsletter prompts);
* the **main block**: the contiguous run of lines with the most article-like text, found with a
  maximum-sum segment over per-line scores (long, punctuated, stopword-rich lines score up;
  short, unpunctuated and known-clutter lines score down), as body-text extractors do (Finn's
  BTE, jusText's context-sensitive classification). What lies before it is header or menu; what
  lies after it (past the sign-off) is sidebar, teaser list or comments;
* inside the block, short lines are judged by their neighbours: a title-like line before a
  paragraph is a heading, a run of title-like lines is a list of other articles' headlines, a
  short sentence between paragraphs is body;
* recurrence across the corpus (:class:`CorpusProfile`): a line found in files of different
  stories is template clutter.

All functions are pure: no disk, no global state.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .config import CleanSettings
from .disjoint import DisjointSets
from .models import Article, Block, CleanArticle, Line

# --- vocabulary ----------------------------------------------------------------------------------

#: Wire agencies as general knowledge: spelling found in credits → canonical short name.
AGENCIES: dict[str, str] = {
    "ap": "AP", "associated press": "AP", "the associated press": "AP",
    "reuters": "Reuters", "thomson reuters": "Reuters",
    "afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP",
    "dpa": "dpa", "deutsche presse-agentur": "dpa", "epd": "epd", "kna": "KNA", "sid": "SID",
    "efe": "EFE", "ansa": "ANSA", "apa": "APA", "ats": "ATS", "anp": "ANP", "belga": "Belga",
    "ntb": "NTB", "tt": "TT", "pap": "PAP", "ctk": "CTK", "mti": "MTI", "ria novosti": "RIA Novosti",
    "tass": "TASS", "interfax": "Interfax", "xinhua": "Xinhua", "kyodo": "Kyodo", "jiji": "Jiji",
    "yonhap": "Yonhap", "pti": "PTI", "ians": "IANS", "ani": "ANI", "app": "APP", "upi": "UPI",
    "bernama": "Bernama", "antara": "Antara", "aap": "AAP", "pa": "PA", "press association": "PA",
    "pa media": "PA", "canadian press": "CP", "the canadian press": "CP", "cp": "CP",
    "anadolu": "Anadolu", "anadolu agency": "Anadolu", "aa": "Anadolu", "wam": "WAM", "spa": "SPA",
    "qna": "QNA", "mena": "MENA", "irna": "IRNA", "isna": "ISNA", "sana": "SANA", "ina": "INA",
    "wafa": "WAFA", "nna": "NNA", "kuna": "KUNA", "bloomberg": "Bloomberg", "ips": "IPS",
}
_AGENCY_ALT = "|".join(sorted((re.escape(k) for k in AGENCIES), key=len, reverse=True))

#: A small multilingual stoplist for jusText-style stopword density (general function words).
STOPWORDS: frozenset[str] = frozenset(
    """
    a about after all also an and any are as at be been but by can could did do does for from had
    has have he her his how i if in into is it its just more most my no not of on one only or
    other our out over said says she so some than that the their them then there these they this
    to up was we were what when where which while who will with would you your
    aber als am an auch auf aus bei bis das dass dem den der des die doch du ein eine einem einen
    einer er es für hat ich ihr im ist jetzt kann mit nach nicht noch nur oder sich sie sind so
    über um und uns von vor war wie wir wird zu zum zur
    au aux avec ce ces dans de des du elle en est et il ils je la le les leur mais ne nous on ou
    par pas pour qu que qui sa se ses son sont sur un une été être
    al como con del el ella en es esta está fue ha la las lo los más no para pero por que se sin
    su sus también un una y ya
    ao aos com da das de do dos ela ele em entre foi isso mais mas na nas no nos o os para pelo
    pela por que se sem seu sua são também um uma é
    che di da dei della delle gli il non per più sono una uno
    aan bij dat de deze die een en het hij in is met niet of om ook op te van voor was wel zijn
    ada adalah akan dan dari dengan di dalam ini itu ke kepada oleh pada untuk yang tidak
    в и на не что с по как это он она они к у из за от для то но все так же его ее был была
    было были о бы уже или только мы вы я
    """.split()
)

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?P<d{n}>\d{{1,2}})(?:st|nd|rd|th)?"
_DATE_PATTERNS = [
    re.compile(r"\b(?P<m1>" + _MONTH + r")\s+" + _DAY.format(n=1) + r",?\s+(?P<y1>\d{4})\b", re.I),
    re.compile(r"\b" + _DAY.format(n=2) + r"\.?\s+(?P<m2>" + _MONTH + r"),?\s+(?P<y2>\d{4})\b", re.I),
    re.compile(r"\b(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})\b"),
]
_HAS_DIGIT = re.compile(r"\d")
#: Words that may stand beside a date on a date line (``Published ... Updated ... 10:25am ET``).
_DATE_WORDS = re.compile(
    r"\b(?:published|updated|posted|last|modified|on|at|am|pm|a\.m\.|p\.m\.|et|est|edt|gmt|utc|"
    r"cet|cest|ist|pst|pdt|bst|ast|pkt|hrs|hours|mins?|minutes?|ago|today|yesterday|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|"
    r"date|time|read|reading|\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?)\b",
    re.I,
)

# --- per-line features ---------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+(?:['’.-]\w+)*", re.U)
_CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_SENT_INNER = re.compile(r"[a-z\u00e0-\u024f\u0430-\u044f0-9%)\"'”’][.!?]\s+[\"'“‘«]?[A-Z\u00c0-\u024f\u0410-\u042f]")


def _ends_like_sentence(norm: str) -> bool:
    """Does the line end like a sentence: a full stop, ``!``, ``?`` or an ellipsis (any script)
    before any closing quotes and brackets, or a colon or semicolon before at most one closing
    quote; trailing spaces ignored. String methods, not an end-anchored pattern: the regex
    engine would try such a pattern at every position, and this runs on every line of the site."""
    text = norm.rstrip()
    if text.rstrip("\"'”’»)]")[-1:] in (".", "!", "?", "…", "。", "！", "？"):
        return True
    if text[-1:] in ('"', "'", "”", "’", "»"):
        text = text[:-1]
    return text[-1:] in (":", ";")


@dataclass(frozen=True)
class _Feat:
    words: int
    chars: int
    stop: float  #: share of tokens that are stopwords
    caps: float  #: share of alphabetic tokens that start with a capital
    punct: bool  #: ends like a sentence
    sentences: int  #: rough count of sentences
    #: the line in lower case: the patterns of single words and phrases below are searched in it
    #: case-sensitively, 3-4x faster than a case-insensitive search of the line
    low: str


def _features(norm: str) -> _Feat:
    tokens = _TOKEN.findall(norm)
    words = len(tokens)
    cjk = len(_CJK.findall(norm))
    if cjk > words:  # CJK text has no spaces: count characters as half-words
        words = max(words, cjk // 2)
    alpha = [t for t in tokens if t[0].isalpha()]
    stop = sum(1 for t in tokens if t.lower() in STOPWORDS) / len(tokens) if tokens else 0.0
    caps = sum(1 for t in alpha if t[0].isupper()) / len(alpha) if alpha else 0.0
    punct = _ends_like_sentence(norm)
    sentences = len(_SENT_INNER.findall(norm)) + (1 if punct else 0)
    return _Feat(words, len(norm), stop, caps, punct, sentences, norm.lower())


# --- corpus profile ------------------------------------------------------------------------------


@dataclass
class CorpusProfile:
    """Corpus-wide evidence for the clean stage.

    ``line_files`` counts the files each normalised line occurs in; ``line_stories`` counts the
    *distinct stories* among them. Stories are approximated without the group stage: files
    sharing a long sentence (or a front-matter ``story``) are joined, so a wire text republished
    by five sites is one story while a site's menu found on articles about different events
    recurs across several.
    """

    files: int = 0
    line_files: dict[str, int] = field(default_factory=dict)
    line_stories: dict[str, int] = field(default_factory=dict)

    def stories_of(self, norm: str) -> int:
        return self.line_stories.get(_key(norm), 0)

    def recurs(self, norm: str) -> bool:
        """Whether the line is found in files of :data:`RECURRING_STORIES` stories or more."""
        return self.stories_of(norm) >= RECURRING_STORIES


#: A short line found in this many stories is a site's template, not an article's text.
RECURRING_STORIES = 2


def profile_key(profile: CorpusProfile, article: Article) -> tuple[int, ...]:
    """All that :func:`clean` takes from the corpus evidence about ``article``: which of its lines
    recur across stories (their positions). A cleaned article stays valid while this is the same,
    however the counts behind it grow — so adding articles re-cleans only the few whose lines
    newly cross the threshold, not every article of an outlet whose template line was counted
    once more."""
    return tuple(i for i, line in enumerate(article.lines) if profile.recurs(line.norm))


def _key(norm: str) -> str:
    return norm.casefold()


def corpus_profile(articles: list[Article]) -> CorpusProfile:
    """Count, in one linear pass, how many files and stories each normalised line occurs in."""
    files = DisjointSets(len(articles))
    per_file: list[set[str]] = []
    line_files: Counter[str] = Counter()
    for art in articles:
        keys = {_key(line.norm) for line in art.lines}
        per_file.append(keys)
        line_files.update(keys)
    # Join files that share article text (a long sentence found in few files) or a story key.
    first_with: dict[str, int] = {}
    few = max(8, len(articles) // 50)  # a sentence in very many files is template, not a story
    for i, (art, keys) in enumerate(zip(articles, per_file, strict=True)):
        anchors = [f"story:{art.front['story']}"] if art.front.get("story") else []
        anchors += [k for k in keys if len(k) >= 80 and line_files[k] <= few and _ends_like_sentence(k)]
        for k in anchors:
            files.join(i, first_with.setdefault(k, i))
    stories: dict[str, set[int]] = {}
    for i, keys in enumerate(per_file):
        root = files.find(i)
        for k in keys:
            if line_files[k] > 1:
                stories.setdefault(k, set()).add(root)
    return CorpusProfile(
        files=len(articles),
        line_files={k: n for k, n in line_files.items() if n > 1},
        line_stories={k: len(v) for k, v in stories.items()},
    )


# --- the rule machinery --------------------------------------------------------------------------


@dataclass
class _Ctx:
    """What the rules see: the lines, their features, and the roles decided so far."""

    article: Article
    lines: list[Line]
    feats: list[_Feat]
    settings: CleanSettings
    profile: CorpusProfile | None
    roles: list[str | None]
    rules: list[str]
    fields: list[dict[str, Any]]
    _block: tuple[int, int] | None = None
    no_article: bool = False  #: no article-like text found: the block is the whole file

    def set(self, i: int, role: str, rule: str, **fields: Any) -> None:
        self.roles[i] = role
        self.rules[i] = rule
        if fields:
            self.fields[i].update(fields)

    def open(self) -> Iterable[int]:
        return (i for i, r in enumerate(self.roles) if r is None)

    @property
    def block(self) -> tuple[int, int]:
        """The main block ``[start, end)``, computed once from the roles decided so far."""
        if self._block is None:
            self._block = _main_block(self)
        return self._block


Rule = Callable[[_Ctx], None]

# --- attribution notes ---------------------------------------------------------------------------

_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|da|van|von|al|el|bin|der|la|le)){0,4}"
_BYLINE_WRITTEN = re.compile(
    r"^(?:this (?:article|story|report|piece) (?:was|has been) (?:written|reported|compiled|"
    r"prepared|edited) by|written by|reported by|words by|story by)\s+(?P<person>" + _NAME + r"(?:"
    r"\s*(?:,|and|&)\s*" + _NAME + r")*)(?:,?\s+(?:of|from|for)\s+(?:the\s+)?(?P<org>[A-Z][\w&.'’ -]"
    r"{1,60}?))?(?:\s+in\s+(?P<place>[A-Z][\w.'’ -]{1,40}?))?\s*[.]?$",
    re.I,
)
_BYLINE_BY = re.compile(
    r"^(?i:by|von|par|por|di|door|oleh|автор:?)\s+(?P<person>" + _NAME + r"(?:\s*(?:,|and|&|und|et|y|e)\s*"
    + _NAME + r")*)(?:\s*(?:,|\||-|–|—)\s*(?P<org>[A-Z][\w&.'’ -]{1,60}?))?\s*$",
)
_BYLINE_TRAILER = re.compile(
    r"^(?:\(?(?:additional )?(?:reporting|writing|editing|compiled|research) by\b.*)$", re.I
)
_BYLINE_AUTHOR = re.compile(r"^(?:author|autor|auteur|posted by|written by)\s*[:|]\s*(?P<person>.{2,60})$", re.I)
_AGENCY_CREDIT = re.compile(
    r"^(?:[a-z]{1,4}(?:/[a-z]{1,4})*\s*)?\(\s*(?P<list>(?:" + _AGENCY_ALT + r")(?:\s*(?:,|/|and|&|with)\s*"
    r"(?:" + _AGENCY_ALT + r"))*)\s*\)\s*\.?$"
    r"|^(?:[-—–]\s*|(?:with|source|sources|quelle|fuente|fonte)\s*:?\s*)?(?P<list2>(?:" + _AGENCY_ALT
    + r")(?:\s*(?:,|/|and|&|with)\s*(?:" + _AGENCY_ALT + r"))*)\s*\.?$",
    re.I,
)
_AGENCY_SPLIT = re.compile(r"\s*(?:,|/|\band\b|&|\bwith\b)\s*", re.I)
_PUBLICATION = re.compile(
    r"^(?:(?:first |originally )?(?:published|printed|appeared)|this (?:article|story) (?:was )?"
    r"(?:first |originally )?(?:published|appeared))\s+(?:in|on|by)\s+"
    r"(?P<outlet>[A-Z][\w&.'’ -]{0,60}?)(?:\s*(?:,|on|\|)\s*(?P<date>.{4,40}?))?\s*\.?$",
    re.I,
)
_COPYRIGHT = re.compile(
    r"^(?:(?:©|\(c\)|copyright)\s*(?:©|\(c\))?\s*(?P<year>(?:19|20)\d{2})?(?:\s*[-–]\s*(?:19|20)\d{2})?"
    r"[\s,]*(?P<holder>[^.|]{2,80}?)?\s*(?:[.|,]|$)"
    r"|(?P<holder2>[A-Z][\w&.'’ -]{1,60}?),?\s+(?P<year2>(?:19|20)\d{2})\.?\s+all rights reserved)",
    re.I,
)
_RIGHTS = re.compile(  # searched in _Feat.low
    r"all rights reserved|may not be (?:published|reproduced|redistributed)|alle rechte vorbehalten|"
    r"tous droits réservés|todos los derechos|todos os direitos",
)
#: A copyright mark inside a legal notice: ``... redistributed. ©2019 FOX News Network, LLC.``
_COPYRIGHT_INNER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?P<year>(?:19|20)\d{2})?\s*(?P<holder>[^.|©]{2,80}?)\s*(?:[.|]|all rights|$)",
    re.I,
)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]{2,}(?:[ -][A-Z][A-Z.'’-]+){0,3})(?:,\s*(?:[A-Z][a-zA-Z.]+\s?){1,3})?"
    r"(?:,?\s*" + _MONTH + r"\s+\d{1,2})?"
    r"(?:\s*\((?P<agency>(?i:" + _AGENCY_ALT + r")(?:\s*[,/]\s*(?i:" + _AGENCY_ALT + r"))*)\)\s*[-—–:]*\s*"
    r"|\s*[:—–]\s*|\s+-{1,2}\s+)(?=\S)",
)
_PHOTO_CREDIT = re.compile(
    r"(?:[.!?)\"”’]\s*|\s)[-—–]\s*(?P<credit>(?:" + _AGENCY_ALT + r")(?:\s*/\s*[\w .'-]+)?|"
    r"[A-Z][\w.'’ -]{1,40}?(?:photo|photos|images|pictures)|photo\b[^.]{0,40})\s*$"
    r"|\((?P<credit2>[^()]{0,60}(?:photo|images|pictures|bildquelle|foto)[^()]{0,60})\)\s*$"
    r"|(?P<credit3>\b[A-Z][A-Za-z]+/[A-Z][\w.'’ -]{1,40})\s*$"  # REUTERS/Name; agency checked
    r"|(?P<credit6>\b(?:via )?getty images|\bshutterstock)\s*\)?\s*$"
    r"|(?:^|\s)credit(?:\.\.\.|:|…)\s*(?P<credit5>.{2,80})$",
    re.I,
)
_PHOTO_LEAD = re.compile(r"^(?:file photo|photo|picture|image|foto|bild)\s*:\s*(?P<credit>.{0,80})", re.I)
#: Image furniture copied with a picture (``Enlarge this image toggle caption X/AP``,
#: ``Image copyright EPA Image caption ...``): a caption wherever its text ends.
_IMAGE_FURNITURE = re.compile(
    r"^(?:enlarge this image|toggle caption|hide caption|image copyright|image caption|image source|"
    r"photo credit|picture credit|(?:photo|image|picture)\s+\d+\s+(?:of|/)\s+\d+)\b", re.I
)
#: What never is a headline: furniture and page notes that open a line.
_NOT_HEADLINE = re.compile(
    r"^(?:story highlights|highlights\s*(?::|$)|key points\b|updated|last updated|posted|published|first published|"
    r"(?:photo|video|image|watch|listen|audio|advertisement)\s*[:|-])", re.I
)
_CAPTION_HINT = re.compile(r"[-—–(/]|photo|getty|credit|image|picture|shutterstock|foto|bild")  # in _Feat.low

# --- clutter vocabulary (kinds of republisher text, not any one site's strings) ------------------

_CLUTTER_LINE = re.compile(
    r"^(?:"
    # comment forms and counters
    r"leave a (?:reply|comment)|\d+\s+(?:comments?|responses?|replies|comentários?|kommentare?)|"
    r"comments?(?:\s*\(\d+\))?|no comments(?: yet)?|(?:post|add|write|show|view|load) (?:a |all |more )?"
    r"comments?|join the (?:conversation|discussion)|be the first to comment.*|"
    r"your email address will not be published.*|required fields are marked.*|cancel reply|reply|"
    r"(?:name|email|website|comment)\s*\*?|save my name.*|notify me of.*|"
    # sharing, following, newsletters, accounts
    r"share(?: this(?: article| story| post)?| on \w+| via \w+)?\s*:?|tweet|pin it|"
    r"facebook|twitter|linkedin|whatsapp|telegram|pinterest|reddit|tumblr|instagram|youtube|e-?mail|"
    r"print|copy link|follow us(?: on .{0,30})?|like us on .{0,30}|"
    r"(?:sign up|subscribe) (?:for|to) (?:our|the) .{0,40}newsletters?.{0,60}|newsletters?|"
    r"subscribe(?: now| today| here)?|sign (?:in|up|out)|log ?in|log ?out|register|my account|"
    r"(?:get|receive) (?:the latest|breaking news).{0,80}|"
    # navigation and page furniture
    r"skip to (?:main )?content.*|skip to .{0,20}navigation|back to top.*|go to top|menu|search|"
    r"home|close|previous(?: post| article)?|next(?: post| article)?|"
    r"advertisement|advertising|advert|sponsored(?: content)?|ad|ads|promoted|"
    r"continue reading(?: the main story| below)?|(?:read|see|show|load|view) (?:more|all|full story)|"
    r"(?:related|more)(?: articles| posts| stories| news| content| coverage| videos)?\s*:?|"
    r"(?:you )?(?:may|might) also like.*|recommended(?: for you| stories)?|"
    r"(?:most )?(?:popular|read|viewed|shared|commented|trending)(?: now| news| articles| stories)?|"
    r"(?:latest|top|more) (?:news|stories|articles|videos|headlines|from .{1,40})|"
    r"tags?\s*:.{0,120}|(?:filed|posted) (?:in|under)\s*:?.{0,120}|categor(?:y|ies)\s*:.{0,120}|"
    r"privacy(?: policy)?|terms(?: of (?:use|service|sale))?|cookie(?: policy| settings)?|"
    r"contact(?: us)?|about(?: us)?|site ?map|help|faq|careers|imprint|impressum|"
    r"(?:watch|listen)(?: now| live)?|video|photos?|gallery|audio|podcast|"
    r"all rights reserved\.?|this (?:site|website) uses cookies.*|we use cookies.*"
    r")\s*[.!:]?$",
    re.I,
)
#: Lines that *start* like a pointer to another page; only short ones count.
_CLUTTER_LEAD = re.compile(
    r"^(?:see also|read more|read also|also read|read next|more from|related|recommended|watch|"
    r"listen|also on|more|more:|don't miss|must read|trending|click here|tap here|subscribe|"
    r"sign up|get (?:our|the) .{0,30}newsletter|follow (?:us|@)|download (?:our|the) app|"
    r"advertisement|sponsored|promoted)\b\s*[:\-—–|»>]*",
    re.I,
)
_DISCLAIMER = re.compile(  # searched in _Feat.low
    r"^(?:disclaimer|note from the editor|editor'?s note|note)\s*:"
    r"|\b(?:views|opinions) expressed\b.{0,80}\b(?:do not|don't) (?:necessarily )?(?:reflect|represent)"
    r"|\bfor (?:general )?informational purposes only\b"
    r"|\b(?:our|we)\b.{0,60}\b(?:team|writers|editors)\b.{0,80}\b(?:accura|fact-check|reviewed)",
)
#: A word every form of _DISCLAIMER holds: lines without one skip its costly search (the
#: ``.{0,60}`` gaps are tried at every "our" and "we" of the line).
_DISCLAIMER_HINT = re.compile(r"disclaimer|note|expressed|informational|team|writers|editors")
_SEPARATOR = re.compile(r"^[\W_]+$")
#: Prompts addressed to the reader (newsletter, alerts, subscriptions): topic word + address,
#: both searched in _Feat.low.
_PROMPT_TOPIC = re.compile(
    r"\b(?:newsletters?|subscri\w*|sign(?:ing)? up|inbox|unsubscribe|notifications?|alerts?|"
    r"app|podcast|follow)\b"
)
_PROMPT_ADDRESS = re.compile(
    r"\b(?:you|your|our|us)\b|^(?:get|sign|subscribe|stay|join|enter|download|follow|don't miss|"
    r"never miss|click|tap)\b"
)
#: Brackets and bullets around a line's text (``[ 167 comments ]``, ``» More``).
_FRAME = re.compile(r"^[\s\[\](){}|•·»«<>*#-]+|[\s\[\](){}|•·»«<>*#-]+$")

# --- helpers -------------------------------------------------------------------------------------


def parse_date(text: str) -> str | None:
    """The first date written in ``text`` as ISO ``YYYY-MM-DD``, or None."""
    for pat in _DATE_PATTERNS:
        m = pat.search(text)
        if not m:
            continue
        g = {k[0]: v for k, v in m.groupdict().items() if v}
        month = g["m"]
        month_n = int(month) if month.isdigit() else _MONTHS.get(month.rstrip(".").lower())
        try:
            return dt.date(int(g["y"]), month_n or 0, int(g["d"])).isoformat()
        except (ValueError, TypeError):
            continue
    return None


def agencies_in(text: str) -> list[str]:
    """Canonical names of the agencies credited in a short credit text, in order."""
    out: list[str] = []
    for part in _AGENCY_SPLIT.split(text.strip(" .()-—–")):
        name = AGENCIES.get(part.strip(" .()").lower())
        if name and name not in out:
            out.append(name)
    return out


def _is_date_line(norm: str) -> bool:
    if not _HAS_DIGIT.search(norm):
        return False  # every date form below has digits: most lines are out at this cheap test
    if not any(p.search(norm) for p in _DATE_PATTERNS) and not re.search(r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b", norm):
        return False
    rest = norm
    for p in _DATE_PATTERNS:
        rest = p.sub(" ", rest)
    rest = re.sub(r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b", " ", rest)
    rest = _DATE_WORDS.sub(" ", rest)
    return len(re.findall(r"[^\W\d_]{2,}", rest)) <= 1


def _titleish(f: _Feat) -> bool:
    """Short and not ending like a sentence: a heading, a menu item or a headline."""
    return not f.punct and f.words <= 16 and f.chars <= 130


# --- rules ---------------------------------------------------------------------------------------


def _site_patterns(role: str, rule: str, patterns: tuple[str, ...]) -> Rule:
    compiled = [re.compile(p) for p in patterns]

    def apply(ctx: _Ctx) -> None:
        for i in ctx.open():
            text, norm = ctx.lines[i].text, ctx.lines[i].norm
            if any(p.search(text) or p.search(norm) for p in compiled):
                ctx.set(i, role, rule)

    return apply


def rule_site_attribution(ctx: _Ctx) -> None:
    """Lines matching ``[clean] attribution`` patterns of site.toml are attribution."""
    _site_patterns("attribution", "site_attribution", ctx.settings.attribution)(ctx)


def rule_site_boilerplate(ctx: _Ctx) -> None:
    """Lines matching ``[clean] boilerplate`` patterns of site.toml are boilerplate."""
    _site_patterns("boilerplate", "site_boilerplate", ctx.settings.boilerplate)(ctx)


def rule_separator(ctx: _Ctx) -> None:
    """Lines of punctuation only (``___``, ``* * *``) are page furniture."""
    for i in ctx.open():
        if _SEPARATOR.match(ctx.lines[i].norm):
            ctx.set(i, "boilerplate", "separator")


def rule_byline(ctx: _Ctx) -> None:
    """Bylines: ``By Jane Doe``, ``This article was written by X of Org in Place``, trailers."""
    for i in ctx.open():
        norm, f = ctx.lines[i].norm, ctx.feats[i]
        if f.words > 30:
            continue
        m = _BYLINE_WRITTEN.match(norm)
        if m:
            org = (m.group("org") or "").strip() or None
            ctx.set(i, "attribution", "byline", kind="byline", person=m.group("person").strip(),
                    organisation=org, place=(m.group("place") or "").strip() or None,
                    agencies=agencies_in(org) if org else [])
            continue
        m = _BYLINE_BY.match(norm)
        if m and f.words <= 12:
            person = m.group("person").strip()
            org = (m.group("org") or "").strip() or None
            agencies = agencies_in(person) or (agencies_in(org) if org else [])
            ctx.set(i, "attribution", "byline", kind="byline",
                    person=None if agencies_in(person) else person, organisation=org,
                    place=None, agencies=agencies)
            continue
        m = _BYLINE_AUTHOR.match(norm)
        if m and f.words <= 12:
            ctx.set(i, "attribution", "byline", kind="byline", person=m.group("person").strip(),
                    organisation=None, place=None, agencies=[])
            continue
        if _BYLINE_TRAILER.match(norm) and f.words <= 25:
            ctx.set(i, "attribution", "byline", kind="byline", person=None, organisation=None,
                    place=None, agencies=agencies_in(norm), credits=norm)


def rule_agency_credit(ctx: _Ctx) -> None:
    """Agency credits: ``ftm/zc (Reuters, AP)``, ``(AFP)``, ``— dpa``, ``With AFP``."""
    for i in ctx.open():
        norm = ctx.lines[i].norm
        if ctx.feats[i].words > 10:
            continue
        m = _AGENCY_CREDIT.match(norm)
        if m:
            names = agencies_in(m.group("list") or m.group("list2"))
            if names:
                ctx.set(i, "attribution", "agency_credit", kind="agency_credit", agencies=names)


def rule_publication_line(ctx: _Ctx) -> None:
    """``Published in Dawn, December 3rd, 2024``: the outlet and the ISO date."""
    for i in ctx.open():
        norm = ctx.lines[i].norm
        if ctx.feats[i].words > 20:
            continue
        m = _PUBLICATION.match(norm)
        if m:
            outlet = re.sub(r"^the\s+", "", m.group("outlet").strip(" ,."))  # "The" only if capitalised
            date = parse_date(m.group("date") or "")
            if not outlet or outlet.lower() in ("the", "a") or outlet[0].isdigit():
                continue
            ctx.set(i, "attribution", "publication_line", kind="publication", outlet=outlet,
                    published=date)


def rule_copyright(ctx: _Ctx) -> None:
    """Copyright notes: ``© 2019 The Times Company``, ``The Associated Press, 2024. All rights reserved``."""
    for i in ctx.open():
        norm = ctx.lines[i].norm
        if ctx.feats[i].words > 60:
            continue
        m = _COPYRIGHT.match(norm)
        if not m:
            inner = _COPYRIGHT_INNER.search(norm) if ctx.feats[i].words <= 40 and _RIGHTS.search(ctx.feats[i].low) else None
            if inner:
                holder = inner.group("holder").strip(" ,.") or None
                year = inner.group("year")
                ctx.set(i, "attribution", "copyright", kind="copyright", holder=holder,
                        year=int(year) if year else None, agencies=agencies_in(holder) if holder else [])
            continue
        if m.group("holder2"):
            holder, year = m.group("holder2"), m.group("year2")
        else:
            if not (norm[:1] in "©(" or norm.lower().startswith("copyright")):
                continue
            holder, year = m.group("holder"), m.group("year")
        holder = re.sub(r"\s*all rights reserved.*$", "", (holder or "").strip(" ,."), flags=re.I) or None
        if holder and re.fullmatch(r"[\W\d]*", holder):
            holder = None
        ctx.set(i, "attribution", "copyright", kind="copyright", holder=holder,
                year=int(year) if year else None, agencies=agencies_in(holder) if holder else [])


def rule_caption(ctx: _Ctx) -> None:
    """Photo captions: text ending in a photo credit (``...on Monday.—AFP``, ``(AP Photo/X)``)."""
    for i in ctx.open():
        norm, f = ctx.lines[i].norm, ctx.feats[i]
        if f.words > 70 or f.sentences > 3:
            continue
        if not _CAPTION_HINT.search(f.low):
            continue
        if _IMAGE_FURNITURE.match(norm):
            ctx.set(i, "caption", "caption", kind="photo_credit", credit="", agencies=[])
            continue
        # The credit closes the caption: search the tail only (long lines make regexes slow).
        m = _PHOTO_LEAD.match(norm) or _PHOTO_CREDIT.search(norm[-160:])
        if not m:
            continue
        credit = next((g for g in m.groups() if g), "").strip(" ()-—–")
        agencies = agencies_in(credit.split("/")[0])
        if m.groupdict().get("credit3") and not agencies:
            continue  # "x/Y" at the end of a line is a photo credit only for an agency
        ctx.set(i, "caption", "caption", kind="photo_credit", credit=credit, agencies=agencies)


def rule_clutter_phrase(ctx: _Ctx) -> None:
    """Comment forms, share/newsletter prompts, ads, menus, ``See also``/``Read more`` pointers.

    Reader prompts and site disclaimers are recorded as ``prompt`` and ``disclaimer`` and can be
    switched off by those names on their own.
    """
    off = set(ctx.settings.disable)
    for i in ctx.open():
        norm, f = ctx.lines[i].norm, ctx.feats[i]
        bare = _FRAME.sub("", norm)
        if f.words <= 30 and _CLUTTER_LINE.match(bare):
            ctx.set(i, "boilerplate", "clutter_phrase")
        elif (f.words <= 30 and "prompt" not in off and _PROMPT_TOPIC.search(f.low)
              and _PROMPT_ADDRESS.search(f.low)):
            ctx.set(i, "boilerplate", "prompt")
        elif f.words <= 25 and f.sentences <= 1 and _CLUTTER_LEAD.match(norm):
            ctx.set(i, "boilerplate", "clutter_phrase")
        elif f.words <= 120 and "disclaimer" not in off and _DISCLAIMER_HINT.search(f.low) and _DISCLAIMER.search(f.low):
            ctx.set(i, "boilerplate", "disclaimer")


def rule_duplicate(ctx: _Ctx) -> None:
    """A line repeating an earlier line of the same file (repeated titles and captions)."""
    seen: set[str] = set()
    for i, line in enumerate(ctx.lines):
        k = _key(line.norm)
        if k in seen and ctx.roles[i] is None:
            ctx.set(i, "duplicate", "duplicate")
        seen.add(k)


def rule_recurring_line(ctx: _Ctx) -> None:
    """A short line found in files of different stories is the site's template, not the article."""
    if ctx.profile is None:
        return
    for i in ctx.open():
        f = ctx.feats[i]
        if f.sentences >= 2 or (f.punct and f.words >= 8):
            continue  # a full sentence: maybe a stock phrase of the article itself; judged later
        if ctx.profile.recurs(ctx.lines[i].norm):
            ctx.set(i, "boilerplate", "recurring_line")


def rule_date_line(ctx: _Ctx) -> None:
    """Date-only lines (``December 3, 2024``, ``Published ... Updated ...``) in the article are meta."""
    start, end = ctx.block
    for i in ctx.open():
        if i < end and ctx.feats[i].words <= 20 and _is_date_line(ctx.lines[i].norm):
            ctx.set(i, "meta", "date_line", kind="date", date=parse_date(ctx.lines[i].norm))


def rule_title(ctx: _Ctx) -> None:
    """The article's title: the front matter's, a first Markdown heading, or the headline-like
    line standing nearest above the main block."""
    start, _ = ctx.block
    want = _key(str(ctx.article.front.get("title", ""))) or None
    if want:
        for i in ctx.open():
            if _key(ctx.lines[i].norm) == want:
                ctx.set(i, "title", "title")
                return
    if ctx.lines and ctx.lines[0].hint == "heading" and ctx.roles[0] is None:
        ctx.set(0, "title", "title")
        return
    first = None if "headline_first" in ctx.settings.disable else _headline_first(ctx)
    if first is not None:
        ctx.set(first, "title", "headline_first")
        return
    best, best_words = None, 0
    for i in range(start - 1, max(-1, start - 13), -1):
        f = ctx.feats[i]
        if ctx.roles[i] is not None or not (3 <= f.words <= 30) or ctx.lines[i].norm.endswith("."):
            continue
        if _NOT_HEADLINE.match(ctx.lines[i].norm):
            continue
        if f.sentences > 1:
            continue
        if f.words > best_words:
            best, best_words = i, f.words
    if best is None and start < len(ctx.lines):
        # The page starts with the article: a headline-like first line of the block is its title.
        f = ctx.feats[start]
        if (ctx.roles[start] is None and not f.punct and 2 <= f.words <= 25 and f.sentences == 0
                and not _NOT_HEADLINE.match(ctx.lines[start].norm)):
            best = start
    if best is not None:
        ctx.set(best, "title", "title")


#: Lines that are an address, not text: a pasted URL above the headline.
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_MIN_HEADLINE_WORDS = 6  #: a recurring first line this long is a headline shared by copies


def _headline_first(ctx: _Ctx) -> int | None:
    """The file's first line when it stands like a headline: pages are copied headline first.

    Skips a pasted URL or a date line above it. The line must be short (at most 30 words), one
    sentence at most and not end in a full stop (a lede paragraph does: ``...said on Monday.``);
    a headline cut short (``...``) or asking a question is fine. A first line an earlier rule
    gave a role (a caption, a credit, a menu item) is no headline. A first line that recurs in
    other stories is the site's template (``World news - RT International``) unless it is long
    and in few files: the same headline on two copies of one wire story.
    """
    for i in range(min(3, len(ctx.lines))):
        norm, f = ctx.lines[i].norm, ctx.feats[i]
        if _URL_LINE.match(norm) or (ctx.roles[i] == "meta" and ctx.rules[i] == "date_line"):
            continue
        if ctx.roles[i] is not None and not (ctx.rules[i] == "recurring_line" and _shared_headline(ctx, i)):
            return None
        cut = norm.endswith(("...", "…"))
        if not 2 <= f.words <= 30 or f.chars > 250 or "://" in norm or _is_date_line(norm):
            return None
        if _NOT_HEADLINE.match(norm):
            return None
        if (norm.endswith(".") and not cut) or f.sentences - (1 if f.punct else 0) > 1:
            return None
        return i
    return None


def _shared_headline(ctx: _Ctx, i: int) -> bool:
    """A recurring line that is a headline shared by a few copies, not a template line."""
    if ctx.profile is None or ctx.feats[i].words < _MIN_HEADLINE_WORDS:
        return False
    few = max(3, ctx.profile.files // 50)
    return ctx.profile.line_files.get(_key(ctx.lines[i].norm), 0) <= few


def rule_standfirst(ctx: _Ctx) -> None:
    """A summary sentence between the title and the main block (the standfirst) is meta."""
    start, _ = ctx.block
    titles = [i for i, r in enumerate(ctx.roles) if r == "title" and i < start]
    if not titles:
        return
    for i in range(titles[-1] + 1, start):
        f = ctx.feats[i]
        if ctx.roles[i] is None and f.punct and f.words >= 8:
            ctx.set(i, "meta", "standfirst", kind="standfirst")


def rule_after_end(ctx: _Ctx) -> None:
    """Everything after the main block (past the sign-off): sidebars, teasers, comments."""
    _, end = ctx.block
    for i in ctx.open():
        if i >= end:
            ctx.set(i, "boilerplate", "after_end")


def rule_before_start(ctx: _Ctx) -> None:
    """Everything above the main block that is not title, date or byline: menus, page header."""
    start, _ = ctx.block
    for i in ctx.open():
        if i < start:
            ctx.set(i, "boilerplate", "before_start")


def rule_markdown_heading(ctx: _Ctx) -> None:
    """Markdown headings inside the article are headings."""
    for i in ctx.open():
        if ctx.lines[i].hint == "heading":
            ctx.set(i, "heading", "markdown_heading")


_REACH = 12  #: how far the neighbour rules look for the text around a short line


def _next_open(ctx: _Ctx, i: int) -> int | None:
    """The next line after ``i`` that is still undecided or body, skipping captions and clutter.

    The look-ahead is bounded (a heading stands close to its text), so the rules stay linear.
    """
    for j in range(i + 1, min(len(ctx.lines), i + 1 + _REACH)):
        if ctx.roles[j] in (None, "body", "heading"):
            return j
        if ctx.roles[j] in ("title", "attribution", "meta"):
            return None
    return None


def _bodylike(ctx: _Ctx, j: int | None) -> bool:
    if j is None:
        return False
    f = ctx.feats[j]
    return ctx.roles[j] == "body" or (ctx.roles[j] is None and f.punct and (f.words >= 8 or f.sentences >= 2))


def rule_link_list(ctx: _Ctx) -> None:
    """Inside the block, a run of three or more title-like lines is a list of other headlines."""
    start, end = ctx.block
    if ctx.no_article:
        return
    i = start
    while i < end:
        if (ctx.roles[i] is None and _titleish(ctx.feats[i]) and ctx.lines[i].hint != "heading"
                and not _is_table_row(ctx, i)):
            j = i
            run = []
            while j < end and (ctx.roles[j] is not None and ctx.roles[j] != "body" or
                               (_titleish(ctx.feats[j]) and ctx.roles[j] is None
                                and not _is_table_row(ctx, j))):
                if ctx.roles[j] is None:
                    run.append(j)
                j += 1
            if len(run) >= 3:
                for k in run:
                    ctx.set(k, "boilerplate", "link_list")
            i = max(j, i + 1)
        else:
            i += 1


def rule_heading(ctx: _Ctx) -> None:
    """Inside the block, a title-like line followed by a paragraph is a subheading."""
    start, end = ctx.block
    for i in range(start, end):
        if (ctx.roles[i] is None and _titleish(ctx.feats[i]) and not _is_table_row(ctx, i)
                and _bodylike(ctx, _next_open(ctx, i))):
            ctx.set(i, "heading", "heading")


def rule_fragment(ctx: _Ctx) -> None:
    """Inside the block, a stray short unpunctuated line not framed by text (a label, a widget)."""
    start, end = ctx.block
    if ctx.no_article:
        return
    for i in range(start, end):
        if ctx.roles[i] is None and _titleish(ctx.feats[i]) and not _is_table_row(ctx, i):
            prev = next((j for j in range(i - 1, max(start, i - _REACH) - 1, -1)
                         if ctx.roles[j] in (None, "body")), None)
            if not (_bodylike(ctx, prev) and _bodylike(ctx, _next_open(ctx, i))):
                ctx.set(i, "boilerplate", "fragment")


def rule_dateline(ctx: _Ctx) -> None:
    """A paragraph opening with ``BEIRUT (AP)`` or ``AMMAN:`` is body; the place and agency are kept."""
    start, end = ctx.block
    seen_body = 0
    for i in range(start, end):
        if ctx.roles[i] not in (None, "body"):
            continue
        seen_body += 1
        if seen_body > 3:
            break
        m = _DATELINE.match(ctx.lines[i].norm)
        # "NATO: ..." could open any paragraph; only the lede, or a credited agency, makes it a dateline
        if m and ctx.feats[i].words >= 6 and (seen_body == 1 or m.group("agency")):
            agencies = agencies_in(m.group("agency") or "")
            ctx.set(i, "body", "dateline", kind="dateline", place=m.group("place").strip(" ,."),
                    agencies=agencies)


def rule_main_text(ctx: _Ctx) -> None:
    """Everything else inside the main block is the article's text."""
    start, end = ctx.block
    for i in range(start, end):
        if ctx.roles[i] is None:
            ctx.set(i, "body", "main_text")


def rule_default_body(ctx: _Ctx) -> None:
    """Nothing is dropped without a reason: what no rule decided stays body."""
    for i in ctx.open():
        ctx.set(i, "body", "default_body")


#: The chain, in order. Pattern rules come first; the main block is computed (once) from what
#: they decided when the first positional rule asks for it.
RULES: tuple[tuple[str, Rule], ...] = (
    ("site_attribution", rule_site_attribution),
    ("site_boilerplate", rule_site_boilerplate),
    ("separator", rule_separator),
    ("clutter_phrase", rule_clutter_phrase),
    ("duplicate", rule_duplicate),
    ("byline", rule_byline),
    ("agency_credit", rule_agency_credit),
    ("publication_line", rule_publication_line),
    ("copyright", rule_copyright),
    ("caption", rule_caption),
    ("recurring_line", rule_recurring_line),
    ("date_line", rule_date_line),
    ("title", rule_title),
    ("standfirst", rule_standfirst),
    ("after_end", rule_after_end),
    ("before_start", rule_before_start),
    ("markdown_heading", rule_markdown_heading),
    ("link_list", rule_link_list),
    ("heading", rule_heading),
    ("fragment", rule_fragment),
    ("dateline", rule_dateline),
    ("main_text", rule_main_text),
    ("default_body", rule_default_body),
)
#: Names a rule may record besides its own (sub-reasons shown by ``inspect``).
_EXTRA_RULE_NAMES = ("disclaimer", "prompt", "headline_first")
RULE_NAMES: tuple[str, ...] = tuple(name for name, _ in RULES) + _EXTRA_RULE_NAMES

# --- the main block ------------------------------------------------------------------------------

#: Score of a line for the main-block search, by role decided so far.
_PENALTY = 30.0


def _line_score(ctx: _Ctx, i: int, stop_min: float) -> float:
    """How much line ``i`` looks like article text (> 0) or like page furniture (< 0)."""
    role, rule, f = ctx.roles[i], ctx.rules[i], ctx.feats[i]
    if role == "boilerplate":
        if rule == "clutter_phrase" and _CLUTTER_END.match(_FRAME.sub("", ctx.lines[i].norm)):
            return _HARD_STOP  # a comment form or "related" header: the article has ended
        return -2 * _PENALTY
    if role == "attribution":
        kind = ctx.fields[i].get("kind")
        if kind in ("publication", "copyright") or (
            kind == "byline" and _BYLINE_WRITTEN.match(ctx.lines[i].norm)
        ):
            return _HARD_STOP  # the sign-off: nothing after it is the article
        return -_PENALTY / 2
    if role in ("caption", "duplicate", "meta", "title", "heading"):
        return -_PENALTY / 3
    if role is not None:
        return -_PENALTY
    norm = ctx.lines[i].norm
    if _TRUNCATED.search(norm):
        return -_PENALTY / 3  # a teaser cut off with "...": it points to another page
    if _is_table_row(ctx, i):
        return _PENALTY / 3  # a row of a results table or a schedule: data of the article
    if f.stop >= stop_min:
        if f.punct and f.chars >= 80:
            return min(f.chars, 800.0)
        if f.punct and (f.chars >= 40 or f.sentences >= 2):
            return f.chars * 0.5
        if f.sentences >= 1 and f.chars >= 120:
            return f.chars * 0.5
        if f.words >= 10 and f.caps < 0.5:
            return f.chars * 0.3  # a sentence without its full stop; headlines are Title Case
    if f.stop >= stop_min * 0.6 and f.punct and f.chars >= 60 and f.caps < 0.5:
        return f.chars * 0.3  # a short sentence heavy with names and figures
    if f.punct and f.words >= 3:
        return -_PENALTY / 3
    return -_PENALTY


_TRUNCATED = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*[\"'”’»)]?\s*$")
_TABLE_ROW = re.compile(r"\S(?: {2,}|\t)\S.*\S(?: {2,}|\t)\S")
_HARD_STOP = -2000.0


def _is_table_row(ctx: _Ctx, i: int) -> bool:
    """Columns separated by runs of spaces or tabs, with figures: a row of a table."""
    return bool(_TABLE_ROW.search(ctx.lines[i].text)) and sum(c.isdigit() for c in ctx.lines[i].norm) >= 3


_CLUTTER_END = re.compile(
    r"^(?:leave a (?:reply|comment)|\d+\s+(?:comments?|responses?)|"
    r"(?:top rated |latest |all |reader |view |show |load |read )?comments?(?:\s*\(\d+\))?|"
    r"tags?\s*:.{0,120}|(?:more|latest) (?:in|from|on) .{1,40}|"
    r"no comments(?: yet)?|post a comment|add a comment|join the (?:conversation|discussion)|"
    r"your email address will not be published.*|"
    r"(?:related|more)(?: articles| posts| stories| news)?|(?:you )?(?:may|might) also like.*|"
    r"recommended(?: for you| stories)?|(?:most )?(?:popular|read|viewed)(?: now| articles| stories)?|"
    r"latest from .{1,40}|more from .{1,40}|read next)\s*[.!:]?$",
    re.I,
)


def _main_block(ctx: _Ctx) -> tuple[int, int]:
    """The maximum-sum run of line scores (Kadane's algorithm, linear)."""
    n = len(ctx.lines)
    if n == 0:
        return 0, 0
    # The stopword share that marks prose, relative to this page's language (jusText uses one
    # stoplist per language; a page in a language our small list barely covers still works).
    dens = sorted(f.stop for f in ctx.feats if f.chars >= 80)
    ref = dens[(3 * len(dens)) // 4] if dens else 0.0
    stop_min = min(0.18, ref * 0.5) if ref >= 0.1 else 0.0
    scores = [_line_score(ctx, i, stop_min) for i in range(n)]
    # Hard stops (a comment form, a "related" header, the sign-off) cut the page into sections.
    # The article is the best run of the *first* section holding a substantial one: comments
    # and sidebars after the sign-off may hold more text, but they come after it.
    spans: list[tuple[float, int, int]] = []
    best, best_span = 0.0, (0, 0)
    run, run_start = 0.0, 0
    for i, s in enumerate([*scores, _HARD_STOP]):
        if s <= _HARD_STOP:
            spans.append((best, *best_span))
            best, best_span, run, run_start = 0.0, (0, 0), 0.0, i + 1
            continue
        if run <= 0:
            run, run_start = s, i
        else:
            run += s
        if run > best:
            best, best_span = run, (run_start, i + 1)
    top = max(score for score, _, _ in spans)
    if top <= 0:
        # No article-like text at all (a short note): keep everything rather than guess.
        ctx.no_article = True
        return 0, n

    def substantial(sp: tuple[float, int, int]) -> bool:
        # more than one paragraph and a fair share of the page's best: not a stray legal line
        paragraphs = sum(1 for k in range(sp[1], sp[2]) if scores[k] > 0)
        return sp[0] >= top or (sp[0] >= 0.3 * top and paragraphs >= 2)

    _, *span = next(sp for sp in spans if substantial(sp))
    best_span = (span[0], span[1])
    start, end = best_span
    # The block ends on its last positive line; trailing negatives belong outside.
    while end > start and scores[end - 1] <= 0 and ctx.roles[end - 1] not in ("caption", "duplicate"):
        end -= 1
    return start, end


# --- public API ----------------------------------------------------------------------------------


def clean(
    article: Article, settings: CleanSettings = CleanSettings(), profile: CorpusProfile | None = None
) -> CleanArticle:
    """Give every line of ``article`` a role and the name of the rule that decided it."""
    lines = article.lines
    ctx = _Ctx(
        article=article,
        lines=lines,
        feats=[_features(line.norm) for line in lines],
        settings=settings,
        profile=profile,
        roles=[None] * len(lines),
        rules=[""] * len(lines),
        fields=[{} for _ in lines],
    )
    disabled = set(settings.disable)
    for name, rule in RULES:
        if name in disabled and name != "default_body":
            continue
        rule(ctx)
    rule_default_body(ctx)  # never switched off: every line must end with a role
    blocks = [
        Block(line=line.number, text=line.text, norm=line.norm, role=role or "body", rule=rule,
              fields=fields)
        for line, role, rule, fields in zip(lines, ctx.roles, ctx.rules, ctx.fields, strict=True)
    ]
    return CleanArticle(article=article, blocks=blocks)


def inspect_records(cleaned: CleanArticle) -> list[dict]:
    """One record per physical non-blank line: its number, role, rule and text.

    A physical line split into several blocks (a glued date and a body sentence) reports one
    record: role ``body`` (with that part's rule) if any part is body, else the first part's.
    """
    records: list[dict] = []
    by_line: dict[int, list[Block]] = {}
    order: list[int] = []
    for b in cleaned.blocks:
        if b.line not in by_line:
            order.append(b.line)
            by_line[b.line] = []
        by_line[b.line].append(b)
    for number in order:
        parts = by_line[number]
        chosen = next((b for b in parts if b.role == "body"), parts[0])
        records.append({
            "line": number,
            "role": chosen.role,
            "rule": chosen.rule,
            "text": " ".join(b.text for b in parts),
        })
    return records
