"""General knowledge the rules draw on: wire agencies, a small multilingual stoplist, month
names and date forms; ``parse_date`` and ``agencies_in``."""

from __future__ import annotations

import datetime as dt
import re

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
_AGENCY_SPLIT = re.compile(r"\s*(?:,|/|\band\b|&|\bwith\b)\s*", re.I)
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
#: What every date form of _is_date_line holds: a four-digit year (``March 5, 2024``,
#: ``2024-03-05``) or figures around a dot or slash (``5.3.24``, ``03/05/2024``).
_DATE_DIGITS = re.compile(r"\d{4}|\d[./]\d")
#: A date in figures only (``5.3.24``, ``03/05/2024``).
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b")
#: Words that may stand beside a date on a date line (``Published ... Updated ... 10:25am ET``).
_DATE_WORDS = re.compile(
    r"\b(?:published|updated|posted|last|modified|on|at|am|pm|a\.m\.|p\.m\.|et|est|edt|gmt|utc|"
    r"cet|cest|ist|pst|pdt|bst|ast|pkt|hrs|hours|mins?|minutes?|ago|today|yesterday|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|"
    r"date|time|read|reading|\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?)\b",
    re.I,
)

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
    if not _DATE_DIGITS.search(norm):
        return False  # every date form below has these digits: most lines are out at this cheap test
    if not any(p.search(norm) for p in _DATE_PATTERNS) and not _NUMERIC_DATE.search(norm):
        return False
    rest = norm
    for p in _DATE_PATTERNS:
        rest = p.sub(" ", rest)
    rest = _NUMERIC_DATE.sub(" ", rest)
    rest = _DATE_WORDS.sub(" ", rest)
    return len(re.findall(r"[^\W\d_]{2,}", rest)) <= 1

