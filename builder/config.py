"""Loading and validating ``site.toml``.

Every key has a default, so an empty (or missing) ``site.toml`` is a valid site. A wrong key, a
wrong type, a bad glob or a TOML syntax error raises :class:`ConfigError`, whose message names
the file, the line and the key — the CLI prints it and exits with status 2.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from .validate import base_url_problem, regex_problem

CONFIG_NAME = "site.toml"


class ConfigError(Exception):
    """A problem in ``site.toml``; the message is meant for the editor, not a traceback."""


@dataclass(frozen=True)
class OutletRule:
    pattern: str
    name: str
    url: str | None = None


@dataclass(frozen=True)
class CleanSettings:
    boilerplate: tuple[str, ...] = ()  #: extra regular expressions for clutter lines
    attribution: tuple[str, ...] = ()  #: extra regular expressions for attribution lines
    disable: tuple[str, ...] = ()  #: names of clean rules to switch off


@dataclass(frozen=True)
class GroupSettings:
    #: same-event probability (group.event) at which two articles, and on average two stories, are one story
    threshold: float = 0.5
    max_days: int = 30  #: articles (and date ranges of stories) further apart are never joined


@dataclass(frozen=True)
class AlignSettings:
    #: probability (align.pairs) at which two sentences of a story state one fact, and the mean
    #: probability across sources at which two groups of sentences join into one fact
    threshold: float = 0.5
    copy_threshold: float = 0.9  #: mean similarity of shared sentences for a "copy"


@dataclass
class SiteConfig:
    root: Path
    path: Path | None = None  #: the site.toml read, None when the site has none
    title: str = "Source-transparency digest"
    description: str = "Every fact with the outlets that carry it."
    base_url: str = "/"
    language: str = "en"
    content_dir: Path = Path("content")
    templates_dir: Path = Path("templates")
    output_dir: Path = Path("public")
    outlets: list[OutletRule] = field(default_factory=list)
    stories: list[tuple[str, str]] = field(default_factory=list)  #: (glob, story key)
    clean: CleanSettings = field(default_factory=CleanSettings)
    group: GroupSettings = field(default_factory=GroupSettings)
    align: AlignSettings = field(default_factory=AlignSettings)
    #: where an outlet is read when front matter and [outlets] do not name it: "text" (the
    #: article's own evidence) or "folder" (the first folder under content/ is named for it,
    #: and the text's evidence serves only the files outside any folder)
    outlet_from: str = "text"

    def outlet_for(self, rel_path: str) -> OutletRule | None:
        """The first outlet rule whose glob matches ``rel_path`` (POSIX, relative to content)."""
        for rule in self.outlets:
            if glob_matches(rule.pattern, rel_path):
                return rule
        return None

    def story_for(self, rel_path: str) -> str | None:
        for pattern, key in self.stories:
            if glob_matches(pattern, rel_path):
                return key
        return None

    def url(self, path: str = "") -> str:
        """A site URL under ``base_url`` for a path relative to the output folder."""
        return self.base_url + path.lstrip("/")


# --- globs -------------------------------------------------------------------------------------


@lru_cache(maxsize=512)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.index("]", i + 1)  # validated beforehand
            body = pattern[i + 1 : end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z")


def glob_matches(pattern: str, rel_path: str) -> bool:
    """Match a POSIX path against a glob; a pattern without ``/`` matches the file name alone."""
    target = rel_path if "/" in pattern else PurePosixPath(rel_path).name
    return _glob_regex(pattern).match(target) is not None


def glob_problem(pattern: str) -> str | None:
    """Why ``pattern`` is not a usable glob, or None."""
    if not pattern.strip():
        return "an empty glob"
    if pattern.startswith("/") or re.match(r"^[A-Za-z]:", pattern):
        return "an absolute path; globs are relative to the content folder"
    if ".." in PurePosixPath(pattern).parts:
        return "a glob reaching outside the content folder ('..')"
    depth = 0
    for c in pattern:
        if c == "[":
            if depth:
                return "a '[' inside a character class"
            depth = 1
        elif c == "]" and depth:
            depth = 0
    if depth:
        return "an unclosed '[' character class"
    try:  # what the structure check cannot see: a range backwards ('[z-a]'), a bad escape
        _glob_regex(pattern)
    except re.error as exc:
        return f"not a valid pattern ({exc.msg})"
    return None


# --- schema ------------------------------------------------------------------------------------

_SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "site": {"title": str, "description": str, "base_url": str, "language": str},
    "paths": {"content": str, "templates": str, "output": str},
    "clean": {"boilerplate": list, "attribution": list, "disable": list},
    "group": {"threshold": float, "max_days": int},
    "align": {"threshold": float, "copy_threshold": float},
    "identify": {"outlet_from": str},
}
OUTLET_FROM = ("text", "folder")  #: the values of ``[identify] outlet_from``
_FREE_TABLES = ("outlets", "stories")  # tables whose keys are globs chosen by the editor

_TYPE_NAMES = {str: "a string", int: "an integer", float: "a number", list: "a list", dict: "a table", bool: "true or false"}


def _type_name(value: Any) -> str:
    for t in (bool, str, int, float, list, dict):
        if isinstance(value, t):
            return _TYPE_NAMES[t]
    return type(value).__name__


def _line_of(text: str, section: str | None, key: str | None) -> int | None:
    """Best-effort line number of ``key`` in ``[section]`` (tomllib does not report positions)."""
    lines = text.splitlines()
    start = 0
    if section is not None:
        header = re.compile(r"^\s*\[\s*" + re.escape(section) + r"\s*\]")
        for i, line in enumerate(lines):
            if header.match(line):
                start = i
                if key is None:
                    return i + 1
                break
        else:
            start = 0
    if key is None:
        return None
    if section is None:  # a top-level name: a [table] header or a bare key
        top = re.compile(r"^\s*(?:\[\s*" + re.escape(key) + r"\s*\]|" + re.escape(key) + r"\s*=)")
        return next((i + 1 for i, line in enumerate(lines) if top.match(line)), None)
    keypat = re.compile(r'^\s*(?:"' + re.escape(key) + r'"|\'' + re.escape(key) + r"'|" + re.escape(key) + r")\s*=")
    for i in range(start, len(lines)):
        if i > start and section is not None and re.match(r"^\s*\[", lines[i]):
            break
        if keypat.match(lines[i]):
            return i + 1
    dotted = re.compile(r"^\s*" + re.escape(f"{section}.{key}") + r"\s*=") if section else None
    for i, line in enumerate(lines):
        if dotted and dotted.match(line):
            return i + 1
    return None


def _fail(path: Path, text: str, section: str | None, key: str | None, problem: str) -> ConfigError:
    line = _line_of(text, section, key)
    where = f"{path}:{line}" if line else str(path)
    name = f"[{section}] {key}" if section and key else f"[{section}]" if section else str(key)
    return ConfigError(f"{where}: {name}: {problem}")


def _check_type(value: Any, expected: type | tuple[type, ...]) -> bool:
    if expected is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


def load_config(root: Path | str = ".", path: Path | str | None = None) -> SiteConfig:
    """Read and validate ``site.toml`` in ``root`` (or ``path``); defaults for what is missing."""
    root = Path(root).resolve()
    cfg_path = Path(path).resolve() if path else root / CONFIG_NAME
    if path:
        root = cfg_path.parent
    config = SiteConfig(root=root)
    data: dict[str, Any] = {}
    text = ""
    if cfg_path.exists():
        config.path = cfg_path
        try:
            text = cfg_path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ConfigError(f"{cfg_path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
        except OSError as exc:
            raise ConfigError(f"{cfg_path}: cannot be read ({exc.strerror})") from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{cfg_path}: TOML syntax error: {exc}") from None
    elif path:
        raise ConfigError(f"{cfg_path}: no such file")

    for section, value in data.items():
        if section not in _SCHEMA and section not in _FREE_TABLES:
            known = ", ".join(sorted([*_SCHEMA, *_FREE_TABLES]))
            raise _fail(cfg_path, text, None, section, f"unknown section (known: {known})")
        if not isinstance(value, dict):
            raise _fail(cfg_path, text, None, section, f"must be a table, got {_type_name(value)}")
        if section in _SCHEMA:
            for key, item in value.items():
                expected = _SCHEMA[section].get(key)
                if expected is None:
                    known = ", ".join(_SCHEMA[section])
                    raise _fail(cfg_path, text, section, key, f"unknown key (known: {known})")
                if not _check_type(item, expected):
                    raise _fail(
                        cfg_path, text, section, key,
                        f"expected {_TYPE_NAMES[expected]}, got {_type_name(item)}",  # type: ignore[index]
                    )

    site = data.get("site", {})
    config.title = site.get("title", config.title)
    config.description = site.get("description", config.description)
    config.language = site.get("language", config.language)
    base_url = site.get("base_url", config.base_url)
    if problem := base_url_problem(base_url):
        raise _fail(cfg_path, text, "site", "base_url", problem)
    config.base_url = normalise_base_url(base_url)

    paths = data.get("paths", {})
    for key, attr in (("content", "content_dir"), ("templates", "templates_dir"), ("output", "output_dir")):
        value = paths.get(key, str(getattr(config, attr)))
        if not value.strip():
            raise _fail(cfg_path, text, "paths", key, "must not be empty")
        # the output folder is not resolved: a symbolic link there is refused (builder.output),
        # not followed to wherever it leads
        path = root / value
        setattr(config, attr, Path(os.path.abspath(path)) if key == "output" else path.resolve())
    if config.output_dir in (root, config.content_dir, config.templates_dir) or (
        config.content_dir.is_relative_to(config.output_dir)
    ):
        raise _fail(cfg_path, text, "paths", "output", "must be a folder of its own, apart from content and templates")

    for pattern, value in data.get("outlets", {}).items():
        if problem := glob_problem(pattern):
            raise _fail(cfg_path, text, "outlets", pattern, f"bad glob: {problem}")
        if isinstance(value, str):
            if not value.strip():  # a pasted `check` snippet whose name was not filled in
                raise _fail(cfg_path, text, "outlets", pattern, "no outlet name: fill in the name or delete the line")
            config.outlets.append(OutletRule(pattern, value.strip()))
        elif isinstance(value, dict):
            extra = set(value) - {"name", "url"}
            if extra:
                raise _fail(cfg_path, text, "outlets", pattern, f"unknown key {sorted(extra)[0]!r} (known: name, url)")
            if not isinstance(value.get("name"), str) or not value["name"].strip():
                raise _fail(cfg_path, text, "outlets", pattern, "needs a name (a string)")
            url = value.get("url")
            if url is not None and (not isinstance(url, str) or not re.match(r"^https?://", url)):
                raise _fail(cfg_path, text, "outlets", pattern, "url must be an http(s) URL string")
            config.outlets.append(OutletRule(pattern, value["name"].strip(), url))
        else:
            problem = f"expected a string or a table with name and url, got {_type_name(value)}"
            raise _fail(cfg_path, text, "outlets", pattern, problem)

    for pattern, value in data.get("stories", {}).items():
        if problem := glob_problem(pattern):
            raise _fail(cfg_path, text, "stories", pattern, f"bad glob: {problem}")
        if not isinstance(value, str) or not value.strip():
            raise _fail(cfg_path, text, "stories", pattern, f"expected a story key (a string), got {_type_name(value)}")
        config.stories.append((pattern, value.strip()))

    clean = data.get("clean", {})
    for key in ("boilerplate", "attribution", "disable"):
        for item in clean.get(key, []):
            if not isinstance(item, str):
                raise _fail(cfg_path, text, "clean", key, f"expected a list of strings, found {_type_name(item)}")
            if key != "disable" and (problem := regex_problem(item)):
                raise _fail(cfg_path, text, "clean", key, problem)
    config.clean = CleanSettings(
        tuple(clean.get("boilerplate", ())), tuple(clean.get("attribution", ())), tuple(clean.get("disable", ()))
    )
    if config.clean.disable:
        from .clean import RULE_NAMES  # late import: clean imports nothing from here at module level

        for name in config.clean.disable:
            if name not in RULE_NAMES:
                raise _fail(cfg_path, text, "clean", "disable", f"no clean rule named {name!r} (rules: {', '.join(RULE_NAMES)})")

    outlet_from = data.get("identify", {}).get("outlet_from", config.outlet_from)
    if outlet_from not in OUTLET_FROM:
        raise _fail(cfg_path, text, "identify", "outlet_from", f"expected \"text\" or \"folder\", got {outlet_from!r}")
    config.outlet_from = outlet_from

    group = data.get("group", {})
    config.group = GroupSettings(
        float(group.get("threshold", GroupSettings.threshold)), int(group.get("max_days", GroupSettings.max_days))
    )
    align = data.get("align", {})
    config.align = AlignSettings(
        float(align.get("threshold", AlignSettings.threshold)), float(align.get("copy_threshold", AlignSettings.copy_threshold))
    )
    for section, key, value in (
        ("group", "threshold", config.group.threshold),
        ("align", "threshold", config.align.threshold),
        ("align", "copy_threshold", config.align.copy_threshold),
    ):
        if not 0.0 <= value <= 1.0:
            raise _fail(cfg_path, text, section, key, f"must be between 0 and 1, got {value}")
    if config.group.max_days < 0:
        raise _fail(cfg_path, text, "group", "max_days", "must not be negative")
    return config


def normalise_base_url(base_url: str) -> str:
    """``""`` → ``/``; ``/news`` → ``/news/``; ``https://x.org/a`` → ``https://x.org/a/``."""
    base = base_url.strip() or "/"
    if not re.match(r"^https?://", base) and not base.startswith("/"):
        base = "/" + base
    return base if base.endswith("/") else base + "/"
