"""Checks on site settings that could hang the build or send readers elsewhere.

Kept apart from :mod:`builder.config` (which reads and types ``site.toml``): these decide whether
a well-typed value is safe — a regular expression that cannot backtrack catastrophically, a
``base_url`` that stays on the site.
"""

from __future__ import annotations

import re
from re import _constants as sre_c  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any
from urllib.parse import urlsplit

#: a repeat this long or longer counts as unbounded: (a+){1000} backtracks as badly as (a+)+
_LONG_REPEAT = 16

_REPEATS = {sre_c.MAX_REPEAT, sre_c.MIN_REPEAT}
# groups whose content is matched as part of the pattern; ATOMIC_GROUP and possessive repeats
# never backtrack into their content, so a quantifier inside them is safe
_CONTAINERS = {sre_c.SUBPATTERN, sre_c.BRANCH, sre_c.ASSERT, sre_c.ASSERT_NOT, sre_c.GROUPREF_EXISTS}


def _children(op: Any, av: Any) -> list[Any]:
    """The sub-patterns directly inside one parsed item."""
    if op is sre_c.SUBPATTERN:
        return [av[-1]]
    if op is sre_c.BRANCH:
        return list(av[1])
    if op in (sre_c.ASSERT, sre_c.ASSERT_NOT):
        return [av[1]]
    if op is sre_c.GROUPREF_EXISTS:
        return [p for p in av[1:] if p is not None]
    return []


def _has_repeat(pattern: Any) -> bool:
    """Whether ``pattern`` holds a quantifier that can take more than one turn."""
    for op, av in pattern:
        if op in _REPEATS and av[1] > 1:
            return True
        if op in _CONTAINERS and any(_has_repeat(child) for child in _children(op, av)):
            return True
    return False


def _first(seq: Any) -> frozenset[int] | None:
    """The characters a sequence can start with, when plainly known (None: unknown, any)."""
    if not seq:
        return None
    op, av = seq[0]
    if op is sre_c.LITERAL:
        return frozenset((av,))
    if op is sre_c.SUBPATTERN:
        return _first(av[-1])
    if op is sre_c.IN:
        chars: set[int] = set()
        for kind, value in av:
            if kind is sre_c.LITERAL:
                chars.add(value)
            elif kind is sre_c.RANGE and value[1] - value[0] < 4096:
                chars.update(range(value[0], value[1] + 1))
            else:  # a negation or a category (\w, \s): any character, as far as this check knows
                return None
        return frozenset(chars)
    return None


def _nullable(seq: Any) -> bool:
    """Whether a sequence can match the empty string (as far as a plain look can tell)."""
    return all(op is sre_c.AT or (op in _REPEATS and av[0] == 0) for op, av in seq)


def _overlap(a: frozenset[int] | None, b: frozenset[int] | None) -> bool:
    return a is None or b is None or bool(a & b)


def _ambiguous_branch(body: Any) -> bool:
    """Whether a repeated body holds alternatives that can match the same text: ``(a|a)+`` or
    ``(a|aa)+`` (which the parser factors into ``a(?:|)`` and ``a(?:|a)``) — each turn can then
    go either way, and a failing line tries all 2ⁿ of them."""
    start = _first(body)
    for op, av in body:
        if op is sre_c.SUBPATTERN and _ambiguous_branch(av[-1]):
            return True
        if op is not sre_c.BRANCH:
            continue
        alternatives = av[1]
        empty = [alt for alt in alternatives if _nullable(alt)]
        solid = [_first(alt) for alt in alternatives if not _nullable(alt)]
        if len(empty) > 1 or (empty and any(_overlap(first, start) for first in solid)):
            return True
        if any(_overlap(a, b) for i, a in enumerate(solid) for b in solid[i + 1:]):
            return True
    return False


def _nested_repeat(pattern: Any) -> bool:
    """Whether a long or unbounded repeat holds another repeat, or alternatives that can match
    the same text: the shapes of ``(a+)+`` and ``(a|a)+``, which try every way of splitting a line
    between the two and so take exponential time."""
    for op, av in pattern:
        if op in _REPEATS:
            low, high, body = av
            if (high == sre_c.MAXREPEAT or high >= _LONG_REPEAT) and (_has_repeat(body) or _ambiguous_branch(body)):
                return True
            if _nested_repeat(body):
                return True
        elif op in _CONTAINERS and any(_nested_repeat(child) for child in _children(op, av)):
            return True
    return False


def regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` is not a usable clean rule (invalid, or can backtrack for ever), or None."""
    try:
        re.compile(pattern)
        parsed = sre_parse.parse(pattern)
    except re.error as exc:
        return f"bad regular expression {pattern!r}: {exc}"
    except RecursionError:
        return f"regular expression {pattern!r} is nested too deeply"
    if _nested_repeat(parsed):
        return (
            f"regular expression {pattern!r} repeats a group that itself repeats or can match one text two ways "
            "(like '(a+)+' or '(a|aa)+'), which can take forever on some lines; write it without the nested repeat "
            "or the overlapping alternatives, or make the inner repeat possessive ('a++')"
        )
    return None


def base_url_problem(base_url: str) -> str | None:
    """Why ``base_url`` would not keep links on the site, or None.

    It must be an http(s) URL with a host, or a path (``/``, ``/repo/``; a bare ``repo`` is taken
    as ``/repo/``). A path that starts with ``//`` or a backslash is an address on another host to
    a browser, so the 404 page would link off-site.
    """
    base = base_url.strip()
    if any(ord(c) < 0x20 or c == "\x7f" or c.isspace() for c in base):
        return "must not hold spaces or control characters"
    if "\\" in base:
        return "must not hold a backslash (a browser reads '/\\host' as another site)"
    if base.startswith("//"):
        return "must be an http(s) URL or a path starting with a single '/' ('//host' is another site)"
    if "?" in base or "#" in base:
        return "must not hold a query ('?') or a fragment ('#')"
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", base)
    if scheme:
        if scheme.group(1).lower() not in ("http", "https"):
            return f"must be a path or an http(s) URL, not a {scheme.group(1)!r} address"
        parts = urlsplit(base)
        if not base.lower().startswith(("http://", "https://")) or not parts.hostname:
            return "an http(s) URL needs a host, as in 'https://example.org/digest/'"
        if parts.path.startswith("//"):
            return "the path of the URL must not start with '//'"
    return None
