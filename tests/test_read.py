"""Read stage: encodings, front matter, glued text, temp files, normalisation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from builder.read import ReadError, assign_ids, discover, normalise, parse, split_glued


def test_utf8_text_keeps_original_and_normalises_for_matching() -> None:
    a = parse("\u201cWe are ready,\u201d he said \u2014 twice.\u00a0 Really.\n".encode(), "a.txt")
    assert a.lines[0].text == "\u201cWe are ready,\u201d he said \u2014 twice.\u00a0 Really."
    assert a.lines[0].norm == '"We are ready," he said - twice. Really.'
    assert a.encoding == "utf-8"
    assert a.warnings == []


def test_windows_1252_is_decoded_with_a_warning() -> None:
    raw = "\u201cCaf\u00e9\u201d opened on Monday.".encode("cp1252")
    a = parse(raw, "old.txt")
    assert a.lines[0].text == "\u201cCaf\u00e9\u201d opened on Monday."
    assert a.encoding == "cp1252"
    assert any("old.txt" in w and "UTF-8" in w for w in a.warnings)


def test_latin1_fallback_is_lossless() -> None:
    raw = bytes([0x81, 0x8D]) + b" text"  # undefined in cp1252
    a = parse(raw, "odd.txt")
    assert a.encoding == "latin-1"
    assert a.lines[0].text.encode("latin-1") == raw


def test_utf16_with_bom() -> None:
    a = parse("Ankara said no.\nThe end.".encode("utf-16"), "u16.txt")
    assert [line.text for line in a.lines] == ["Ankara said no.", "The end."]


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"", "empty"),
        (b"  \n\t\n \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"abc\x00def" * 10, "NUL"),
        (b"---\ntitle: x\n---\n\n", "empty"),
    ],
)
def test_unusable_files_raise_a_clear_error(raw: bytes, problem: str) -> None:
    with pytest.raises(ReadError) as info:
        parse(raw, "bad/file.txt")
    assert "bad/file.txt" in str(info.value)
    assert problem in str(info.value)


def test_yaml_front_matter_and_line_numbers() -> None:
    a = parse(b"---\ntitle: Floods\noutlet: The Post\npublished: 2024-12-03\n---\n\nFirst line.\nSecond line.\n", "x.txt")
    assert a.front == {"title": "Floods", "outlet": "The Post", "published": "2024-12-03"}
    assert [(line.number, line.text) for line in a.lines] == [(7, "First line."), (8, "Second line.")]


def test_toml_front_matter() -> None:
    a = parse(b'+++\ntitle = "Floods"\nstory = "floods-2024"\n+++\nBody text here.\n', "x.txt")
    assert a.front["story"] == "floods-2024"
    assert a.lines[0].number == 5


def test_broken_front_matter_is_a_warning_and_the_text_is_kept() -> None:
    a = parse(b"---\ntitle: [unclosed\n---\nBody text here.\n", "broken.md")
    assert a.front == {}
    assert any("broken.md" in w and "front matter" in w for w in a.warnings)
    assert [line.text for line in a.lines] == ["Body text here."]


def test_front_matter_of_the_wrong_type_is_dropped_with_a_warning() -> None:
    a = parse(b"---\ntitle: [a, b]\noutlet: {x: 1}\nlanguage: de\n---\nText.\n", "t.md")
    assert a.front == {"language": "de"}
    assert any("'title'" in w for w in a.warnings)
    assert any("'outlet'" in w for w in a.warnings)


def test_unclosed_front_matter_is_read_as_text() -> None:
    a = parse(b"---\nJust a rule line, then text.\n", "t.txt")
    assert any("never closed" in w for w in a.warnings)
    assert a.lines[-1].text == "Just a rule line, then text."


def test_markdown_blocks_become_lines_with_hints() -> None:
    a = parse(b"# Big news\n\nA paragraph\nwrapped over two lines.\n\n- an item\n\n> a quote\n", "m.md")
    assert [(line.number, line.text, line.hint) for line in a.lines] == [
        (1, "Big news", "heading"),
        (3, "A paragraph wrapped over two lines.", ""),
        (6, "an item", "list_item"),
        (8, "a quote", "blockquote"),
    ]


def test_markdown_html_is_not_interpreted() -> None:
    a = parse(b"<script>alert(1)</script> and text\n", "m.md")
    assert "<script>" in a.lines[0].text  # kept as text, escaped when rendered


@pytest.mark.parametrize(
    ("glued", "parts"),
    [
        ("December 3, 2024Iranian-backed militias entered.", ["December 3, 2024", "Iranian-backed militias entered."]),
        ("3 March 2023The minister resigned.", ["3 March 2023", "The minister resigned."]),
        ("Updated 10:25amPolice said.", ["Updated 10:25am", "Police said."]),
        ("He left the city.The next day he came back.", ["He left the city.", "The next day he came back."]),
        ("The U.S. Army said so. Mr. Smith agreed.", ["The U.S. Army said so. Mr. Smith agreed."]),
        ("Released in 2024 by iPhone users.", ["Released in 2024 by iPhone users."]),
        # each kind of place before a cut: a time's "." and its space, a closing quote, a "?"
        ("Posted 9:40 p.m.Rescuers arrived.", ["Posted 9:40 p.m.", "Rescuers arrived."]),
        ("Posted 09:40 Rescuers arrived.", ["Posted 09:40", "Rescuers arrived."]),
        ('She said "we stay."Then she left.', ['She said "we stay."', "Then she left."]),
        ("Why now?Nobody knows.", ["Why now?", "Nobody knows."]),
    ],
)
def test_split_glued(glued: str, parts: list[str]) -> None:
    assert split_glued(glued) == parts


def test_glued_line_parts_share_a_line_number() -> None:
    a = parse(b"Title\nDecember 3, 2024Iranian-backed militias entered Syria.\n", "g.txt")
    assert [(line.number, line.text) for line in a.lines] == [
        (1, "Title"), (2, "December 3, 2024"), (2, "Iranian-backed militias entered Syria."),
    ]


def test_mixed_line_endings() -> None:
    a = parse(b"one\r\ntwo\rthree\nfour", "m.txt")
    assert [(line.number, line.text) for line in a.lines] == [(1, "one"), (2, "two"), (3, "three"), (4, "four")]


def test_normalise() -> None:
    assert normalise("\u2018a\u2019 \u201eb\u201c  c\u2013d\u00ad") == "'a' \"b\" c-d"
    # plain ASCII takes a shorter path to the same form
    assert normalise("  it`s\t a \n\n test ") == "it's a test"
    assert normalise("caf\u00e9\u00a0 \ufb01le\u2003x") == "caf\u00e9 file x"  # NBSP, ligature, em space


def test_discover_ignores_temp_and_hidden_files_and_finds_nested(tmp_path: Path) -> None:
    for name in ["a.txt", "deep/er/b.md", ".hidden.txt", "c.txt~", ".#c.txt", "c.txt.swp", "#c.txt#",
                 ".DS_Store", "notes.pdf", ".git/x.txt"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("text")
    found, warnings = discover(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.txt", "deep/er/b.md"]
    assert warnings == []


def test_discover_symlinks_stay_inside_and_loops_end(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "sub").mkdir(parents=True)
    (content / "sub" / "a.txt").write_text("text")
    secret = tmp_path / "secret.txt"
    secret.write_text("outside")
    os.symlink(secret, content / "leak.txt")
    os.symlink(content, content / "sub" / "loop")
    found, warnings = discover(content)
    assert [p.name for p in found] == ["a.txt"]
    assert any("leak.txt" in w and "outside" in w for w in warnings)


def test_ids_are_unique_and_safe() -> None:
    ids = assign_ids(["a/story.txt", "b/story.txt", "solo.md", "x/../Ünïcode name.txt"])
    assert ids["solo.md"] == "solo"
    assert ids["a/story.txt"] != ids["b/story.txt"]
    assert len(set(ids.values())) == 4
    assert all(c.isalnum() or c in "-_" for v in ids.values() for c in v)
