"""missing-term: a dictionary term of a source segment that the aligned target does not render at all.

The term accuracy counts every occurrence; a finding asks more, so that an editor can trust it. A unit (an aligned
segment, or the whole article) is reported only when its target renders the term nowhere, and only until the
translation has rendered it once: a second occurrence in the source is often a pronoun or "the treaty" in English,
and once an article has named a person, a film or a body, "he", "the film" or "the ministry" may stand for it (on
human reference translations, most omissions after the first rendering were such). A wrong rendering of the entry
in the unit (a forbidden form, a near-miss, a transliteration) is reported by its own rule instead, an empty or
untranslated target by the untranslated rules, and a source form several glossary entries share says too little
about which rendering is due.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterator

import regex

from mtqa.checks.anchors import MAX_ANCHOR, UnitAnchors
from mtqa.checks.context import CheckContext
from mtqa.checks.originals import CJK_LETTER
from mtqa.display import shown
from mtqa.entities.attachment import HeadlineLines, is_generic_form, renamed_before
from mtqa.entities.country_abbreviations import COUNTRY_NAMES
from mtqa.entities.covered import SpansInPlace
from mtqa.entities.loose_renderings import LooseText, by_initials, by_title_and_family_name, loosely_rendered
from mtqa.entities.mentions import Mention
from mtqa.entities.term_dictionary import Term
from mtqa.entities.term_matches import TermUse
from mtqa.entities.vocabulary import NATIONALITIES, OFFICES, made_from_place
from mtqa.memo import cached_property
from mtqa.model import Finding, Span
from mtqa.text import WORD, has_visible_text, without_possessive

MISSING_TERM = "MTQ106"


def check_missing_terms(context: CheckContext) -> Iterator[Finding]:
    mentions = _MentionsByEntry(context.mentions)
    rendered: set[str] = set()  # the terms the translation has rendered in an earlier unit
    source = context.document.source or ""
    units = _Units(context.text)
    paragraphs = _Paragraphs(context)
    anchors = UnitAnchors(context.text)
    left_over = _LeftOverRenderings(context, mentions).left_over
    headline_omissions: list[tuple[TermUse, Span]] = []
    for use in context.term_uses:
        rendered_before = use.term.source in rendered
        unit = use.segment.target if use.segment else Span(0, len(context.text))
        target = units.prepared(unit)
        # Asked once: the target is searched for every form (an exact match makes it matched, and settles it).
        written = bool(use.target_spans) or _rendered_in(target, use.term)
        if written or mentions.inside(use, unit):
            rendered.add(use.term.source)  # "Cho" may stand for a "Cho Tae Yul" its own rule calls a misspelling
        if use.matched or rendered_before or (use.term.entries and use.term.entry is None):
            continue
        if not has_visible_text(target.text) or units.holds(unit, use.term.source) or written:
            continue
        if all(_names_something_else(source, span, use.term.entry) for span in use.source_spans):
            continue
        entry = use.term.entry
        if entry is not None:
            if entry.type == "place":
                continue  # 中南海 or 青瓦台 stand for a government, 평양 for its country, 福島第一原発 for "the plant"
            if mentions.inside(use, unit):
                continue  # rendered by a short form the mention matcher attaches, or wrongly: its own rule says so
            in_its_place = functools.partial(left_over, use=use, unit=unit)
            if _generic(use.term.source) and _names_another_of_its_kind(context, entry, target, in_its_place):
                continue
            if mentions.rendered_before(entry, unit.start):
                continue
            if entry.type == "person" and _headline(context.text, unit) and _gives_an_office(target) \
                    and mentions.count_inside(entry, Span(unit.end, len(context.text))):
                # A headline gives a person by office ("Chinese premier delivers report"), the story by name (well,
                # or misspelt: its own rule says so).
                continue
        if (entry is None or entry.type != "person") and _headline(context.text, unit) \
                and not target.text.rstrip().endswith(_FULL_STOPS):
            headline_omissions.append((use, unit))  # reported once the whole article is known not to render it
            continue
        yield _finding(context, use, unit, paragraphs, anchors)
    # A headline is cut to its gist ("Unification ministry seeks to confirm fates of separated families" for 남북
    # 이산가족 ...): a term it leaves out is missing only when the story does not render it either. A person it
    # leaves out is, unless it gives them by office (above).
    for use, unit in headline_omissions:
        if use.term.source not in rendered:
            yield _finding(context, use, unit, paragraphs, anchors)


# What ends a sentence, and so a unit that is no headline: wire headlines end without a full stop.
_FULL_STOPS = (".", "。", "．", "!", "！")


def _headline(text: str, unit: Span) -> bool:
    """Whether the unit is the article's first line: nothing but blanks before it, no line break inside it."""
    return not text[:unit.start].strip() and "\n" not in text[unit.start:unit.end].strip()


def _gives_an_office(target: LooseText) -> bool:
    return any(word.lower() in OFFICES for word in WORD.findall(target.text))


class _Units:
    """Each unit's target text, prepared once however many terms ask about it: an article's own `terms` can be
    thousands, and the whole text searched for each made the check grow with the square of its length."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._prepared: dict[Span, LooseText] = {}
        self._has_cjk: dict[Span, bool] = {}

    def prepared(self, unit: Span) -> LooseText:
        found = self._prepared.get(unit)
        if found is None:
            found = self._prepared[unit] = LooseText(self._text[unit.start:unit.end])
        return found

    def holds(self, unit: Span, source_form: str) -> bool:
        """Whether the unit's target has the source form itself: a form in CJK script left untranslated (its own rule
        reports it), or one the translation keeps as it is ("5G"). A target without CJK script holds no CJK form:
        asked once per unit, not searched for each of thousands of terms."""
        if CJK_LETTER.search(source_form) is None:
            return source_form in self.prepared(unit).text
        has_cjk = self._has_cjk.get(unit)
        if has_cjk is None:
            has_cjk = self._has_cjk[unit] = CJK_LETTER.search(self._text, unit.start, unit.end) is not None
        return has_cjk and source_form in self.prepared(unit).text


def _rendered_in(target: LooseText, term: Term) -> bool:
    """Whether the target renders the term: a form loosely written, a body by its initials, or a person by title and
    family name ("President Lee" in a headline)."""
    entry = term.entry
    if entry is not None and entry.is_name and entry.type != "person":
        if _named_as_itself(target, _renderings(term)):
            return True
    elif loosely_rendered(target, _renderings(term)):
        return True
    return entry is not None and (_described(target, entry) or by_initials(target.text, entry)
                                  or by_title_and_family_name(target.text, entry))


def _named_as_itself(target: LooseText, forms: tuple[str, ...]) -> bool:
    """Whether a body's form stands in the target as its own name, not inside another body's ("Together Democratic
    Party" names no 더불어민주당). The folded text keeps the original's offsets unless it squeezed a run of spaces;
    where it did, any match counts."""
    starts = [match.start() for form in forms for match in target.matches(form)]
    if not starts or len(target.folded) != len(target.text):
        return bool(starts)
    # The unit's headlines are found only for a form it holds: most of the terms asked about are not there.
    headlines = HeadlineLines(target.text)
    return any(not renamed_before(target.text, start, headlines) for start in starts)


# A country's name or people right before a description says whose body it is: "Japan's Cabinet", "the European
# Parliament", "the U.S. legislature".
_OWNER_BEFORE = regex.compile(r"(?P<word>\p{L}[\p{L}.]*?)(?:['’]s?)?[ \t]+$")


def _described(target: LooseText, entry) -> bool:
    """Whether the text gives one of the entry's descriptions ("the Cabinet" for 行政院), as the entry's own: not
    after another country's name or people ("Japan's Cabinet", "the European Parliament"). Whose it is, the entry's
    canonical form and note tell ("Taiwan's cabinet, headed by the premier"); any other word before it ("S.Korea's
    parliament", "the KMT-controlled legislature") is no other country."""
    for description in entry.descriptions:
        for match in target.matches(description):
            owner = _OWNER_BEFORE.search(target.folded, max(0, match.start() - 40), match.start())
            if owner is None or not _another_country(entry, owner.group("word")):
                return True
    return False


def _another_country(entry, word: str) -> bool:
    word = word.lower()
    return (word in NATIONALITIES or word in COUNTRY_NAMES) and not _owned_by(entry, word)


def _owned_by(entry, word: str) -> bool:
    """Whether `word` (a name or its people's word) is one the entry's canonical form or note names it by."""
    word = word.lower()
    own = {without_possessive(token.lower()) for token in WORD.findall(f"{entry.canonical} {entry.note or ''}")}
    return word in own or any(made_from_place(word, token) for token in own if len(token) > 2)


def _renderings(term: Term) -> tuple[str, ...]:
    """The term's forms; for a glossary name of three words or more that starts with a country its head without the
    first word too (news describes "China Coast Guard" ships as "Chinese coast guard" ships, but "Democratic Party"
    is another party than the Liberal Democratic Party), and for a person's name of two words the family name first,
    the order Japan's government asks for ("Hayashi Yoshimasa")."""
    entry = term.entry
    if entry is None:
        return term.targets
    words = entry.canonical.split()
    if len(words) >= 3 and words[0].lower() in NATIONALITIES:
        return (*term.targets, " ".join(words[1:]))
    if len(words) == 2 and entry.type == "person":
        return (*term.targets, f"{words[1]} {words[0]}")
    return term.targets


# What may follow a body's name to make it a title: the holder of an office (行政院長 is the premier, 국정원장 the
# spy chief, 全国人大常委会委员长 the top legislator, 국회의원 a lawmaker), which a translation names by the office.
_OFFICE_AFTER = regex.compile(
    r"(?:副|부)?(?:委员长|委員長|院长|院長|部长|部長|主席|主任|议员|議員|议长|議長|大臣|長官|长(?![期远久达])"
    r"|長(?![期遠久達])|장(?!기|외|소)|\s?(?:장관|의원|의장|위원장|원장|청장|총재))")
# A year counted in an era (令和6年, 民國113年, 平成元年), which a translation writes in the Western calendar.
_ERA_YEAR_AFTER = regex.compile(r"\s?(?:[0-9０-９]+|[一二三四五六七八九十百元]+)\s?[年년]")
# A direction: 남북으로 관통 ("from south to north"), 南北に長い ("long from north to south"), not the two Koreas.
_DIRECTIONS = frozenset({"남북", "南北"})
_DIRECTION_AFTER = regex.compile(r"\s?(?:으로\s?(?:관통|길|뻗|이어|나뉘|갈라)|방향|に(?:長|延|走|伸|細|貫)|方向)")
# The state a ruling party stands for: 中共軍機 are "Chinese military aircraft", 中共當局 "the Chinese authorities".
# 中共解放軍 the People's Liberation Army, 中共外交部 China's foreign ministry, 中共導彈 Chinese missiles.
_STATE_AFTER = regex.compile(r"(?:[空海陆陸]?[军軍]|当局|當局|政权|政權|政府|官方|官媒|海警|战机|戰機|舰|艦|解放"
                             r"|外交部|国防部|國防部|国台办|國台辦|导弹|導彈|飞弹|飛彈|无人机|無人機|航母|网军|網軍)")


def _names_something_else(source: str, span: Span, entry) -> bool:
    """Whether the form at `span` of the source is part of an office holder's title or an era's year, a direction,
    or a party standing for its state, not the body, the era or the term itself."""
    if _OFFICE_AFTER.match(source, span.end) or _ERA_YEAR_AFTER.match(source, span.end):
        return True
    if entry is not None and entry.type == "party" and _STATE_AFTER.match(source, span.end):
        return True
    return source[span.start:span.end] in _DIRECTIONS and bool(_DIRECTION_AFTER.match(source, span.end))


class _MentionsByEntry:
    """The article's glossary mentions by entry: each term use of a line-aligned article asks about its own line,
    and looking through every mention of the article for each made the check grow with the square of its length."""

    def __init__(self, mentions: list[Mention]) -> None:
        spans: dict[int, list[Span]] = defaultdict(list)
        self._first_good: dict[int, int] = {}  # entry -> where its first right rendering starts
        for mention in mentions:
            spans[id(mention.entry)].append(mention.span)
            if mention.is_good:
                start = mention.span.start
                self._first_good[id(mention.entry)] = min(self._first_good.get(id(mention.entry), start), start)
        self._places = spans
        self._spans: dict[int, SpansInPlace] = {}  # indexed when first asked: most entries never are

    def inside(self, use: TermUse, unit: Span) -> bool:
        """Whether the unit mentions the term's glossary entry, well or badly."""
        return use.term.entry is not None and self.count_inside(use.term.entry, unit) > 0

    def count_inside(self, entry, unit: Span) -> int:
        """How many mentions of the entry, well or badly, the unit holds."""
        if id(entry) not in self._places:
            return 0
        spans = self._spans.get(id(entry))
        if spans is None:
            spans = self._spans[id(entry)] = SpansInPlace(self._places[id(entry)])
        return len(spans.inside(*unit))

    def rendered_before(self, entry, offset: int) -> bool:
        """Whether a right rendering of the entry starts before `offset`."""
        first = self._first_good.get(id(entry))
        return first is not None and first < offset


# A source form of at most this many characters may be a common noun for a body of its kind (국회, 国会, 議会: any
# country's legislature); a longer one is a name (一个中国原则, 更生保護法), which another body of its kind does not
# render: "the one-China policy" for 一个中国原则 is the wrong doctrine.
MAX_GENERIC_FORM = 3


def _generic(form: str) -> bool:
    return len(form.strip()) <= MAX_GENERIC_FORM


def _names_another_of_its_kind(context: CheckContext, entry, target: LooseText,
                               left_over: Callable[[object], bool]) -> bool:
    """Whether the target names another body or agreement of the entry's type where the source has the entry's
    form: a generic form such as 국회 ("national assembly") names Japan's Diet in a story about Japan. People are
    left out: a sentence naming one person often names others; and so are the other's forms of common words, which
    name no one country's body ("Democratic Party" for 自民党 is the wrong party, not Korea's), and an entity whose
    every rendering in the unit stands for its own source form ("the DPP" for 民進黨 beside a 國民黨 left out; but
    "the Sea of Japan (called the East Sea)" for 日本海（韩国称东海）names it once more than the source does: a
    rendering `left_over`)."""
    if entry.type == "person":
        return False
    return any(other is not entry and other.type == entry.type and loosely_rendered(target, _specific_forms(other))
               and left_over(other) for other in context.glossary.entries)


class _LeftOverRenderings:
    """Whether a unit names another entity more often than its source names it there: a rendering left over, which
    may stand for a term left out. The source is counted by the other entity's forms as they stand in it, inside
    words too (国民党批评民进党), once per entity and unit."""

    def __init__(self, context: CheckContext, mentions: _MentionsByEntry) -> None:
        self._context, self._mentions = context, mentions
        self._in_source: dict[tuple[str, str | None], int] = {}

    def left_over(self, other, use: TermUse, unit: Span) -> bool:
        key = (other.id, use.segment.id if use.segment is not None else None)
        in_source = self._in_source.get(key)
        if in_source is None:
            text = self._context.source_of(use.segment)
            forms = dict.fromkeys(form for forms in other.sources.values() for form in forms)
            in_source = self._in_source[key] = sum(text.count(form) for form in forms)
        return in_source == 0 or self._mentions.count_inside(other, unit) > in_source


def _specific_forms(entry) -> tuple[str, ...]:
    return tuple(form for form in entry.good_forms if not is_generic_form(form, entry))


def _finding(context: CheckContext, use: TermUse, unit: Span, paragraphs: _Paragraphs, anchors: UnitAnchors
             ) -> Finding:
    term, occurrences = use.term, len(use.source_spans)
    # The segment, or the paragraph, marked whole where it is short and by its first sentence where it is long: one
    # paragraph may leave out hundreds of terms, and each finding quotes its span.
    span = anchors(unit if use.segment else paragraphs.at(use.source_spans[0]))
    where = "segment" if use.segment else "article"
    times = f" ({occurrences} times)" if occurrences > 1 else ""
    others = [f"'{shown(form)}'" for form in term.targets[1:4]]
    alternatives = f" (or {', '.join(others)})" if others else ""
    message = (f"The source {where} has '{shown(term.source)}'{times}, but its translation has no rendering of it: "
               f"expected '{shown(term.suggestion)}'{alternatives}")
    if not use.segment:
        message += ("; the article is not aligned with its source, so this points at the paragraph in the same place "
                    f"(at its first sentence, where it is longer than {MAX_ANCHOR} characters)")
    return context.finding(MISSING_TERM, span, message, suggestion=term.suggestion,
                           entry_id=term.entry.id if term.entry else None, source_span=use.source_spans[0],
                           segment=use.segment.id if use.segment else None)


_PARAGRAPH = re.compile(r"\S(?:[^\n]*\S)?")  # a non-blank line, without the spaces around it


class _Paragraphs:
    """Without an alignment, the target paragraph in the same relative place as the source paragraph holding an
    occurrence: a translation may merge or split sentences, but it rarely moves text across paragraphs. Both texts
    are split once, when the first such finding asks."""

    def __init__(self, context: CheckContext) -> None:
        self._context = context

    @cached_property
    def _split(self) -> tuple[list[Span], list[int]]:
        return _paragraphs(self._context.text), [p.start for p in _paragraphs(self._context.document.source or "")]

    def at(self, source_span: Span) -> Span:
        targets, source_starts = self._split
        if not targets:
            return Span(0, len(self._context.text))
        index = max(bisect.bisect_right(source_starts, source_span.start) - 1, 0)
        return targets[min(index * len(targets) // max(len(source_starts), 1), len(targets) - 1)]


def _paragraphs(text: str) -> list[Span]:
    return [Span(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
