"""The editor's loop (issue 19): `check` names the sources without an outlet once, grouped, with a
snippet that really works when pasted into site.toml; `inspect` says why each file's outlet, date,
byline and title are what they are; `[identify] outlet_from = "folder"` names outlets by folder.

Every test runs the real CLI on a real site folder; the outlets and texts are fictional.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from .conftest import SiteFactory

PLACES = ["Port Kell", "Bramford", "Lowmere", "Ashby Cross", "Tarn Hill", "Wexley", "Orrin Bay", "Dunlow"]
THINGS = ["ferry routes", "bus lanes", "school meals", "library hours", "bridge repairs", "tram fares", "flood walls"]


#: a site with its full address: warnings about a missing base_url are not what these tests are about
SITE = '[site]\nbase_url = "https://desk.example.org/"\n'


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=root, capture_output=True, text=True, timeout=300)


def article(n: int, credit: str = "") -> str:
    """A short article with a headline and no word of who published it (unless ``credit``)."""
    place, thing = PLACES[n % len(PLACES)], THINGS[n % len(THINGS)]
    text = (
        f"{place} council delays vote on {thing} for week {n}\n"
        f"Councillors in {place} put off a vote on {thing} on Tuesday after a long debate, a spokeswoman said.\n"
        f"The plan would cost {n + 3} million pounds over five years, according to a council report.\n"
    )
    return text + (credit + "\n" if credit else "")


def sources_built(root: Path) -> dict[str, dict]:
    """Every source of the built site by its file path, from the stories' digest.json."""
    found: dict[str, dict] = {}
    for digest in (root / "public" / "stories").glob("*/digest.json"):
        for source in json.loads(digest.read_text(encoding="utf-8"))["sources"]:
            found[source["file"]] = source
    return found


def test_check_lists_250_sources_without_an_outlet_once_grouped_by_folder(make_site: SiteFactory) -> None:
    credit = "Valley Courier's Sam Reyes contributed to this report."
    files: dict[str, str | bytes] = {f"{n:04x}9f36d34b.txt": article(n) for n in range(250)}
    files |= {f"harbour-desk/h{n}.txt": article(300 + n) for n in range(3)}
    files["harbour-desk/2024/h9.txt"] = article(309)
    files |= {"valley/v1.txt": article(400), "valley/v2.txt": article(401, credit), "valley/old/o1.txt": article(402)}
    files |= {"mixed/m1.txt": article(500), "mixed/sub/s1.txt": article(501, credit)}
    root = make_site(files=files, toml=SITE)
    proc = run(root, "check")
    assert proc.returncode == 0, proc.stderr
    report = proc.stdout
    # once, not one note per file: a count, one line per folder, a few names, then how many more
    assert "257 of 259 sources have no outlet" in report
    assert "content/ (250 files): 00009f36d34b.txt, 00019f36d34b.txt" in report and "… and 245 more" in report
    assert "content/harbour-desk/ (3 files): h0.txt, h1.txt, h2.txt" in report
    assert "content/valley/ (1 file): v1.txt" in report
    assert "outlet unknown" not in proc.stderr
    assert len(report.splitlines()) < 40
    # the snippet: one glob for a folder whose files all lack an outlet (its sub-folders' too: '**',
    # its own: '*'), single paths where some of a folder's files name their own (a glob would
    # override theirs), each file's title beside it (a hashed name says nothing), a screenful at most
    title = {n: article(n).splitlines()[0] for n in (0, 400, 402, 500)}
    assert (
        '[outlets]\n"harbour-desk/**" = ""  # 4 files\n'
        f'"mixed/*" = ""  # {title[500]}\n'
        f'"valley/old/**" = ""  # {title[402]}\n'
        f'"valley/v1.txt" = ""  # {title[400]}\n'
        f'"00009f36d34b.txt" = ""  # {title[0]}\n'
    ) in report
    assert "# … and 239 more lines: 'check --snippet' prints them all" in report
    assert 'set [identify] outlet_from = "folder"' in report


def test_the_pasted_snippet_names_the_outlets_once_filled_in(make_site: SiteFactory) -> None:
    files: dict[str, str | bytes] = {
        "a1c09f.txt": article(1),
        "b2d17e.txt": article(2),
        "harbour-desk/h1.txt": article(3),
        "harbour-desk/h2.txt": article(4),
        "valley/v1.txt": article(5),
        "valley/v2.txt": article(6, "Valley Courier's Sam Reyes contributed to this report."),
    }
    root = make_site(files=files, toml=SITE)
    snippet = run(root, "check", "--snippet")
    assert snippet.returncode == 0, snippet.stderr
    assert snippet.stdout.startswith("[outlets]\n")
    site_toml = root / "site.toml"
    site_toml.write_text(site_toml.read_text() + "\n" + snippet.stdout)
    # pasted as it is, the empty names are refused with the line and key, and nothing is built
    unfilled = run(root, "build", "--no-search")
    assert unfilled.returncode == 2
    assert re.search(r"site\.toml:\d+: \[outlets\] harbour-desk/\*\*: no outlet name: fill in the name", unfilled.stderr)
    assert not (root / "public").exists()
    names = iter(["Harbour Desk Weekly", "Valley Courier", "Bramford Evening Post", "Lowmere Gazette"])
    site_toml.write_text(re.sub(r'= ""', lambda _: f'= "{next(names)}"', site_toml.read_text()))
    build = run(root, "build", "--no-search")
    assert build.returncode == 0, build.stderr
    outlets = {path: (s["outlet"], s["outlet_from"]) for path, s in sources_built(root).items()}
    assert outlets == {
        "harbour-desk/h1.txt": ("Harbour Desk Weekly", "site.toml"),
        "harbour-desk/h2.txt": ("Harbour Desk Weekly", "site.toml"),
        "valley/v1.txt": ("Valley Courier", "site.toml"),
        "valley/v2.txt": ("Valley Courier", "attribution"),  # its own credit, not overridden
        "a1c09f.txt": ("Bramford Evening Post", "site.toml"),
        "b2d17e.txt": ("Lowmere Gazette", "site.toml"),
    }
    again = run(root, "check")
    assert again.returncode == 0 and "0 without a known outlet" in again.stdout and "[outlets]" not in again.stdout


def test_a_snippet_for_a_site_with_an_outlets_table_has_no_second_header(make_site: SiteFactory) -> None:
    root = make_site(
        files={"coast/c1.txt": article(1), "x[1]*.txt": article(2), "y.txt": article(3)},
        toml='[outlets]\n"coast/*" = "Coast Radio"\n\n' + SITE,
    )
    proc = run(root, "check")
    assert "add these lines to the [outlets] table of site.toml" in proc.stdout
    snippet = run(root, "check", "--snippet").stdout
    assert "[outlets]" not in snippet
    # a file name with glob characters is written so that it matches itself
    text = (root / "site.toml").read_text().replace('"coast/*" = "Coast Radio"\n', '"coast/*" = "Coast Radio"\n' + snippet)
    (root / "site.toml").write_text(text.replace('= ""', '= "Tarn Hill Times"'))
    assert run(root, "build", "--no-search").returncode == 0
    assert {p: s["outlet"] for p, s in sources_built(root).items()} == {
        "coast/c1.txt": "Coast Radio", "x[1]*.txt": "Tarn Hill Times", "y.txt": "Tarn Hill Times",
    }


def test_inspect_says_why_each_field_was_or_was_not_found(make_site: SiteFactory) -> None:
    credited = (
        "By Ana Ruiz\n"
        "Published 3 May 2024\n"
        "Tarn Hill lifeboat crew rescue two walkers from cliffs\n"
        "Two walkers were lifted from the cliffs below Tarn Hill on Sunday, the lifeboat crew said.\n"
        "Both were taken to hospital with minor injuries.\n"
        "The Orrin Bay Beacon's Lee Park contributed to this report.\n"
    )
    captioned = "Enlarge this image toggle caption Kim Lee/Coastwire Photos\n" + article(8).split("\n", 1)[1]
    root = make_site(files={"beacon.txt": credited, "bare.txt": article(7), "captioned.txt": captioned}, toml=SITE)
    proc = run(root, "inspect", "content/beacon.txt", "content/bare.txt")
    assert proc.returncode == 0, proc.stderr
    beacon, bare = proc.stdout.split("content/bare.txt")
    assert ("outlet: The Orrin Bay Beacon — rule staff_credit, line 6: The Orrin Bay Beacon's Lee Park contributed to "
            "this report.") in beacon
    assert "published: 2024-05-03 — rule date_stamp, line 2: Published 3 May 2024" in beacon
    assert "byline: Ana Ruiz — rule byline, line 1: By Ana Ruiz" in beacon
    assert re.search(r"title: Tarn Hill lifeboat crew rescue two walkers from cliffs — rule \w+, line 3\n", beacon)
    assert "outlet: unknown — no self-credit, address or copyright of an outlet in the text" in bare
    assert "published: none — no 'Published'/'Updated' stamp" in bare
    assert "byline: none — no byline line" in bare
    derived = run(root, "inspect", "content/captioned.txt").stdout
    assert re.search(r"title: Councillors in Port Kell put off a vote on bus lanes on Tuesday after… — rule from_lede, line 2: .*"
                     r"\(no headline line; line 1 is caption \(rule \w+\)\)", derived), derived
    # the same as data
    data = json.loads(run(root, "inspect", "--json", "content/beacon.txt").stdout)["files"][0]["identify"]
    assert data["outlet"] | {"evidence": None} == {
        "value": "The Orrin Bay Beacon", "from": "attribution", "rule": "staff_credit", "line": 6,
        "text": "The Orrin Bay Beacon's Lee Park contributed to this report.", "detail": data["outlet"]["detail"],
        "evidence": None,
    }
    assert (data["published"]["value"], data["published"]["line"]) == ("2024-05-03", 2)
    assert data["byline"]["rule"] == "byline" and data["title"]["line"] == 3


def test_inspect_shows_the_evidence_that_disagreed(make_site: SiteFactory) -> None:
    text = article(5, "Do you have a story for The Wexley Post?\nCopyright 2024 Dunlow Weekly. All rights reserved.")
    root = make_site(files={"two.txt": text}, toml=SITE)
    proc = run(root, "inspect", "content/two.txt")
    assert "outlet: unknown — names disagree: " in proc.stdout
    assert "    evidence: The Wexley Post — rule contact_line, line 4: Do you have a story for The Wexley Post?" in proc.stdout
    assert "    evidence: Dunlow Weekly — rule copyright, line 5: Copyright 2024 Dunlow Weekly." in proc.stdout


def test_inspect_names_the_setting_that_gave_the_outlet(make_site: SiteFactory) -> None:
    root = make_site(
        files={"coast/c1.txt": article(1), "given.txt": "---\noutlet: Wexley Radio\n---\n" + article(2)},
        toml=SITE + '[outlets]\n"coast/*" = "Coast Radio"\n',
    )
    proc = run(root, "inspect", "content/coast/c1.txt", "content/given.txt")
    assert "outlet: Coast Radio — site.toml: [outlets] 'coast/*'" in proc.stdout
    assert "outlet: Wexley Radio — front matter: outlet: Wexley Radio" in proc.stdout


def test_folder_named_outlets_when_the_site_says_so(make_site: SiteFactory) -> None:
    files: dict[str, str | bytes] = {
        "example-news/e1.txt": article(1),
        "example-news/2024/e2.txt": article(2),
        "the-dunlow-star/d1.txt": article(3),
        "coast-fm/c1.txt": article(4),
        "loose.txt": article(5),
    }
    root = make_site(files=files, toml=SITE)
    assert run(root, "build", "--no-search").returncode == 0
    assert {s["outlet_from"] for s in sources_built(root).values()} == {"unknown"}  # not without the setting

    # the setting alone changes the outlets: the build cache does not keep the old ones
    (root / "site.toml").write_text(SITE + '[identify]\noutlet_from = "folder"\n')
    assert run(root, "build", "--no-search").returncode == 0
    assert sources_built(root)["coast-fm/c1.txt"]["outlet"] == "Coast FM"

    (root / "site.toml").write_text(SITE + '[identify]\noutlet_from = "folder"\n\n[outlets]\n"coast-fm/**" = "Coast FM 96.2"\n')
    build = run(root, "build", "--no-search")
    assert build.returncode == 0, build.stderr
    outlets = {path: (s["outlet"], s["outlet_from"]) for path, s in sources_built(root).items()}
    assert outlets == {
        "example-news/e1.txt": ("Example News", "folder"),
        "example-news/2024/e2.txt": ("Example News", "folder"),  # the first folder under content/
        "the-dunlow-star/d1.txt": ("The Dunlow Star", "folder"),
        "coast-fm/c1.txt": ("Coast FM 96.2", "site.toml"),  # [outlets] overrides the folder's name
        "loose.txt": ("unknown outlet", "unknown"),  # in no folder: its text alone
    }
    check = run(root, "check")
    assert "1 of 5 sources have no outlet" in check.stdout and "outlet_from" not in check.stdout
    inspect = run(root, "inspect", "content/example-news/2024/e2.txt")
    assert 'outlet: Example News — folder: example-news/ ([identify] outlet_from = "folder")' in inspect.stdout


def test_a_wrong_outlet_from_is_a_config_error_naming_the_line(make_site: SiteFactory) -> None:
    root = make_site(files={"a/a.txt": article(1)}, toml=SITE + '\n[identify]\noutlet_from = "folders"\n')
    proc = run(root, "check")
    assert proc.returncode == 2
    assert 'site.toml:5: [identify] outlet_from: expected "text" or "folder", got \'folders\'' in proc.stderr


def test_inspect_gives_the_template_line_that_carried_an_outlet(make_site: SiteFactory) -> None:
    topics = [
        ("Canal towpath reopens after landslip repairs", "The canal towpath reopened on Friday after crews cleared a landslip "
         "that had blocked it since March.", "Walkers and anglers had been sent on a long detour along the main road."),
        ("Swimming pool roof to be replaced next spring", "The leisure centre's pool will close for ten weeks next spring "
         "while its leaking roof is replaced.", "Swimming clubs will train at a school pool across town in the meantime."),
        ("Allotment waiting list reaches record length", "More than three hundred people are now waiting for an allotment "
         "plot in the borough, officials said.", "The council is looking for spare land beside the railway line."),
        ("Night buses return to the coast road", "Night buses will run again on the coast road from Saturday after a "
         "two-year gap.", "The operator said more drivers had been hired over the winter."),
    ]
    top, bottom = "Turn on alerts to hear first about stories like this", "Share your view in the reader forum below"
    files: dict[str, str | bytes] = {}
    for i, (title, *paragraphs) in enumerate(topics):
        front = "---\noutlet: The Dunlow Star\n---\n" if i < 2 else ""
        files[f"p{i}.txt"] = front + "\n".join([title, top, *paragraphs, bottom]) + "\n"
    files["elsewhere.txt"] = article(9)
    root = make_site(files=files, toml=SITE)
    proc = run(root, "inspect", "content/p3.txt")
    assert proc.returncode == 0, proc.stderr
    carried = r"outlet: The Dunlow Star — rule template, line \d: (Turn on alerts|Share your view)"
    assert re.search(carried, proc.stdout), proc.stdout
