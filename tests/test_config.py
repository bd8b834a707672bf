"""site.toml: defaults for everything, and one clear message for every kind of mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.config import ConfigError, glob_matches, load_config


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "site.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_missing_site_toml_gives_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config.path is None
    assert config.base_url == "/"
    assert config.content_dir == (tmp_path / "content").resolve()
    assert config.output_dir == (tmp_path / "public").resolve()
    assert config.outlets == []


def test_values_are_read(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '''
[site]
title = "Desk"
base_url = "/news"
[paths]
output = "out"
[outlets]
"dw/*.txt" = { name = "DW", url = "https://www.dw.com" }
"reuters-*" = "Reuters"
[group]
threshold = 0.4
'''))
    assert config.title == "Desk"
    assert config.base_url == "/news/"  # a trailing slash is added so links join cleanly
    assert config.output_dir == (tmp_path / "out").resolve()
    assert config.group.threshold == 0.4
    assert config.outlet_for("dw/a.txt").name == "DW"
    assert config.outlet_for("dw/a.txt").url == "https://www.dw.com"
    assert config.outlet_for("sub/reuters-1.txt").name == "Reuters"  # no slash: matches the name
    assert config.outlet_for("other.txt") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[site]\ntitel = "x"\n', ["site.toml:2", "[site] titel", "unknown key"]),
        ('[site]\ntitle = 3\n', ["site.toml:2", "[site] title", "expected a string, got an integer"]),
        ('[group]\nthreshold = "high"\n', ["site.toml:2", "[group] threshold", "expected a number"]),
        ('[group]\nthreshold = 1.5\n', ["[group] threshold", "between 0 and 1"]),
        ('[sight]\ntitle = "x"\n', ["site.toml:1", "sight", "unknown section"]),
        ('[outlets]\n"a[b.txt" = "X"\n', ["site.toml:2", "[outlets] a[b.txt", "bad glob", "unclosed"]),
        ('[outlets]\n"../x.txt" = "X"\n', ["[outlets] ../x.txt", "outside the content folder"]),
        ('[outlets]\n"x.txt" = { name = "X", url = "javascript:alert(1)" }\n', ["[outlets] x.txt", "http(s)"]),
        ('[outlets]\n"x.txt" = 5\n', ["[outlets] x.txt", "expected a string or a table"]),
        ('[clean]\nboilerplate = ["(unclosed"]\n', ["site.toml:2", "[clean] boilerplate", "bad regular expression"]),
        ('[site]\ntitle = "x\n', ["site.toml", "TOML syntax error", "line 2"]),
        ('[paths]\noutput = "content"\n', ["[paths] output", "folder of its own"]),
        ("site = 3\n", ["site", "must be a table"]),
    ],
)
def test_mistakes_name_file_line_and_key(tmp_path: Path, text: str, expected: list[str]) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    message = str(info.value)
    for part in expected:
        assert part in message


def test_glob_matching() -> None:
    assert glob_matches("*.txt", "a/b/c.txt")
    assert glob_matches("a/*.txt", "a/c.txt")
    assert not glob_matches("a/*.txt", "a/b/c.txt")
    assert glob_matches("a/**/*.txt", "a/b/c/d.txt")
    assert glob_matches("a/**/*.txt", "a/d.txt")
    assert glob_matches("[0-9]*_x.md", "7_x.md")
    assert not glob_matches("[!0-9]*.md", "7_x.md")
