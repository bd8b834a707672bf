"""Who published a text, from the text itself: the evidence an article carries about its own outlet.

A source's outlet comes from front matter, then ``site.toml``, then this module, else it stays
unknown. Here only *self-credit* counts — what an outlet writes about itself, in forms every news
site uses:

* the article's own address: ``url`` in front matter, a pasted URL standing on a line of its own
  at the top or the bottom of the file, ``Read or share this story: <url>``;
* an address the text gives as its own: ``Visit our website ... at www.x.org``, ``Email us at
  tips@x.co.uk``, an author's ``Email: jo@x.com``;
* a dateline credit ``WASHINGTON (CNN) —``, a publication line ``Published in Dawn``, a copyright
  holder, a byline's organisation;
* the outlet speaking of itself: ``NPR's Jo Doe contributed to this report``, ``a USA TODAY request
  for comment``, ``X.com has reached out to ... for comment``, ``View all X newsletters``, ``a
  newsletter from X``, ``Do you have a story for X?``, and (in the page's furniture only) ``X is an
  independent media outlet``.

An outlet merely *mentioned* (``told The New York Times``, ``according to Reuters``,
``originally appeared on X``, an embedded post ``— RT (@RT_com)``) is never the publisher, and a
wire agency's credit marks copy any site may carry, so it never names the outlet. Evidence that
disagrees (two domains, two names that are not one outlet) gives no outlet: a wrong outlet is
worse than an unknown one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clean import AGENCIES
from .models import Block, CleanArticle

# --- domains ---------------------------------------------------------------------------------------

#: Well-known news sites, a general table (registrable domain → the outlet's usual name). Domains
#: not listed are shown as the domain itself (``goerie.com``): still the outlet, just unnamed.
KNOWN_DOMAINS: dict[str, str] = {
    "nytimes.com": "The New York Times", "washingtonpost.com": "The Washington Post",
    "wsj.com": "The Wall Street Journal", "usatoday.com": "USA Today", "latimes.com": "Los Angeles Times",
    "chicagotribune.com": "Chicago Tribune", "bostonglobe.com": "The Boston Globe", "npr.org": "NPR",
    "cnn.com": "CNN", "foxnews.com": "Fox News", "nbcnews.com": "NBC News", "cbsnews.com": "CBS News",
    "abcnews.go.com": "ABC News", "msnbc.com": "MSNBC", "politico.com": "Politico", "axios.com": "Axios",
    "thehill.com": "The Hill", "time.com": "Time", "newsweek.com": "Newsweek", "theatlantic.com": "The Atlantic",
    "huffpost.com": "HuffPost", "huffingtonpost.com": "HuffPost", "buzzfeednews.com": "BuzzFeed News",
    "vox.com": "Vox", "slate.com": "Slate", "bloomberg.com": "Bloomberg", "cnbc.com": "CNBC",
    "forbes.com": "Forbes", "businessinsider.com": "Business Insider", "theverge.com": "The Verge",
    "wired.com": "Wired", "engadget.com": "Engadget", "techcrunch.com": "TechCrunch", "cnet.com": "CNET",
    "bbc.co.uk": "BBC", "bbc.com": "BBC", "theguardian.com": "The Guardian", "guardian.co.uk": "The Guardian",
    "independent.co.uk": "The Independent", "telegraph.co.uk": "The Telegraph", "thetimes.co.uk": "The Times",
    "ft.com": "Financial Times", "economist.com": "The Economist", "dailymail.co.uk": "Daily Mail",
    "thesun.co.uk": "The Sun", "mirror.co.uk": "Daily Mirror", "express.co.uk": "Daily Express",
    "standard.co.uk": "Evening Standard", "metro.co.uk": "Metro", "sky.com": "Sky News",
    "reuters.com": "Reuters", "apnews.com": "AP", "afp.com": "AFP", "aljazeera.com": "Al Jazeera",
    "rt.com": "RT", "dw.com": "DW", "france24.com": "France 24", "euronews.com": "Euronews",
    "spiegel.de": "Der Spiegel", "lemonde.fr": "Le Monde", "elpais.com": "El País",
    "scmp.com": "South China Morning Post", "chinadaily.com.cn": "China Daily", "xinhuanet.com": "Xinhua",
    "japantimes.co.jp": "The Japan Times", "hindustantimes.com": "Hindustan Times",
    "timesofindia.indiatimes.com": "The Times of India", "thehindu.com": "The Hindu", "dawn.com": "Dawn",
    "abc.net.au": "ABC News (Australia)", "smh.com.au": "The Sydney Morning Herald", "cbc.ca": "CBC News",
    "theglobeandmail.com": "The Globe and Mail", "haaretz.com": "Haaretz", "timesofisrael.com": "The Times of Israel",
}
#: Addresses that are never an article's own: social networks, link shorteners, webmail, search.
_NOT_OUTLET_DOMAINS = frozenset({
    "twitter.com", "x.com", "t.co", "facebook.com", "fb.com", "fb.me", "instagram.com", "youtube.com",
    "youtu.be", "linkedin.com", "tiktok.com", "pinterest.com", "reddit.com", "snapchat.com", "whatsapp.com",
    "telegram.org", "t.me", "bit.ly", "goo.gl", "ow.ly", "tinyurl.com", "buff.ly", "trib.al", "dlvr.it",
    "gmail.com", "googlemail.com", "yahoo.com", "hotmail.com", "outlook.com", "aol.com", "icloud.com",
    "protonmail.com", "mail.com", "gmx.com", "gmx.de", "web.de", "google.com", "wikipedia.org",
    "archive.org", "apple.com", "amazon.com",
})
_SHORT_TLDS = ("ly", "gl", "ws", "gd", "im")  #: link shorteners' usual endings (usat.ly, detne.ws)
_SECOND_LEVEL = ("co", "com", "org", "net", "ac", "gov", "ne", "or")  #: x.co.uk, x.com.au, x.ne.jp

_HOST = r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,12}"
_URL = re.compile(r"\b(?:https?://(?P<h1>" + _HOST + r")|(?P<h2>www\." + _HOST + r"))(?:[/?#][^\s]*)?", re.I)
_EMAIL = re.compile(r"\b[\w.+-]+@(?P<host>" + _HOST + r")\b", re.I)


def registrable(host: str) -> str:
    """``edition.cnn.com`` → ``cnn.com``; ``www.bbc.co.uk`` → ``bbc.co.uk``."""
    parts = host.lower().strip(".").split(".")
    if len(parts) >= 3 and parts[-2] in _SECOND_LEVEL and len(parts[-1]) == 2:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


def usable_domain(host: str) -> str | None:
    """The registrable domain of ``host`` if it can be an outlet's (not a shortener or webmail)."""
    dom = registrable(host)
    if "." not in dom or dom in _NOT_OUTLET_DOMAINS or dom.rsplit(".", 1)[-1] in _SHORT_TLDS:
        return None
    return dom


def domain_name(host: str) -> str:
    """The outlet's usual name for a host: from :data:`KNOWN_DOMAINS`, else the domain itself."""
    h = host.lower()
    h = re.sub(r"^(?:www|m|amp|mobile)\.", "", h)
    return KNOWN_DOMAINS.get(h) or KNOWN_DOMAINS.get(registrable(h)) or registrable(h)


def _compact(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", re.sub(r"^the\s+", "", name.lower().strip()))


def agrees(name: str, domain: str) -> bool:
    """Whether a name and a domain are one outlet: ``NPR``/``npr.org``, ``The Sun``/``the-sun.co.uk``,
    ``The New York Times``/``nytimes.com`` (by initials)."""
    n = _compact(name)
    core = re.sub(r"[^a-z0-9]", "", registrable(domain).split(".")[0])
    if not n or not core:
        return False
    if n == core or (len(n) >= 3 and n in core) or (len(core) >= 3 and core in n):
        return True
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", re.sub(r"^the\s+", "", name, flags=re.I)))
    return len(initials) >= 3 and core.startswith(initials.lower())


def same_outlet(a: str, b: str) -> bool:
    """Whether two names are one outlet (``Coastal Times`` and ``Coastal Times Media``)."""
    x, y = _compact(a), _compact(b)
    return bool(x and y) and (x == y or (len(x) >= 3 and x in y) or (len(y) >= 3 and y in x))


# --- names in text -------------------------------------------------------------------------------

#: An outlet's name as written: Title Case or capitals, optionally ``The``, or a domain (Express.co.uk).
_WORD = r"[A-Z][\w&'’.-]*"
_NAME = r"(?P<name>(?:The\s+)?" + _WORD + r"(?:\s+" + _WORD + r"){0,4})"
_PERSON = r"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}"
_FOR_COMMENT = r"for (?:a )?(?:comment|response|statement|reaction)"

#: (rule name, pattern, where it may stand: "any" line or only "furniture" the cleaner removed)
_SELF_CREDITS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("staff_credit", re.compile(_NAME + r"['’]s?\s+" + _PERSON + r",?\s+(?:contributed (?:to )?(?:this|the) "
                                r"(?:report|story|article)|reports? from|reported from)\b"), "any"),
    ("staff_credit", re.compile(_NAME + r" (?:staff |correspondents? |reporters? |writers? )" + _PERSON
                                + r" contributed (?:to )?(?:this|the) (?:report|story|article)"), "any"),
    ("request_for_comment", re.compile(r"\b(?:a|an) " + _NAME + r" request " + _FOR_COMMENT), "any"),
    ("request_for_comment", re.compile(r"(?:^|[.!?]\s+)" + _NAME + r" (?:has |had |have )?(?:reached out to|contacted|"
                                       r"approached)\b[^.!?]{0,80}?\b" + _FOR_COMMENT), "any"),
    ("self_reference", re.compile(r"(?:^|[.!?]\s+|[-—–]\s+)(?P<name>[A-Z][\w-]*\.(?:com|co\.uk|net|org|com\.au)) "
                                       r"(?:has |have |had )?(?:asked|contacted|approached|reached out|understands|"
                                       r"can reveal|has learned|learned)\b"), "any"),
    ("photo_credit", re.compile(r"\(" + _PERSON + r"\s*/\s*(?P<name>The\s+" + _WORD + r"(?:\s+" + _WORD
                                + r"){0,3})\)\s*$"), "any"),
    ("newsletter", re.compile(r"\b(?i:view all) " + _NAME + r" newsletters\b"), "any"),
    ("newsletter", re.compile(r"\b(?:newsletters?|podcast|app) from " + _NAME), "any"),
    ("contact_line", re.compile(r"\b(?:a )?(?:story|tip|news tip) (?:for|to share with) " + _NAME
                                + r"(?:\s+(?:news )?(?:team|desk|newsroom))?\s*\?"), "any"),
    ("self_description", re.compile(r"(?:^|,\s*)" + _NAME + r" is an? (?:\w+ ){0,2}(?:media outlet|news "
                                    r"(?:site|website|outlet|organi[sz]ation|publication|service))\b"), "furniture"),
)
#: The ``(CNN)`` of ``WASHINGTON (CNN) —``: a name in brackets opening the text, before its first word.
_DATELINE_CREDIT = re.compile(
    r"^(?:[A-Z][A-Z.'’-]+(?:[ ,]+[A-Za-z][\w.'’-]*){0,5}\s*)?\((?P<name>[A-Z][\w&.'’-]*(?:\s[A-Z][\w&.'’-]*){0,2})\)"
    r"\s*(?:[-—–]+|:)?\s*(?=[A-Z“\"‘'])"
)
#: Words that stand in brackets or open a sentence but are no outlet.
_NOT_NAMES = frozenset("""
photo photos video videos audio file update updated watch listen opinion analysis live breaking
exclusive editorial correction reporters reporter officials police he she they we it this that i
you his her their our authorities the
""".split())
_LEGAL = re.compile(r"[\s,]+(?:ltd|limited|llc|l\.l\.c|inc|plc|gmbh|ag|s\.a|co|corp|corporation|company|"
                    r"group|media group|holdings)\.?$", re.I)
#: Owners' names are companies, not outlets (``Associated Newspapers``, ``Cable News Network``).
_CORPORATE = re.compile(r"\b(?:newspapers?|network|holdings|enterprises|publishing|publications|"
                        r"communications|broadcasting|partners|trust|interactive)\b", re.I)
#: What shows the outlet is not the publisher: another's text or an embedded post.
_SYNDICATED = re.compile(r"\b(?:originally|first)\b|\bappeared\b", re.I)
_SELF_ADDRESS = re.compile(r"\b(?:our|us|we)\b", re.I)
_OWN_URL_LEAD = re.compile(r"^(?:(?:read or )?share this (?:story|article)|source|url|link|permalink|"
                           r"originally at|read (?:it |the (?:full )?(?:story|article) )?(?:at|on))\s*:?\s*", re.I)
_CONTACT_LEAD = re.compile(r"^(?:e-?mail|contact|reach (?:him|her|them|the (?:author|writer|reporter)))"
                           r"\s*(?:at|:)\s*", re.I)


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence about the outlet: what it names, the rule, the line it stands on."""

    rule: str
    name: str | None = None  #: the outlet as the text names it
    domain: str | None = None  #: a registrable domain (``npr.org``)
    line: int = 0  #: 1-based line in the file; 0 for front matter
    text: str = ""


def _is_agency(name: str) -> bool:
    """Whether a name is, or contains, a wire agency's (``Thomson Reuters Foundation`` does)."""
    words = re.findall(r"[\w'’-]+", name)
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            part = " ".join(words[i:i + n])
            # short agency names count only written as such (``AP``, not ``ap`` in a word)
            if part.lower() in AGENCIES and (len(part) > 3 or part.isupper()):
                return True
    return False


def clean_name(name: str) -> str | None:
    """A name as an outlet's name, or None: legal suffixes cut, owners and agencies refused."""
    name = re.sub(r"\s+", " ", name).strip(" ,.;:'’\"")
    while (cut := _LEGAL.sub("", name)) != name:
        name = cut.strip(" ,.")
    if not name or len(name) < 2 or name.lower() in _NOT_NAMES or name.split()[0].lower() in _NOT_NAMES - {"the"}:
        return None
    if name.lower() in ("the", "a") or name[0].isdigit() or _CORPORATE.search(name) or _is_agency(name):
        return None
    return name


def _from_block(b: Block, first_body: bool) -> list[Evidence]:
    """The evidence one cleaned line holds."""
    out: list[Evidence] = []
    text, kind = b.norm, b.fields.get("kind")
    if kind == "publication" and b.fields.get("outlet") and not _SYNDICATED.search(text):
        if name := clean_name(str(b.fields["outlet"])):
            out.append(Evidence("publication_line", name=name, line=b.line, text=b.text))
    elif kind == "copyright" and b.fields.get("holder"):
        if name := clean_name(str(b.fields["holder"])):
            out.append(Evidence("copyright", name=name, line=b.line, text=b.text))
    elif kind == "byline" and (name := clean_name(str(b.fields.get("organisation") or ""))):
        out.append(Evidence("byline", name=name, line=b.line, text=b.text))
    if first_body and (m := _DATELINE_CREDIT.match(text)) and (name := clean_name(m["name"])):
        out.append(Evidence("dateline", name=name, line=b.line, text=b.text))
    furniture = b.role in ("boilerplate", "attribution")
    quoted = bool(re.search(r"[\"“”]", text))
    for rule, pat, where in _SELF_CREDITS:
        if where == "furniture" and not furniture:
            continue
        for m in pat.finditer(text):
            if (name := clean_name(m["name"])) and not (quoted and rule == "request_for_comment"):
                out.append(Evidence(rule, name=name, line=b.line, text=b.text))
    if len(text.split()) <= 60 and not quoted and not _SYNDICATED.search(text):
        own = _SELF_ADDRESS.search(text)
        for m in _EMAIL.finditer(text):
            if (own or _CONTACT_LEAD.match(text)) and (dom := usable_domain(m["host"])):
                out.append(Evidence("own_address", domain=dom, line=b.line, text=b.text))
        if own:
            for m in _URL.finditer(text):
                if dom := usable_domain(m["h1"] or m["h2"]):
                    out.append(Evidence("own_address", domain=dom, line=b.line, text=b.text))
    return out


def _url_lines(blocks: list[Block]) -> list[Evidence]:
    """A URL standing on a line of its own near the top or bottom (the copied page's address)."""
    n = len(blocks)
    out = []
    for k, b in enumerate(blocks):
        rest = _OWN_URL_LEAD.sub("", b.norm.strip(" <>[]()"))
        m = _URL.fullmatch(rest.strip())
        if not m:
            continue
        lead = rest != b.norm.strip(" <>[]()")
        if (k < 3 or k >= n - 3 or lead) and (dom := usable_domain(m["h1"] or m["h2"])):
            out.append(Evidence("url_line", domain=dom, line=b.line, text=b.text))
    return out


#: Strength of each rule: the page's own address first, then what the outlet signs.
_RANK = ("front_matter_url", "url_line", "own_address", "dateline", "publication_line", "copyright",
         "staff_credit", "photo_credit", "newsletter", "contact_line", "self_description", "self_reference",
         "request_for_comment", "byline")


def evidence(cleaned: CleanArticle) -> list[Evidence]:
    """Every piece of outlet evidence in the article, strongest first."""
    found: list[Evidence] = []
    url = cleaned.article.front.get("url")
    if url and (m := _URL.match(str(url).strip())) and (dom := usable_domain(m["h1"] or m["h2"])):
        found.append(Evidence("front_matter_url", domain=dom, text=str(url)))
    blocks = [b for b in cleaned.blocks if b.role != "duplicate"]
    found += _url_lines(blocks)
    body_seen = 0
    for b in blocks:
        first_body = b.role == "body" and body_seen < 3
        body_seen += b.role == "body"
        found += _from_block(b, first_body)
    return sorted(found, key=lambda e: _RANK.index(e.rule))


@dataclass(frozen=True)
class Verdict:
    """The outlet the evidence gives (or None) and why: the deciding evidence or the conflict."""

    name: str | None
    url: str | None
    why: str
    evidence: tuple[Evidence, ...] = ()


def decide(found: list[Evidence]) -> Verdict:
    """The outlet, when the evidence agrees; None when there is none or it disagrees."""
    if not found:
        return Verdict(None, None, "no self-credit, address or copyright of an outlet in the text")
    domains = [e for e in found if e.domain]
    names = [e for e in found if e.name]
    if domains:
        top = domains[0]
        if any(registrable(e.domain or "") != registrable(top.domain or "") for e in domains[1:] if e.rule == top.rule):
            return Verdict(None, None, "addresses of different sites: " + ", ".join(sorted({e.domain or "" for e in domains})),
                           tuple(domains))
        dom = top.domain or ""
        # The text's own name for the site when it agrees with the address (``The Sun Online`` is
        # ``the-sun.co.uk`` once ``Online`` is cut), else the usual name of the domain.
        for e in names:
            for cand in _shortened(e.name or ""):
                if agrees(cand, dom):
                    return Verdict(cand, None, f"{top.rule} {dom} (line {top.line}), named by {e.rule} (line {e.line})",
                                   (top, e))
        return Verdict(domain_name(dom), None, f"{top.rule} {dom} (line {top.line})", (top,))
    first = names[0]
    others = [e for e in names[1:] if not same_outlet(e.name or "", first.name or "")]
    if others:
        return Verdict(None, None, f"names disagree: {first.name!r} ({first.rule}, line {first.line}) and "
                       f"{others[0].name!r} ({others[0].rule}, line {others[0].line})", (first, others[0]))
    return Verdict(first.name, None, f"{first.rule} (line {first.line})", (first,))


def _shortened(name: str) -> list[str]:
    """A name and its shorter forms without trailing words (``The Sun Online`` → ``The Sun``)."""
    words = name.split()
    return [" ".join(words[:k]) for k in range(len(words), 0, -1) if " ".join(words[:k]).lower() != "the"]


def find_outlet(cleaned: CleanArticle) -> Verdict:
    """The outlet the article's own text gives, with the reason (see the module's notes)."""
    return decide(evidence(cleaned))
