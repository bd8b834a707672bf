"""Read stage: find the articles under ``content/`` and turn each file into an :class:`Article`.

Decoding is UTF-8 first, then a fallback that never loses a byte (with a warning). Front matter
may be YAML between ``---`` fences or TOML between ``+++`` fences. Every line keeps its original
text for display and gets a normalised form for matching; glued text such as
``December 3, 2024Iranian-backed`` is split in two.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import os
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from markdown_it import MarkdownIt

from .clean import parse_date
from .models import Article, Line
from .safeopen import TooLargeError, UnsafeFileError, read_regular

SUFFIXES = (".txt", ".md", ".markdown")
MAX_BYTES = 10 * 1024 * 1024  #: larger files are refused: no article is 10 MB of text
FRONT_KEYS: dict[str, type] = {
    "title": str,
    "outlet": str,
    "outlet_url": str,
    "url": str,
    "published": str,
    "story": str,
    "language": str,
    "byline": str,
    "author": str,
    "agencies": list,
}


class ReadError(Exception):
    """A file that cannot be used as an article; the message names the problem."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


# --- finding files -----------------------------------------------------------------------------


def is_ignored(name: str) -> bool:
    """Editor temp files, hidden files and OS litter are never articles."""
    return (
        name.startswith((".", "~", "#"))
        or name.endswith(("~", ".swp", ".swo", ".swx", ".tmp", ".bak", ".part", ".crdownload"))
        or name in ("Thumbs.db", "desktop.ini")
    )


def discover(content_dir: Path) -> tuple[list[Path], list[str]]:
    """All article files under ``content_dir`` at any depth, sorted, and warnings.

    Symbolic links are followed only while they stay inside the content folder, and a folder is
    never entered twice, so link loops end.
    """
    root = content_dir.resolve()
    found: list[Path] = []
    warnings: list[str] = []
    seen_dirs: set[Path] = set()

    def walk(folder: Path) -> None:
        real = folder.resolve()
        if real in seen_dirs:
            return
        seen_dirs.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            warnings.append(f"{_rel(folder, content_dir)}: folder cannot be read ({exc.strerror})")
            return
        for entry in entries:
            if is_ignored(entry.name):
                continue
            path = Path(entry.path)
            if entry.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    warnings.append(f"{_rel(path, content_dir)}: broken or looping symbolic link, skipped")
                    continue
                if not target.is_relative_to(root):
                    warnings.append(f"{_rel(path, content_dir)}: symbolic link leads outside the content folder, skipped")
                    continue
            try:
                if entry.is_dir():
                    walk(path)
                elif entry.is_file() and path.suffix.lower() in SUFFIXES:
                    found.append(path)
                elif path.suffix.lower() in SUFFIXES:  # a FIFO, a device, a socket: reading could hang
                    warnings.append(f"{_rel(path, content_dir)}: not a regular file (a FIFO, a device or a socket); skipped")
            except OSError:
                continue

    if root.is_dir():
        walk(content_dir)
    return found, warnings


def _rel(path: Path, content_dir: Path) -> str:
    try:
        return PurePosixPath(path.relative_to(content_dir)).as_posix()
    except ValueError:
        return str(path)


def slugify(text: str, fallback: str = "item") -> str:
    """A URL- and file-safe slug: ASCII letters, digits, ``-`` and ``_``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9_]+", "-", ascii_text).strip("-_").lower()
    return slug[:80].strip("-_") or fallback


def assign_ids(rel_paths: Iterable[str]) -> dict[str, str]:
    """A unique, safe id per file: its stem, or its folder path too when stems collide."""
    paths = sorted(rel_paths)
    # plain string work, not PurePosixPath: a watch rebuild of a large site assigns every id
    bases = {p: _stem_slug(p) for p in paths}
    stems = Counter(bases.values())
    ids: dict[str, str] = {}
    used: set[str] = set()
    for p in paths:
        base = bases[p]
        candidate = base if stems[base] == 1 else slugify(_without_suffix(p), base)
        unique, n = candidate, 2
        while unique in used:
            unique, n = f"{candidate}-{n}", n + 1
        used.add(unique)
        ids[p] = unique
    return ids


def _without_suffix(rel: str) -> str:
    """``a/b/name.txt`` → ``a/b/name`` (as ``PurePosixPath.with_suffix("")``)."""
    folder, _, name = rel.rpartition("/")
    dot = name.rfind(".")
    if 0 < dot < len(name) - 1:
        name = name[:dot]
    return f"{folder}/{name}" if folder else name


@lru_cache(maxsize=1 << 16)
def _stem_slug(rel: str) -> str:
    return slugify(_without_suffix(rel).rpartition("/")[2], "article")


# --- decoding ----------------------------------------------------------------------------------

_BINARY_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or Office document)"),
    (b"\x7fELF", "a program"),
    (b"\x1f\x8b", "a gzip archive"),
)


def decode(raw: bytes, rel: str) -> tuple[str, str, list[str]]:
    """Bytes → (text, encoding, warnings). Raises :class:`ReadError` for binary data."""
    for magic, what in _BINARY_MAGIC:
        if raw.startswith(magic):
            raise ReadError(rel, f"binary file ({what}), not text; skipped")
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig", []
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16", []
        except UnicodeDecodeError:
            raise ReadError(rel, "starts with a UTF-16 mark but is not valid UTF-16; skipped") from None
    if b"\x00" in raw[:8192]:
        raise ReadError(rel, "binary file (contains NUL bytes), not text; skipped")
    try:
        return raw.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    # Windows-1252 is what copy-paste from Windows tools produces; Latin-1 maps every byte to a
    # character, so nothing is ever lost even when the guess is wrong.
    for encoding in ("cp1252", "latin-1"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, encoding, [f"{rel}: not valid UTF-8 (first bad byte at offset {bad_at}); decoded as {encoding}"]
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


# --- front matter ------------------------------------------------------------------------------

_FENCES = {"---": "yaml", "+++": "toml"}


class _FrontLoader(yaml.SafeLoader):
    """YAML's safe loader, but an impossible date (``published: 2024-02-30``) stays text, so
    the rest of the front matter is kept and the date is warned about (it raised ValueError)."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> object:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)  # type: ignore[arg-type]


_FrontLoader.add_constructor("tag:yaml.org,2002:timestamp", _FrontLoader.construct_yaml_timestamp)


def split_front_matter(text: str, rel: str) -> tuple[dict[str, Any], int, list[str]]:
    """(front matter, number of lines it takes, warnings). Broken front matter is a warning."""
    first_nl = text.find("\n")
    first = (text if first_nl < 0 else text[:first_nl]).strip()
    kind = _FENCES.get(first)
    if kind is None:
        return {}, 0, []
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == first), None)
    if end is None:
        return {}, 0, [f"{rel}: front matter opened with '{first}' on line 1 is never closed; read as text"]
    block = "\n".join(lines[1:end])
    # Not only syntax errors: the parsers raise ValueError for an integer past Python's 4,300
    # digits or a bad tag (!!int abc), RecursionError for nesting thousands deep — and one file
    # must never stop the build.
    try:
        data = yaml.load(block, Loader=_FrontLoader) if kind == "yaml" else tomllib.loads(block)
        if data is None:
            data = {}
        if not isinstance(data, dict):
            return {}, end + 1, [f"{rel}: front matter must be a mapping of keys to values; ignored"]
        front, warnings = _validate_front(data, rel)
    except Exception as exc:  # noqa: BLE001
        where, problem = _front_problem(exc, lines)
        return {}, end + 1, [
            f"{rel}: broken {kind.upper()} front matter{where} ({problem}); all of it is ignored, so the "
            "article is published without its title, outlet and date: fix the file and build again"
        ]
    return front, end + 1, warnings


def _front_problem(exc: Exception, lines: list[str]) -> tuple[str, str]:
    """Where a front matter parser failed (`` on line 4, 'published: [2024'``: the file's line,
    as the editor's editor numbers it) and what it says went wrong."""
    if isinstance(exc, RecursionError):
        return "", "nested too deep"
    line: int | None = None
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.context_mark or exc.problem_mark  # where the broken construct began
        line = mark.line + 2 if mark is not None else None  # the block starts on the file's line 2
        problem = exc.problem or exc.context or type(exc).__name__
    else:
        text = str(exc).strip()
        if found := re.search(r"\(at line (\d+), column \d+\)", text):  # tomllib
            line = int(found[1]) + 1
            text = text.replace(found[0], "").strip()
        problem = text.splitlines()[0] if text else type(exc).__name__
    where = ""
    if line is not None and 1 < line <= len(lines):
        where = f" on line {line}, {lines[line - 1].strip()[:80]!r}"
    return where, problem[:200]


def _validate_front(data: dict[Any, Any], rel: str) -> tuple[dict[str, Any], list[str]]:
    front: dict[str, Any] = {}
    warnings: list[str] = []
    for key, value in data.items():
        key = str(key)
        expected = FRONT_KEYS.get(key)
        if isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()
        if expected is None:
            if isinstance(value, str | int | float | bool):
                front[key] = value  # extra keys are kept for templates
            continue
        if expected is list:
            if isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                front[key] = value
                continue
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            text = str(value).strip()
            if key == "published" and (problem := _date_problem(text)):
                warnings.append(f"{rel}: front matter 'published' {problem}; ignored")
                continue
            front[key] = text
            continue
        wanted = "a list of strings" if expected is list else "text"
        warnings.append(f"{rel}: front matter '{key}' should be {wanted}, got {type(value).__name__}; ignored")
    return front, warnings


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _date_problem(text: str) -> str | None:
    """Why a front matter date cannot be used (``2024-02-30``: no such day), or None."""
    if m := _ISO_DATE.match(text):
        try:
            dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return f"is no real date ({text[:40]!r})"
        return None
    return None if parse_date(text) else f"is not a date ({text[:40]!r}; write it as YYYY-MM-DD)"


# --- normalising and splitting -----------------------------------------------------------------

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
        "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None,
    }
)


def normalise(text: str) -> str:
    """The matching form of a text: NFKC, plain quotes and dashes, single spaces."""
    if text.isascii():  # NFKC leaves ASCII as it is, and of _QUOTES only the backtick is ASCII
        if "`" in text:
            text = text.replace("`", "'")
        return " ".join(text.split())  # str.split's whitespace is the regex \s: one space each
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).split())


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_GLUED = re.compile(
    # a date (``December 3, 2024``, ``3 December 2024``, ``2024-12-03``) or a time stuck to the
    # next word, as copy-paste of a page's date element produces
    r"(?:\b" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+\d{4}"
    r"|\b\d{4}-\d{2}-\d{2}"
    r"|\b\d{1,2}:\d{2}\s?(?:[ap]\.?m\.?)?)"
    r"(?=[A-Z][a-z])"
    # or a sentence end with no space before the next sentence: ``city.The``
    r"|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z]{2,}\b)"
    r"|(?<=[a-z]{2}[.!?][\"\u201d])(?=[A-Z][a-z]{2,}\b)"
)


#: What stands just before every place _GLUED splits at (a capital and a lower-case letter): a
#: digit, the "m" or "." of a time, a sentence end or closing quote, or a time's digit and a
#: space. Few lines hold any: the others skip _GLUED's scan (about 12 µs a line).
_MAY_BE_GLUED = re.compile(r"(?:[\d.!?\"\u201dm]|\d\s)(?=[A-Z][a-z])")


def split_glued(text: str) -> list[str]:
    """Split ``December 3, 2024Iranian-backed ...`` into ``December 3, 2024`` and the rest."""
    if not _MAY_BE_GLUED.search(text):
        return [text.strip()]
    parts: list[str] = []
    start = 0
    for m in _GLUED.finditer(text):
        cut = m.end()
        if cut <= start or cut >= len(text):
            continue
        piece = text[start:cut].strip()
        if piece:
            parts.append(piece)
        start = cut
    tail = text[start:].strip()
    if tail:
        parts.append(tail)
    return parts or [text.strip()]


# --- parsing -----------------------------------------------------------------------------------

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_md = MarkdownIt("commonmark", {"html": False})


def _text_lines(body: str, first_number: int) -> list[Line]:
    lines: list[Line] = []
    for offset, raw_line in enumerate(body.split("\n")):
        text = raw_line.strip()
        if not text or not normalise(text):
            continue
        for piece in split_glued(text):
            lines.append(Line(first_number + offset, piece, normalise(piece)))
    return lines


def _markdown_lines(body: str, first_number: int) -> list[Line]:
    """One Line per Markdown block (heading, paragraph), markup stripped to plain text."""
    lines: list[Line] = []
    context: list[str] = []
    tokens = _md.parse(body)
    for i, tok in enumerate(tokens):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            context.append("list_item")
        elif tok.type == "blockquote_open":
            context.append("blockquote")
        elif tok.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            context.pop()
        elif tok.type in ("code_block", "fence") and tok.map:
            for offset, raw_line in enumerate(tok.content.split("\n")):
                if raw_line.strip():
                    number = first_number + tok.map[0] + offset + (1 if tok.type == "fence" else 0)
                    lines.append(Line(number, raw_line.strip(), normalise(raw_line)))
        elif tok.type == "inline" and tok.map:
            parent = tokens[i - 1].type if i else ""
            hint = "heading" if parent == "heading_open" else (context[-1] if context else "")
            plain = "".join(
                " " if c.type in ("softbreak", "hardbreak") else c.content
                for c in (tok.children or [])
                if c.type in ("text", "code_inline", "softbreak", "hardbreak")
            ).strip()
            if not plain or not normalise(plain):
                continue
            for piece in split_glued(plain):
                lines.append(Line(first_number + tok.map[0], piece, normalise(piece), hint))
    return lines


def parse(raw: bytes, rel: str, article_id: str | None = None) -> Article:
    """Turn one file's bytes into an Article (pure; raises :class:`ReadError` if unusable)."""
    if len(raw) > MAX_BYTES:
        raise ReadError(rel, f"too large ({len(raw) / 1048576:.1f} MB; the limit is {MAX_BYTES // 1048576} MB); skipped")
    text, encoding, warnings = decode(raw, rel)
    text = _LINE_BREAK.sub("\n", text)
    if text.count("\n") == 0 and len(text) > 200_000:
        warnings.append(f"{rel}: one line of {len(text):,} characters with no line breaks")
    front, skip, fm_warnings = split_front_matter(text, rel)
    warnings.extend(fm_warnings)
    body = "\n".join(text.split("\n")[skip:])
    fmt = "md" if PurePosixPath(rel).suffix.lower() in (".md", ".markdown") else "txt"
    lines = _markdown_lines(body, skip + 1) if fmt == "md" else _text_lines(body, skip + 1)
    if not lines:
        raise ReadError(rel, "empty file (no text after front matter); skipped" if front else "empty file; skipped")
    return Article(
        id=article_id or slugify(PurePosixPath(rel).stem, "article"),
        path=rel,
        format=fmt,
        front=front,
        lines=lines,
        encoding=encoding,
        digest=hashlib.sha256(raw).hexdigest(),
        warnings=warnings,
    )


def read_file(path: Path, content_dir: Path, article_id: str | None = None) -> Article:
    """Read one file from disk (the only disk access of this stage).

    The file is opened without following links and read only when the open file is a regular
    file inside the content folder (:mod:`builder.safeopen`): a file swapped for a link to
    ``/etc/passwd`` or for a FIFO after it was listed is skipped with a warning.
    """
    rel = _rel(path, content_dir)
    try:
        raw = read_regular(path, content_dir, MAX_BYTES)
    except UnsafeFileError as exc:
        raise ReadError(rel, f"{exc.problem}; skipped") from None
    except TooLargeError as exc:
        limit = MAX_BYTES // 1048576
        raise ReadError(rel, f"too large ({exc.size / 1048576:.1f} MB; the limit is {limit} MB); skipped") from None
    except FileNotFoundError:
        raise ReadError(rel, "deleted while the site was being built; skipped") from None
    except IsADirectoryError:
        raise ReadError(rel, "is a folder, not a file; skipped") from None
    except OSError as exc:
        raise ReadError(rel, f"cannot be read ({exc.strerror}); skipped") from None
    return parse(raw, rel, article_id)
