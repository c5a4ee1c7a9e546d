"""Names written in Chinese characters or Hangul in a source segment, each paired with its rendering in the aligned
target segment, without a glossary.

A source name is a family name from `mtqa/data/surnames.yaml` followed by one or two given-name characters
(syllables), a word the Chinese segmenter tags as a person, or a place or organisation word it tags. It counts only
where the aligned target holds a capitalised run whose syllables are, one by one, readings of its characters:
Mandarin pinyin with every heteronym for Chinese characters ("Zhang Jike", "Zhang Ji-ke", "Jike Zhang" for 张继科),
Revised Romanisation, McCune-Reischauer and the usual personal spellings for Hangul ("Yoon Suk-yeol" for 윤석열).
Reading the target is what makes a source name: segmenter tags and surname lists alone name many words that are no
names, and a target that renders the name by reading confirms it.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from mtqa.entities.chinese_tagger import tagged_words
from mtqa.entities.covered import ClaimedText, SpansInPlace
from mtqa.entities.names import NameSpan, candidate_spans
from mtqa.entities.romanize import han_readings, hangul_readings, phonetic_key
from mtqa.entities.surnames import chinese_surnames, korean_surnames
from mtqa.model import Document, Segment, Span

PERSON, PLACE, ORGANISATION = "person", "place", "organisation"
# jieba's part-of-speech tags for names: people (nr, and nrfg/nrt for well-known and foreign ones), places, bodies.
_TAG_KINDS = {"nr": PERSON, "nrfg": PERSON, "nrt": PERSON, "ns": PLACE, "nt": ORGANISATION}
_HAN_RUN = regex.compile(r"\p{Han}+")
_HANGUL_RUN = regex.compile(r"\p{Hangul}+")
MAX_GIVEN = 2  # given-name characters (syllables) after a family name
MAX_PLACE = 6  # characters of a place or organisation word that may be read out in full
MAX_SYLLABLE = 6  # letters of one romanised syllable ("zhuang", "shuang")
# Official spellings beside pinyin: Shaanxi (陕西) is spelt apart from Shanxi (山西).
_OFFICIAL_READINGS = {"陕": ("shaan",)}
# The last character of a place name that English often translates instead of reading out: 清水河 is the Qingshuihe
# or the Qingshui River, 卓乃湖 the Zhuonaihu or Zhuonai Lake.
GENERIC_PLACE_ENDINGS = frozenset("河湖江山海岛坝村镇乡县市省区州路街桥港湾寺庙峰岭峡谷潭")


@dataclass(frozen=True)
class SourceRendering:
    """A source name (`source`, at `source_span` of the document's source) and how the aligned target writes it
    (`text`, at `span` of the target). `kind`: person, place or organisation."""

    source: str
    source_span: Span
    text: str
    span: Span
    kind: str


def source_name_renderings(document: Document, segments: tuple[Segment, ...],
                           candidates: list[NameSpan] | None = None) -> list[SourceRendering]:
    """Every source name of the aligned `segments` whose rendering the aligned target segment holds, in source
    order. At one source position the longest name read in the target wins (张继科 over 张继), and one target run
    renders one source name. `candidates`: the target's capitalised runs, when the caller has them."""
    if not document.source:
        return []
    if candidates is None:
        candidates = candidate_spans(document.target)
    found: list[SourceRendering] = []
    in_place = SpansInPlace(candidates)
    for segment in segments:
        if segment.source is None:
            continue
        runs = in_place.inside(*segment.target)
        if runs:
            found.extend(_segment_renderings(document, segment, runs))
    return found


def reads_as(source: str, units: Iterable[str], kind: str = PERSON) -> bool:
    """Whether a name's romanised parts (lower-cased, split at spaces and hyphens) read the source name syllable by
    syllable; a person's family name may also come last ("Jike Zhang")."""
    return _reads_as(source, tuple(units), kind)


def reads_stem(source: str, units: Iterable[str]) -> bool:
    """Whether the parts read a place name less its generic ending, alone or followed by an English word for it
    ("Qingshui River" for 清水河)."""
    units = tuple(units)
    if len(source) < 3 or source[-1] not in GENERIC_PLACE_ENDINGS:
        return False
    return _reads_as(source[:-1], units, PLACE) or (len(units) > 1 and _reads_as(source[:-1], units[:-1], PLACE))


def _segment_renderings(document: Document, segment: Segment, runs: list[NameSpan]) -> list[SourceRendering]:
    """The names of one segment with their readings, each target run given to the name whose place in the source
    segment is nearest to the run's place in the target segment: of two names that read alike (陕西 and 山西, both
    "Shanxi"), each gets its own."""
    source, source_span = document.source or "", segment.source
    readers = _Readers(runs)
    chosen: list[tuple[str, str, Span, list[NameSpan]]] = []
    covered_to = source_span.start  # a name inside a longer one already read is part of it
    for start, names in _source_names(source, source_span):
        if start < covered_to:
            continue
        near = segment.target.start + _place(start, source_span) * (segment.target.end - segment.target.start)
        for name, kind in names:  # longest first
            found = _longest_first(readers.nearest(name, kind, near))
            if found:
                chosen.append((name, kind, Span(start, start + len(name)), found))
                covered_to = start + len(name)
                break
    pairs = sorted(
        ((abs(_place(name_span.start, source_span) - _place(run.start, segment.target)), index, run)
         for index, (_, _, name_span, found) in enumerate(chosen) for run in found),
        key=lambda pair: (pair[0], pair[1], -(pair[2].end - pair[2].start)))
    given: dict[int, NameSpan] = {}
    taken = ClaimedText(segment.target.end)
    for _, index, run in pairs:
        if index not in given and taken.claim(run.start, run.end):
            given[index] = run
    return [SourceRendering(name, name_span, given[index].text, Span(given[index].start, given[index].end), kind)
            for index, (name, kind, name_span, _) in enumerate(chosen) if index in given]


class _Readers:
    """The target runs of a segment grouped by their words, so that whether a run reads a name is asked once per
    distinct run, and a name meets only the few runs that read it nearest its place: a segment repeating one name
    a thousand times costs a thousand look-ups, not a million comparisons."""

    NEAREST = 4  # runs taken on each side of a name's place, per distinct rendering

    def __init__(self, runs: list[NameSpan]) -> None:
        self._groups: dict[tuple[str, ...], list[NameSpan]] = {}
        for run in sorted(runs, key=lambda run: run.start):
            self._groups.setdefault(tuple(run.units), []).append(run)
        self._starts = {units: [run.start for run in group] for units, group in self._groups.items()}
        self._reading: dict[tuple[str, str], list[tuple[str, ...]]] = {}
        # The groups by the syllables their first word may begin with (as written, and as the phonetic key hears
        # them): a name is read only by groups whose first word begins with a reading of its first character (or
        # of its given name's, written first), so it is tested against those alone. Tested against every group,
        # a segment naming thousands of people cost names x runs.
        self._by_opening: dict[str, list[int]] = {}
        for index, units in enumerate(self._groups):
            if units and units[0].isascii():
                openings = {units[0][:end] for end in range(1, MAX_SYLLABLE + 1)}
                for opening in openings | {phonetic_key(opening) for opening in openings}:
                    self._by_opening.setdefault(opening, []).append(index)
        self._group_units = list(self._groups)

    def nearest(self, name: str, kind: str, place: float) -> list[NameSpan]:
        if (name, kind) not in self._reading:
            self._reading[(name, kind)] = [units for units in self._openings_of(name)
                                           if _reads_as(name, units, kind)]
        found = []
        for units in self._reading[(name, kind)]:
            group, at = self._groups[units], bisect.bisect_left(self._starts[units], place)
            found += group[max(0, at - self.NEAREST):at + self.NEAREST]
        return found

    def _openings_of(self, name: str) -> list[tuple[str, ...]]:
        """The groups whose first word begins with a reading of the name's first character or, for a person whose
        given name may be written first, of the given name's first; in the groups' order."""
        readings = _readings(name)
        if readings is None:
            return []
        family = _family_length(name)
        firsts = readings[0] | (readings[family] if len(readings) > family else frozenset())
        indexes = sorted({index for reading in firsts for index in self._by_opening.get(reading, ())})
        return [self._group_units[index] for index in indexes]


def _longest_first(runs: list[NameSpan]) -> list[NameSpan]:
    """The runs, longest first, less those inside a longer one: "Ji-ke" inside "Zhang Ji-ke" is no rendering of
    its own."""
    runs = sorted(runs, key=lambda run: -(run.end - run.start))
    kept: list[NameSpan] = []
    for run in runs:
        if not any(other.start <= run.start and run.end <= other.end for other in kept):
            kept.append(run)
    return kept


def _place(offset: int, span: Span) -> float:
    """Where an offset stands in a segment, from 0 (its start) to 1 (its end)."""
    return (offset - span.start) / max(span.end - span.start, 1)


def _source_names(source: str, span: Span) -> list[tuple[int, list[tuple[str, str]]]]:
    """(start, [(name, kind), longest first]) for each source position where a name may begin."""
    text = source[span.start:span.end]
    at: dict[int, dict[str, str]] = {}
    for match in _HAN_RUN.finditer(text):
        for start, name, kind in _han_names(match.group()):
            at.setdefault(span.start + match.start() + start, {}).setdefault(name, kind)
    for match in _HANGUL_RUN.finditer(text):
        for name in _hangul_names(match.group()):
            at.setdefault(span.start + match.start(), {}).setdefault(name, PERSON)
    return [(start, sorted(names.items(), key=lambda item: -len(item[0]))) for start, names in sorted(at.items())]


@functools.lru_cache(maxsize=1 << 12)  # a batch often holds one source in several translations
def _han_names(run: str) -> tuple[tuple[int, str, str], ...]:
    """Possible names in a run of Chinese characters: segmenter-tagged words, and family names with one or two
    given-name characters (a span the segmenter tags as a place or body keeps that kind: 成都 is no person)."""
    tagged: dict[tuple[int, int], str] = {}
    position = 0
    for word, flag in tagged_words(run):
        kind = _TAG_KINDS.get(flag)
        if kind and 2 <= len(word) <= (MAX_PLACE if kind != PERSON else 1 + MAX_GIVEN + 1):
            tagged[(position, position + len(word))] = kind
        position += len(word)
    names = [(start, run[start:end], kind) for (start, end), kind in tagged.items()]
    surnames = chinese_surnames()
    for start in range(len(run)):
        for family in (run[start:start + 2], run[start]):
            if family not in surnames:
                continue
            for given in range(1, MAX_GIVEN + 1):
                end = start + len(family) + given
                if end <= len(run):
                    names.append((start, run[start:end], tagged.get((start, end), PERSON)))
    return tuple(names)


def _hangul_names(word: str) -> list[str]:
    """Korean names a Hangul word may begin with (a particle or title may follow: 윤석열은, 윤석열대통령):
    a family name and one to three more syllables, two to four in all."""
    surnames = korean_surnames()
    names = []
    for family in (word[:2], word[:1]):
        if family in surnames:
            names.extend(word[:end] for end in range(len(family) + 1, min(len(word), 4) + 1))
    return names


@functools.lru_cache(maxsize=1 << 15)
def _reads_as(name: str, units: tuple[str, ...], kind: str) -> bool:
    if not units or not all(unit.isascii() and unit.isalpha() for unit in units):
        return False
    readings = _readings(name)
    if readings is None:
        return False
    if _matches(units, readings):
        return True
    if kind != PERSON or len(units) < 2:
        return False
    family = _family_length(name)
    return _matches(units, readings[family:] + readings[:family])  # the given name first: "Jike Zhang"


def _family_length(name: str) -> int:
    """How many characters the name's family name takes: two for a compound one (欧阳, 남궁), else one."""
    return 2 if name[:2] in chinese_surnames() or name[:2] in korean_surnames() else 1


def _matches(units: tuple[str, ...], readings: tuple[frozenset[str], ...]) -> bool:
    """Whether the units split, without a syllable across two units, into one reading per character in order."""
    return _split_matches(units, readings, {}, 0, 0, 0)


def _split_matches(units: tuple[str, ...], readings: tuple[frozenset[str], ...], known: dict[tuple, bool],
                   unit: int, offset: int, character: int) -> bool:
    """Whether units[unit][offset:] and the units after it read as readings[character:]; `known` remembers each
    place tried. A module function with its memo passed in, not a cached closure: a closure that calls itself is a
    reference cycle, freed only by the cyclic collector, which a long article's check pauses (18 GB for a 55,000
    character segment naming 3,000 people)."""
    place = (unit, offset, character)
    if place in known:
        return known[place]
    found = False
    if unit == len(units):
        found = character == len(readings)
    elif character < len(readings):
        word = units[unit]
        for end in range(offset + 1, min(len(word), offset + MAX_SYLLABLE) + 1):
            piece = word[offset:end]
            if piece in readings[character] or phonetic_key(piece) in readings[character]:
                next_unit, next_offset = (unit + 1, 0) if end == len(word) else (unit, end)
                if _split_matches(units, readings, known, next_unit, next_offset, character + 1):
                    found = True
                    break
    known[place] = found
    return found


@functools.lru_cache(maxsize=1 << 14)
def _readings(name: str) -> tuple[frozenset[str], ...] | None:
    """Per character, the spellings that read it. Chinese characters: pinyin only (exact, for precision). Hangul:
    also the phonetic keys of its romanisations and the personal spellings of family names ("Yoon", "Lee")."""
    readings: list[frozenset[str]] = []
    korean = korean_surnames()
    family = name[:2] if name[:2] in korean else name[:1]
    for position, character in enumerate(name):
        if regex.match(r"\p{Han}", character):
            spellings = set(han_readings(character)) | set(_OFFICIAL_READINGS.get(character, ()))
        else:
            spellings = set(hangul_readings(character))
            spellings |= {phonetic_key(s) for s in spellings}
            if position == 0 and family == character:
                spellings |= set(korean.get(character, ())) | {phonetic_key(s) for s in korean.get(character, ())}
        if not spellings:
            return None
        readings.append(frozenset(spellings))
    return tuple(readings)

