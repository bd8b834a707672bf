"""The sentence splitter: abbreviations, quotes, places in the source."""

from __future__ import annotations

import pytest

from builder.sentences import source_sentences, split_sentences

from .factories import make_source


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # months before a day, dotted acronyms inside a sentence, titles, initials
        (
            "Fighting flared between Nov. 26 and Dec. 1 near the U.S. base. Mr. J. R. Ewing left.",
            ["Fighting flared between Nov. 26 and Dec. 1 near the U.S. base.", "Mr. J. R. Ewing left."],
        ),
        ("Gen. Smith met Sen. Jones on Jan. 5. They spoke.", ["Gen. Smith met Sen. Jones on Jan. 5.", "They spoke."]),
        ("Route No. 5 closed. Traffic moved.", ["Route No. 5 closed.", "Traffic moved."]),
        # a dateline's state abbreviation before the agency's credit and dash
        ("DOVER, Del. (AP) — Rain fell. Roads shut.", ["DOVER, Del. (AP) — Rain fell.", "Roads shut."]),
        ("TROY, N.Y. (Reuters/AFP) - Rain fell.", ["TROY, N.Y. (Reuters/AFP) - Rain fell."]),
        ("It rained in Del. (Schools closed for a day.)", ["It rained in Del.", "(Schools closed for a day.)"]),
        # a dotted acronym that does end a sentence: the next word starts sentences
        ("Aid came from the U.S. The rebels held.", ["Aid came from the U.S.", "The rebels held."]),
        ("The U.S. Navy sailed. It docked.", ["The U.S. Navy sailed.", "It docked."]),
        # quotes closing after the full stop, typographic or plain, and a stray stop after them
        ('He said "we stay." Then he left.', ['He said "we stay."', "Then he left."]),
        ("“We stay.” The minister left.", ["“We stay.”", "The minister left."]),
        ('She said "we continue.". Talks go on.', ['She said "we continue.".', "Talks go on."]),
        # question and exclamation marks, decimals, numbers opening a sentence
        ("Will it hold? Nobody knows! 2.5 million fled.", ["Will it hold?", "Nobody knows!", "2.5 million fled."]),
        # lower case after a full stop is not a new sentence
        ("It rose 3 p.c. and fell.", ["It rose 3 p.c. and fell."]),
        # Cyrillic capitals; scripts without capitals, and their own full stops (the danda)
        ("Дождь шёл всю ночь. Дороги закрыты.", ["Дождь шёл всю ночь.", "Дороги закрыты."]),
        ("रात भर बारिश हुई। सड़कें बंद हैं।", ["रात भर बारिश हुई।", "सड़कें बंद हैं।"]),
        ("", []),
        ("One sentence without a stop", ["One sentence without a stop"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_split_keeps_every_character_of_the_text() -> None:
    text = 'Officials said 44 died from Nov. 26 to Dec. 1. "It is grim," one said. Aid is slow.'
    parts = split_sentences(text)
    assert len(parts) == 3
    assert " ".join(parts) == text


def test_source_sentences_number_sentences_in_reading_order_with_their_line() -> None:
    src = make_source("s1", ["First one. Second one.", "Third one on Dec. 3 here."])
    sents = source_sentences(src)
    assert [s.text for s in sents] == ["First one.", "Second one.", "Third one on Dec. 3 here."]
    assert [s.index for s in sents] == [0, 1, 2]
    assert [s.line for s in sents] == [1, 1, 2]
    assert all(s.source == "s1" for s in sents)


def test_source_sentences_skip_non_body_blocks_and_normalise() -> None:
    src = make_source("s2", ["“Quoted,” he said.", "Leave a Reply"])
    src.blocks[1].role = "boilerplate"
    sents = source_sentences(src)
    assert [s.norm for s in sents] == ['"Quoted," he said.']


@pytest.mark.parametrize("credit", [
    "(Tom Reed, File/Associated Press)", "(AP Photo/Tom Reed, File)", "[Photo/Agencies]", "(Courtesy of Ann Lee)",
])
def test_a_pictures_credit_left_in_a_caption_is_not_a_sentence(credit: str) -> None:
    """A wire caption kept as text (it retells the story) ends with its picture's credit, which
    states no fact; the sentences around it are numbered without it."""
    src = make_source("s3", [f"Engineers inspect the works. The notice was lifted on Friday. {credit}", "Repairs are done."])
    sents = source_sentences(src)
    assert [s.text for s in sents] == ["Engineers inspect the works.", "The notice was lifted on Friday.", "Repairs are done."]
    assert [s.index for s in sents] == [0, 1, 2]


def test_a_label_of_a_few_words_is_not_a_sentence() -> None:
    """A picture agency's name or a widget's title left on its own line states nothing; a short
    sentence with its full stop does."""
    src = make_source("s5", ["The works reopened on Friday.", "Valley Images", "TIMELINE", "It rained.", "No."])
    assert [s.text for s in source_sentences(src)] == ["The works reopened on Friday.", "It rained.", "No."]


def test_a_transcripts_labels_and_a_glued_credit_are_not_sentences() -> None:
    """A broadcast transcript's speaker label and stage direction, in capitals, and a picture's
    credit glued into the text state nothing; the speech under them does."""
    src = make_source("s6", ["JANE DOE, HOST:", "Good morning. The works reopened on Friday.",
                             "(SOUNDBITE OF ARCHIVED RECORDING)", "Credit Tom Reed/Valley Picture Agency",
                             "NASA said: the launch is off.", "(The board declined to comment.)"])
    assert [s.text for s in source_sentences(src)] == [
        "Good morning.", "The works reopened on Friday.", "NASA said: the launch is off.",
        "(The board declined to comment.)"]


def test_a_sentence_in_brackets_that_is_not_a_credit_stays() -> None:
    src = make_source("s4", ["The board declined to comment. (Experian declined to comment on pending litigation.)"])
    assert len(source_sentences(src)) == 2


def test_a_quotation_of_several_sentences_stays_with_its_speaker() -> None:
    text = '"Prices will rise. Wages will not," the minister told parliament. Members protested.'
    assert split_sentences(text) == ['"Prices will rise. Wages will not," the minister told parliament.', "Members protested."]
    curly = "\u201cWe are ready. We will go,\u201d she said. Then she left."
    assert split_sentences(curly) == ["\u201cWe are ready. We will go,\u201d she said.", "Then she left."]


def test_a_stray_quote_mark_does_not_glue_the_paragraph() -> None:
    assert split_sentences('A stray " mark here. Then more text. And more.') == [
        'A stray " mark here.', "Then more text.", "And more.",
    ]
