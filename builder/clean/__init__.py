"""Clean stage: give every line of an article one role and the name of the rule that decided it.

Cleaning is an ordered chain of small named rules (in the spirit of markdown-it-py's rule
chains). Each rule looks at the lines no earlier rule has decided and may give some of them a
role; the rule's name is the reason ``inspect`` shows the editor, and ``[clean] disable`` in
``site.toml`` switches a rule off. Whatever no rule decides ends as ``body`` (rule
``default_body``), so switching rules off can only keep more text, never drop it.

The rules use evidence that generalises rather than strings of known pages:

* patterns of the *kinds* of note every news site prints (bylines, agency credits, publication
  lines, copyright, photo credits, comment forms, share and newsletter prompts);
* the **main block**: the contiguous run of lines with the most article-like text, found with a
  maximum-sum segment over per-line scores (long, punctuated, stopword-rich lines score up;
  short, unpunctuated and known-clutter lines score down), as body-text extractors do (Finn's
  BTE, jusText's context-sensitive classification). It runs on past furniture or a stop inside
  the article (a share row, a box of links, a tag line) when the text after it goes on with the
  story. What lies before it is header or menu; what lies after it (past the sign-off) is
  sidebar, teaser list or comments;
* inside the block, short lines are judged by their neighbours: a title-like line before a
  paragraph is a heading, a run of title-like lines is a list of other articles' headlines, a
  short sentence between paragraphs is body;
* recurrence across the corpus (:class:`CorpusProfile`): a line found in files of different
  stories is template clutter.

All functions are pure: no disk, no global state.

The package: :mod:`.vocab` (general knowledge), :mod:`.features` (a line's shape),
:mod:`.profile` (recurrence across the corpus), :mod:`.patterns` (kinds of notes and clutter),
:mod:`.context` and :mod:`.block` (the main block), :mod:`.ends` (the seams under its last
paragraph), :mod:`.story` (does a run of lines go on with the story), :mod:`.media` (galleries and video
carousels), :mod:`.prompts` (prompts, menu phrases, disclaimers: clutter that speaks to the
reader), :mod:`.rules` (the chain).
"""

from __future__ import annotations

from ..config import CleanSettings
from ..models import Article, Block, CleanArticle
from .context import _Ctx
from .features import _ends_like_sentence, _features
from .profile import RECURRING_STORIES, CorpusProfile, corpus_profile, profile_key
from .rules import RULE_NAMES, RULES
from .vocab import AGENCIES, STOPWORDS, agencies_in, parse_date

__all__ = [
    "AGENCIES", "RECURRING_STORIES", "RULES", "RULE_NAMES", "STOPWORDS", "CorpusProfile", "_ends_like_sentence",
    "agencies_in", "clean", "corpus_profile", "inspect_records", "parse_date", "profile_key",
]


def clean(
    article: Article, settings: CleanSettings = CleanSettings(), profile: CorpusProfile | None = None
) -> CleanArticle:
    """Give every line of ``article`` a role and the name of the rule that decided it."""
    lines = article.lines
    ctx = new_ctx(article, settings, profile)
    disabled = set(settings.disable)
    for name, rule in RULES:
        if name in disabled and name != "default_body":  # never switched off: every line must end with a role
            continue
        rule(ctx)
    blocks = [
        Block(line=line.number, text=line.text, norm=line.norm, role=role or "body", rule=rule,
              fields=fields)
        for line, role, rule, fields in zip(lines, ctx.roles, ctx.rules, ctx.fields, strict=True)
    ]
    return CleanArticle(article=article, blocks=blocks)


def new_ctx(article: Article, settings: CleanSettings, profile: CorpusProfile | None) -> _Ctx:
    """What the rules start from: the lines and their features, no role decided yet."""
    lines = article.lines
    return _Ctx(
        article=article,
        lines=lines,
        feats=[_features(line.norm) for line in lines],
        settings=settings,
        profile=profile,
        roles=[None] * len(lines),
        rules=[""] * len(lines),
        fields=[{} for _ in lines],
    )


def inspect_records(cleaned: CleanArticle) -> list[dict]:
    """One record per physical non-blank line: its number, role, rule and text (and, where the
    line model decided, its ``model`` reason).

    A physical line split into several blocks (a glued date and a body sentence) reports one
    record: role ``body`` (with that part's rule) if any part is body, else the first part's.
    """
    records: list[dict] = []
    by_line: dict[int, list[Block]] = {}
    order: list[int] = []
    for b in cleaned.blocks:
        if b.line not in by_line:
            order.append(b.line)
            by_line[b.line] = []
        by_line[b.line].append(b)
    for number in order:
        parts = by_line[number]
        chosen = next((b for b in parts if b.role == "body"), parts[0])
        record = {
            "line": number,
            "role": chosen.role,
            "rule": chosen.rule,
            "text": " ".join(b.text for b in parts),
        }
        if "model" in chosen.fields:  # the line model's probability and evidence (rule line_model)
            record["model"] = chosen.fields["model"]
        records.append(record)
    return records
