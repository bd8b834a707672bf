"""Patterns of the *kinds* of note every news site prints: bylines, agency credits, publication
lines, copyright, photo credits and captions, comment forms, share and newsletter prompts."""

from __future__ import annotations

import re

from .vocab import _AGENCY_ALT, _MONTH

_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|da|van|von|al|el|bin|der|la|le)){0,4}"
_BYLINE_WRITTEN = re.compile(
    r"^(?:this (?:article|story|report|piece) (?:was|has been) (?:written|reported|compiled|"
    r"prepared|edited) by|written by|reported by|words by|story by)\s+(?P<person>" + _NAME + r"(?:"
    r"\s*(?:,|and|&)\s*" + _NAME + r")*)(?:,?\s+(?:of|from|for)\s+(?:the\s+)?(?P<org>[A-Z][\w&.'’ -]"
    r"{1,60}?))?(?:\s+in\s+(?P<place>[A-Z][\w.'’ -]{1,40}?))?\s*[.]?$",
    re.I,
)
_BYLINE_BY = re.compile(
    r"^(?i:by|von|par|por|di|door|oleh|автор:?)\s+(?P<person>" + _NAME + r"(?:\s*(?:,|and|&|und|et|y|e)\s*"
    + _NAME + r")*)(?:\s*(?:,|\||-|–|—)\s*(?P<org>[A-Z][\w&.'’ -]{1,60}?))?\s*$",
)
_BYLINE_TRAILER = re.compile(
    r"^\(?(?:additional )?(?:reporting|writing|editing|compiled|research) by\b.*$", re.I
)
#: A contributors' note closing the article ("The Associated Press contributed to this report."):
#: searched only in lines holding "contribut".
_CONTRIBUTED = re.compile(
    r"^(?:the )?(?P<who>[^.!?]{2,150}?) contributed "
    r"(?:to this (?:report|story|article)|(?:additional )?reporting)\b[^.!?]{0,80}[.)]?$",
    re.I,
)
_BYLINE_AUTHOR = re.compile(r"^(?:author|autor|auteur|posted by|written by)\s*[:|]\s*(?P<person>.{2,60})$", re.I)
_AGENCY_CREDIT = re.compile(
    r"^(?:[a-z]{1,4}(?:/[a-z]{1,4})*\s*)?\(\s*(?P<list>(?:" + _AGENCY_ALT + r")(?:\s*(?:,|/|and|&|with)\s*"
    r"(?:" + _AGENCY_ALT + r"))*)\s*\)\s*\.?$"
    r"|^(?:[-—–]\s*|(?:with|source|sources|quelle|fuente|fonte)\s*:?\s*)?(?P<list2>(?:" + _AGENCY_ALT
    + r")(?:\s*(?:,|/|and|&|with)\s*(?:" + _AGENCY_ALT + r"))*)\s*\.?$",
    re.I,
)
_PUBLICATION = re.compile(
    r"^(?:(?:first |originally )?(?:published|printed|appeared)|this (?:article|story) (?:was )?"
    r"(?:first |originally )?(?:published|appeared))\s+(?:in|on|by)\s+"
    r"(?P<outlet>[A-Z][\w&.'’ -]{0,60}?)(?:\s*(?:,|on|\|)\s*(?P<date>.{4,40}?))?\s*\.?$",
    re.I,
)
_COPYRIGHT = re.compile(
    r"^(?:(?:©|\(c\)|copyright)\s*(?:©|\(c\))?\s*(?P<year>(?:19|20)\d{2})?(?:\s*[-–]\s*(?:19|20)\d{2})?"
    r"[\s,]*(?P<holder>[^.|]{2,80}?)?\s*(?:[.|,]|$)"
    r"|(?P<holder2>[A-Z][\w&.'’ -]{1,60}?),?\s+(?P<year2>(?:19|20)\d{2})\.?\s+all rights reserved)",
    re.I,
)
_RIGHTS = re.compile(  # searched in _Feat.low
    r"all rights reserved|may not be (?:published|reproduced|redistributed)|alle rechte vorbehalten|"
    r"tous droits réservés|todos los derechos|todos os direitos",
)
#: A copyright mark inside a legal notice: ``... redistributed. ©2019 FOX News Network, LLC.``
_COPYRIGHT_INNER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?P<year>(?:19|20)\d{2})?\s*(?P<holder>[^.|©]{2,80}?)\s*(?:[.|]|all rights|$)",
    re.I,
)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]{2,}(?:[ -][A-Z][A-Z.'’-]+){0,3})(?:,\s*(?:[A-Z][a-zA-Z.]+\s?){1,3})?"
    r"(?:,?\s*" + _MONTH + r"\s+\d{1,2})?"
    r"(?:\s*\((?P<agency>(?i:" + _AGENCY_ALT + r")(?:\s*[,/]\s*(?i:" + _AGENCY_ALT + r"))*)\)\s*[-—–:]*\s*"
    r"|\s*[:—–]\s*|\s+-{1,2}\s+)(?=\S)",
)
#: A picture's credit in brackets: "(Jane Smith/Reuters)", "(John Doe, File/Associated Press)",
#: "[Photo/Agencies]", "(Courtesy of X)".
_BRACKETED_CREDIT = (
    r"[(\[](?P<credit7>(?:[A-Z][\w.'’-]*(?:,? [\w.'’-]+){0,3}/[A-Z][\w.'’ ,&-]{1,40})|courtesy (?:of )?[^()]{2,60})[)\]]"
)
#: A sentence that is nothing but such a credit (left over from a caption kept as text), or a
#: credit line glued into the text ("Credit Jane Smith/European Pressphoto Agency"), states no fact.
CREDIT_SENTENCE = re.compile(
    r"(?:" + _BRACKETED_CREDIT + r"|(?:photo |image |picture )?credits?\s*:?\s+[^.!?/]{2,60}/[^.!?]{2,60})\s*", re.I
)
_PHOTO_CREDIT = re.compile(
    r"(?:[.!?)\"”’]\s*|\s)[-—–]\s*(?P<credit>(?:" + _AGENCY_ALT + r")(?:\s*/\s*[\w .'-]+)?|"
    r"[A-Z][\w.'’ -]{1,40}?(?:photo|photos|images|pictures)|photo\b[^.]{0,40})\s*$"
    r"|\((?P<credit2>[^()]{0,60}(?:photo|images|image\b|pictures|picture\b|bildquelle|foto)[^()]{0,60})\)\s*$"
    r"|(?P<credit3>\b[A-Z][A-Za-z]+/[A-Z][\w.'’ -]{1,40})\s*$"  # REUTERS/Name; agency checked
    r"|(?P<credit6>\b(?:via )?getty images|\bshutterstock)\s*\)?\s*$"
    r"|" + _BRACKETED_CREDIT + r"\s*$"
    r"|(?:^|\s)credit(?:\.\.\.|:|…)\s*(?P<credit5>.{2,80})$",
    re.I,
)
#: A caption copied with its picture's credit *first* (``GETTY The station was launched in 2011``,
#: ``Getty Images Hamilton celebrates victory``, ``AFP Police made arrests in Cologne``): a picture
#: agency's name as credits write it (case matters: "Ap"/"Pa" are words), then the caption's
#: capital. The caller checks that the line does not end like a sentence.
_CREDIT_FIRST = re.compile(
    r"^(?P<credit>Getty Images|GETTY IMAGES|Getty|GETTY|Shutterstock|SHUTTERSTOCK|Alamy|ALAMY|Rex Features|REX"
    r"|EPA|AFP|AP|PA|Reuters|REUTERS)\s+(?=[\"“‘'A-Z])"
)
_PHOTO_LEAD = re.compile(r"^(?:file photo|photo|picture|image|foto|bild)\s*:\s*(?P<credit>.{0,80})", re.I)
#: Image furniture copied with a picture (``Enlarge this image toggle caption X/AP``,
#: ``Image copyright EPA Image caption ...``): a caption wherever its text ends.
_IMAGE_FURNITURE = re.compile(
    r"^(?:enlarge this image|toggle caption|hide caption|image copyright|image caption|image source|"
    r"photo credit|picture credit|(?:photo|image|picture)\s+\d+\s+(?:of|/)\s+\d+)\b", re.I
)
#: What never is a headline: furniture and page notes that open a line.
_NOT_HEADLINE = re.compile(
    r"^(?:story highlights|highlights\s*(?::|$)|key points\b|updated|last updated|posted|published|first published|"
    r"(?:photo|video|image|watch|listen|audio|advertisement)\s*[:|-])", re.I
)
_CAPTION_HINT = re.compile(r"[-—–(/]|photo|getty|credit|image|picture|shutterstock|foto|bild")  # in _Feat.low

# --- clutter vocabulary (kinds of republisher text, not any one site's strings) ------------------

#: A comment section's header counting its comments on the article (``3 thoughts on "Title"``,
#: ``One response to "Title"``, the title quoted): it ends the article. "Two thoughts on Brexit"
#: unquoted may be a subheading.
_COMMENTS_ON = (r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten) "
                r"(?:comments?|responses?|replies|thoughts) (?:on|to) [\"“‘'«].{1,200}")

#: What a "Related"/"More" header points to (``More coverage``): a menu line, and a pointer header.
_POINTED = r"(?: articles| posts| stories| news| content| coverage| videos)?"

_CLUTTER_LINE = re.compile(
    r"^(?:"
    # comment forms and counters
    r"leave a (?:reply|comment)|\d+\s+(?:comments?|responses?|replies|comentários?|kommentare?)|" + _COMMENTS_ON + r"|"
    r"comments?(?:\s*\(\d+\)?)?|no comments(?: yet)?|(?:post|add|write|show|view|load) (?:a |all |more )?"
    r"comments?|join the (?:conversation|discussion)|be the first to comment.*|"
    r"your email address will not be published.*|required fields are marked.*|cancel reply|reply|"
    r"you must be (?:logged|signed) in to (?:post|leave|add|write) a (?:comment|reply).*|comments are closed.*|"
    r"(?:name|email|website|comment)\s*\*?|save my name.*|notify me of.*|"
    # sharing, following, newsletters, accounts
    r"share(?: this(?: article| story| post)?| on \w+| via \w+)?\s*:?|tweet|pin it|"
    r"facebook|twitter|linkedin|whatsapp|telegram|pinterest|reddit|tumblr|instagram|youtube|e-?mail|"
    r"print|copy link|follow us(?: on .{0,30})?|like us on .{0,30}|"
    r"view (?:this|the) (?:post|photo|video|tweet|profile|reel) on \w+|"  # an embedded post's button
    r"(?:sign up|subscribe) (?:for|to) (?:our|the) .{0,40}newsletters?.{0,60}|newsletters?|"
    r"subscribe(?: now| today| here)?|sign (?:in|up|out)|log ?in|log ?out|register|my account|"
    r"(?:get|receive) (?:the latest|breaking news).{0,80}|"
    # navigation and page furniture
    r"skip to (?:main )?content.*|skip to .{0,20}navigation|back to top.*|go to top|menu|search|"
    r"home|close|previous(?: post| article)?|next(?: post| article)?|"
    r"advertisement|advertising|advert|sponsored(?: content)?|ad|ads|promoted|anzeige|werbung|publicit[ée]|publicidad|"
    r"continue reading(?: the main story| below)?|(?:the )?(?:story|article) continues (?:below|after).{0,40}|"
    r"(?:read|see|show|load|view) (?:more|all|full story)|"
    r"(?:related|more)" + _POINTED + r"\s*:?|"
    r"(?:you )?(?:may|might) also like.*|recommended(?: for you| stories)?|"
    r"(?:most )?(?:popular|read|viewed|shared|commented|trending)(?: now| news| articles| stories)?|"
    r"(?:latest|top|more) (?:news|stories|articles|videos|headlines|from .{1,40})|"
    r"tags?\s*:.{0,120}|(?:filed|posted) (?:in|under)\s*:?.{0,120}|categor(?:y|ies)\s*:.{0,120}|"
    r"privacy(?: policy)?|terms(?: of (?:use|service|sale))?|cookie(?: policy| settings)?|"
    r"contact(?: us)?|about(?: us)?|site ?map|help|faq|careers|imprint|impressum|"
    r"(?:watch|listen)(?: now| live)?|video|photos?|gallery|audio|podcast|"
    r"all rights reserved\.?|this (?:site|website) uses cookies.*|we use cookies.*"
    r")\s*(?:[.!:]|\.\.\.|…)?$",  # "Continue reading…" too
    re.I,
)
#: Lines that *start* like a pointer to another page; only short ones count.
_CLUTTER_LEAD = re.compile(
    r"^(?:see also|read more|read also|also read|read next|more from|related|recommended|watch|"
    r"listen|also on|more|more:|don't miss|must read|trending|click here|tap here|subscribe|"
    r"sign up|get (?:our|the) .{0,30}newsletter|follow (?:us|@)|download (?:our|the) app|"
    r"advertisement|sponsored|promoted)\b\s*[:\-—–|»>]*",
    re.I,
)
_DISCLAIMER = re.compile(  # searched in _Feat.low
    r"^(?:disclaimer|note from the editor|editor'?s note)\s*:"
    r"|\b(?:views|opinions) expressed\b.{0,80}\b(?:do not|don't) (?:necessarily )?(?:reflect|represent)"
    r"|\bfor (?:general )?informational purposes only\b"
    r"|\b(?:our|we)\b.{0,60}\b(?:team|writers|editors)\b.{0,80}\b(?:accura|fact-check|reviewed)",
)
#: A word every form of _DISCLAIMER holds: lines without one skip its costly search (the
#: ``.{0,60}`` gaps are tried at every "our" and "we" of the line).
_DISCLAIMER_HINT = re.compile(r"disclaimer|note|expressed|informational|team|writers|editors")
_SEPARATOR = re.compile(r"^[\W_]+$")
#: Prompts addressed to the reader (newsletter, alerts, subscriptions): topic word + address,
#: both searched in _Feat.low.
_PROMPT_TOPIC = re.compile(
    r"\b(?:newsletters?|subscri\w*|sign(?:ing)? up|inbox|unsubscribe|notifications?|alerts?|"
    r"app|podcast|follow|share (?:it|this|them|your)|tips?|upload\w*|cookies|"
    r"(?:your|yours) (?:stories|story|photos?|pictures?|videos?))\b"
)
#: An email address: a prompt's topic too ("Email us at tips@..."); searched only in lines with "@"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[a-z]{2,}")
#: A form's consent box, in the reader's first person ("I agree that X can send me ...").
_CONSENT = re.compile(r"\bi (?:agree|accept|consent)\b|\b(?:send|email|notify) me\b")
_PROMPT_ADDRESS = re.compile(
    r"\b(?:you|your|our|us)\b|" + _CONSENT.pattern
    + r"|(?:^|[.!?]\s+)(?:get|sign|subscribe|stay|join|enter|download|follow|don't miss|"
    r"never miss|click|tap|email|contact|send)\b"  # a sentence bidding the reader
)
#: The brackets and bullets around a line's text (``[ 167 comments ]``, ``» More``), and every
#: character ``\s`` matches (str.isspace; none lies above U+3000).
_FRAME_CHARS = "[](){}|•·»«<>*#-" + "".join(c for c in map(chr, range(0x3001)) if c.isspace())


def unframe(text: str) -> str:
    r"""``text`` without the brackets and bullets around it. The same as removing the pattern
    ``^[\s\[\](){}|•·»«<>*#-]+|[\s\[\](){}|•·»«<>*#-]+$``, but by str.strip, which does not try an
    end-anchored pattern at every position of the line."""
    return text.strip(_FRAME_CHARS)


#: Lines that are an address, not text: a pasted URL above the headline.
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_MIN_HEADLINE_WORDS = 6  #: a recurring first line this long is a headline shared by copies


_TRUNCATED = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*[\"'”’»)]?\s*$")


def truncated(norm: str) -> bool:
    """Is the line cut off with "..." or "…" (a teaser pointing to another page)? Every form
    _TRUNCATED finds holds one of them: other lines skip its end-anchored search."""
    return ("..." in norm or "…" in norm) and bool(_TRUNCATED.search(norm))


_TABLE_ROW = re.compile(r"\S(?: {2,}|\t)\S.*\S(?: {2,}|\t)\S")
_HARD_STOP = -2000.0

#: Headers over links to other pages ("Related", "More from ..."): they close the article, or
#: head a box of links inside it (:func:`.block._resumes`).
_POINTERS = (
    r"(?:more|latest) (?:in|from|on) .{1,40}|(?:related|more)" + _POINTED + r"|"
    r"(?:you )?(?:may|might) also like.*|recommended(?: for you| stories)?|"
    r"(?:most )?(?:popular|read|viewed)(?: now| articles| stories)?|read next"
)
_POINTER_END = re.compile(r"^(?:" + _POINTERS + r")\s*[.!:]?$", re.I)
#: Headers over a link or two that never end the article ("Read more:", "See also"): the lines
#: right under them are links (:func:`.rules.rule_link_list`), the text after them the article's.
_POINTER_HEAD = re.compile(
    r"^(?:see also|read more|read also|also read|must read|don't miss|trending(?: now)?)\s*[:\-—–|»>]*$", re.I
)
#: Words for other pages (searched in a line's lower-case text): a line announcing "these stories"
#: points to a box of links (:func:`.block.announces_list`).
_OTHER_PAGES = re.compile(r"\b(?:stories|articles|headlines|links|posts|reads|coverage)\b")
#: A header over the author's biography: ``About the author``, ``Sobre o autor``, ``About Jane
#: Doe`` (a name only when the next line names the person too: :func:`.rules._author_box`).
_ABOUT = re.compile(
    r"^(?:about|sobre|über|à propos de|acerca de)\s+(?:(?:the|o|a|el|la|den|die|der)\s+)?(?P<who>[^.!?]{2,60}?)\s*:?$", re.I
)
#: An author's biography closing the article, without a header: the writer's name (a handle may
#: follow), "is a/an/the" or a possessive, and the writer's job in the same sentence ("Jane Doe
#: (@jdoe) is a contributor at ...", "Tom Reed is the Courier's health reporter.").
_AUTHOR_BIO = re.compile(
    r"^(?P<name>(?:[A-Z][\w.'’-]+ ){1,3}[A-Z][\w.'’-]+)(?P<handle> \(@\w+\))?,? "
    r"is (?:a|an|the|[A-Z][\w.-]+['’]s?)\b[^.!?]{0,120}?"
    r"\b(?:reporter|writer|editor|contributor|correspondent|columnist|journalist|curator|producer|"
    r"freelancer|blogger|critic|host|staff writer)s?\b"
)
_AUTHOR_WORD = re.compile(r"^(?:author|writer|columnist|contributor|autora?|auteur|autorin)s?$", re.I)
#: A line of tags (``Tags: water, health``): at the article's end, or inside it (:func:`.block._passable`).
_TAGS = r"tags?\s*:.{0,120}"
_TAG_LINE = re.compile(r"^" + _TAGS + r"$", re.I)
#: Lines after which the article has ended: comment forms, tags, and the pointer headers.
_CLUTTER_END = re.compile(
    r"^(?:leave a (?:reply|comment)|\d+\s+(?:comments?|responses?)|" + _COMMENTS_ON + r"|"
    r"(?:top rated |latest |all |reader |view |show |load |read )?comments?(?:\s*\(\d+\)?)?|"
    + _TAGS + r"|no comments(?: yet)?|post a comment|add a comment|join the (?:conversation|discussion)|"
    r"your email address will not be published.*|" + _POINTERS + r")\s*[.!:]?$",
    re.I,
)
