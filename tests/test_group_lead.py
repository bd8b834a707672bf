"""Group stage: two events of one topic, one night, two towns — their ledes share the topic's
stock sentences ("residents were told to keep their windows shut"), but each lead states its
own event, so they are two stories; one event told by three outlets in different words is one."""

from __future__ import annotations

import pytest

from builder.group import cluster
from builder.models import Source

from .factories import make_source
from .test_group import ELECTION, FERRY_1, TRAM_1

# A fire in one town, told by three outlets in their own words.
WAKEFIELD = [
    [
        "Huge fire at Wakefield recycling plant sends smoke across the city",
        "A fire tore through a plastics recycling plant on an industrial estate in Wakefield on "
        "Saturday night, sending a plume of black smoke over the city.",
        "West Yorkshire Fire and Rescue Service said 15 engines and an aerial ladder platform were "
        "sent to the blaze, which broke out shortly before 10pm.",
        "Residents of nearby streets were told to keep their doors and windows shut. Nobody was "
        "hurt, the fire service said.",
        "Firefighters expected to stay at the site for several days while the bales of plastic "
        "burnt out.",
    ],
    [
        "Firefighters battle recycling plant blaze in Wakefield overnight",
        "Crews spent the night fighting a fire in bales of shredded plastic at a recycling yard in "
        "Wakefield, West Yorkshire.",
        "At the height of the blaze 15 fire engines were at the scene, West Yorkshire Fire and "
        "Rescue Service said on Sunday, and nobody was injured.",
        "People living nearby were asked to keep windows closed because of the smoke.",
    ],
    [
        "Wakefield residents told to shut windows as plastics fire burns on",
        "Smoke from a fire at a Wakefield recycling business was still drifting over homes on "
        "Sunday, a day after the blaze started in stacks of plastic waste.",
        "The fire service said its crews could be there for days; 15 engines fought the fire on "
        "Saturday night.",
        "No injuries were reported.",
    ],
]
# Another fire the same night in a town of the same county, attended by the same fire service.
HUDDERSFIELD = [
    [
        "Furniture warehouse destroyed by fire in Huddersfield",
        "A furniture warehouse in Huddersfield was destroyed by fire on Saturday night, West "
        "Yorkshire Fire and Rescue Service said.",
        "Ten engines were sent to the building on the edge of the town centre after the alarm was "
        "raised at about 11pm, and the roof collapsed within an hour.",
        "Two firefighters were treated for heat exhaustion. Residents were told to keep their "
        "doors and windows shut because of the smoke.",
        "The cause of the fire is being investigated.",
    ],
    [
        "Roof collapses as fire guts Huddersfield furniture store",
        "Fire gutted a furniture store and its warehouse in Huddersfield late on Saturday, "
        "bringing down the roof of the building.",
        "West Yorkshire Fire and Rescue Service said ten engines attended and two of its "
        "firefighters were treated for heat exhaustion.",
        "An investigation into the cause has begun.",
    ],
]
# Unrelated stories of the same site, which give it a vocabulary beyond fires.
OTHERS = {"ferry": FERRY_1, "tram": TRAM_1, "election": ELECTION}


def _fires_site(others: bool, dated: bool) -> list[Source]:
    day = "2025-11-08" if dated else None
    sources = [
        make_source(f"{town}{k}", paragraphs[1:], title=paragraphs[0], published=day)
        for town, tellings in (("wakefield", WAKEFIELD), ("huddersfield", HUDDERSFIELD))
        for k, paragraphs in enumerate(tellings)
    ]
    if others:
        sources += [make_source(name, p[1:], title=p[0], published=day) for name, p in OTHERS.items()]
    return sources


@pytest.mark.parametrize("dated", [False, True], ids=["undated", "same-day"])
@pytest.mark.parametrize("others", [False, True], ids=["fires-only", "with-other-stories"])
def test_two_fires_in_two_towns_on_one_night_are_two_stories(others: bool, dated: bool) -> None:
    groups, _ = cluster(_fires_site(others, dated))
    stories = sorted(sorted(s.id for s in g) for g in groups)
    assert ["wakefield0", "wakefield1", "wakefield2"] in stories, stories
    assert ["huddersfield0", "huddersfield1"] in stories, stories
    if others:
        assert all([name] in stories for name in OTHERS), stories
