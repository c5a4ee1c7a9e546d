"""Compile a glossary into matchers: an Aho-Corasick automaton for listed forms, an index of names for near-misses,
and a table of generated transliterations."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick
import regex

from mtqa.entities.attachment import is_short_form
from mtqa.entities.expansion_words import BRITISH_ENDINGS
from mtqa.entities.name_index import NameIndex
from mtqa.entities.names import name_units
from mtqa.entities.romanize import hangul_readings, phonetic_key
from mtqa.entities.source_names import SourceFormIndex
from mtqa.entities.surnames import korean_surnames
from mtqa.glossary.model import Entry, Glossary, WrongForm
from mtqa.glossary.variants import generated_renderings
from mtqa.memo import cached_property
from mtqa.text import HANGUL, WORD_CHARS, FoldedText, fold, is_word_char, name_key

HAN_ONLY = regex.compile(r"\p{Han}+")

# Kinds of listed form. "good" kinds are renderings the glossary accepts; REORDERED is a Japanese name written family
# name first ("Kishida Fumio"), which Japan's government asks for and English news writes either way.
CANONICAL, ALLOWED, ACRONYM, WRONG, REORDERED = "canonical", "allowed", "acronym", "wrong", "reordered"
GOOD_KINDS = frozenset({CANONICAL, ALLOWED, ACRONYM, REORDERED})


@dataclass(frozen=True)
class FormRef:
    entry: Entry
    kind: str
    form: str
    case_sensitive: bool
    wrong: WrongForm | None = None

    @cached_property
    def short(self) -> bool:
        """A short form of its entry ("Yoon", "President Yoon"), which names it only where the article introduces
        it (see mtqa.entities.attachment)."""
        return self.kind == ALLOWED and is_short_form(self.form, self.entry)

    @cached_property
    def cased_key(self) -> str:
        """The form with its letter case kept and spacing and punctuation folded, for case-sensitive matching."""
        return squeeze_keeping_case(self.form)


class ExactMatch(NamedTuple):  # a tuple: an article has dozens, made faster than a dataclass's
    start: int  # offsets into the original text
    end: int
    ref: FormRef


class CompiledGlossary:
    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.entries = glossary.entries
        # The hash of the files it was compiled from (mtqa.glossary.cache), where they were hashed: what a result
        # computed with this glossary depends on, whatever the files on disk say by now.
        self.content_key: str | None = None
        self._automaton = ahocorasick.Automaton()
        forms: dict[str, list[FormRef]] = defaultdict(list)
        for entry in glossary.entries:
            for ref in _form_refs(entry):
                forms[fold(ref.form).strip()].append(ref)
        for folded, refs in list(forms.items()):
            # A wrong term is as wrong respelt, hyphenated or in the plural ("job labour", "job-labor", "job labors"):
            # its variants are matched as the form itself, where no listed form already has them.
            if refs[0].kind == WRONG and not refs[0].case_sensitive:
                for variant in wrong_form_variants(folded):
                    forms.setdefault(variant, refs)
        for folded, refs in forms.items():
            # With whether the form starts and ends with a word character: only its neighbours are then looked up.
            self._automaton.add_word(folded, (len(folded), tuple(refs), is_word_char(folded[:1]),
                                              is_word_char(folded[-1:])))
        if forms:
            self._automaton.make_automaton()
        self._has_forms = bool(forms)

        self.known_name_keys: dict[str, Entry] = {}
        known_phonetic: dict[str, Entry] = {}
        for entry in glossary.entries:
            for form in entry.good_forms:
                self.known_name_keys.setdefault(name_key(form), entry)
                known_phonetic.setdefault(phonetic_key(form), entry)

        self.names = NameIndex(glossary.entries)
        self.reordered_names = _reordered_names(glossary.entries, self.known_name_keys)
        # Each Japanese name's family-name-first form by entry id, and the words of those names: a candidate holding
        # one of them may be such a name misspelt ("Ishiba Sigeru").
        self.reordered_forms: dict[str, str] = {entry.id: form for entry, form in self.reordered_names.values()}
        self.reordered_words = frozenset(unit for _, form in self.reordered_names.values() for unit in name_units(form))
        self.korean_family_names = _korean_family_names(glossary.entries)
        # Every spelling those family names have: a candidate whose first word is none of them is looked up no further.
        self.korean_family_spellings = frozenset(spelling for forms in self.korean_family_names.values()
                                                 for _, _, spellings in forms for spelling in spellings)
        # Each such entry's own family-name spellings, by id: a near-miss whose first word spells only another Korean
        # family name ("Choe Hyon", 최, for Cho Hyun, 조) names another person.
        self.korean_family_spellings_of: dict[str, frozenset[str]] = {
            entry.id: spellings for forms in self.korean_family_names.values() for entry, _, spellings in forms}

        # A generated rendering that sounds like another entry's listed name is no error; one that sounds like its
        # own entry's is, unless spelt as listed ("Taibei" for Taipei; the listed spellings are never looked up).
        self.transliterations: dict[str, tuple[Entry, str, str]] = {}  # key -> entry, rendering, source form
        ambiguous: set[str] = set()
        for entry in glossary.entries:
            for key, (rendering, form) in generated_renderings(entry).items():
                if known_phonetic.get(key, entry) is not entry:
                    continue
                other = self.transliterations.setdefault(key, (entry, rendering, form))
                if other[0] is not entry:
                    ambiguous.add(key)
        for key in ambiguous:
            del self.transliterations[key]

        self.by_id: dict[str, Entry] = glossary.by_id()
        self.acronyms: dict[str, Entry] = {e.acronym: e for e in glossary.entries if e.acronym}
        self.source_forms = SourceFormIndex(glossary.entries)

    def listed_matches(self, folded: FoldedText) -> list[ExactMatch]:
        """Every listed form in the text at word boundaries, overlapping ones included, ordered by position; which
        of them name their entry there is for the entity matcher to decide."""
        if not self._has_forms:
            return []
        matches: list[ExactMatch] = []
        text, original, word_chars = folded.folded, folded.original, WORD_CHARS
        length_of_text = len(text)
        kept_end, kept_here = -1, 0
        for last, (length, refs, starts_word, ends_word) in self._automaton.iter(text):
            start, end = last - length + 1, last + 1
            if (starts_word and start > 0 and word_chars[text[start - 1]]) or \
                    (ends_word and end < length_of_text and word_chars[text[end]]):
                continue  # not at word boundaries (FoldedText.at_word_boundaries)
            # The automaton gives the forms ending at one place longest first; only the longest few can name
            # anything there, and a glossary of forms nested in each other ("zq", "zq zq", ...) gave each word of
            # the article a match per form.
            kept_here = kept_here + 1 if last == kept_end else 1
            kept_end = last
            if kept_here > MAX_FORMS_ENDING_TOGETHER:
                continue
            original_start, original_end = folded.to_original(start, end)
            ref = _matching_ref(refs, original[original_start:original_end])
            if ref is not None:
                matches.append(ExactMatch(original_start, original_end, ref))
        matches.sort(key=lambda match: (match.start, -match.end))
        return matches


# Listed forms ending at one place that are kept, the longest first ("Chairman Kim Jong Un", "Kim Jong Un", "Jong Un").
MAX_FORMS_ENDING_TOGETHER = 8
MAX_VARIANTS = 16  # per wrong form: a long phrase's words would multiply their spellings


def wrong_form_variants(folded: str) -> list[str]:
    """Other ways to write a folded wrong form of up to four words: each word in its other spelling, the words
    joined by hyphens or by spaces, the last word in the plural (and, for labor, its workers)."""
    words = folded.replace("-", " ").split()
    if not 1 <= len(words) <= 4 or not all(word.isalpha() for word in words):
        return []
    spelt = [[""]]
    for word in words:
        spelt = [done + [way] for done in spelt for way in _spellings(word)][:MAX_VARIANTS]
    variants: dict[str, None] = {}
    for ways in spelt:
        ways = [way for way in ways if way]
        for last in dict.fromkeys((ways[-1], _plural(ways[-1]), *_workers(ways[-1]))):
            phrase = [*ways[:-1], last]
            variants[" ".join(phrase)] = None
            if len(phrase) > 1:
                variants["-".join(phrase)] = None
    variants.pop(folded, None)
    return list(variants)[:MAX_VARIANTS]


def _workers(word: str) -> tuple[str, ...]:
    """Those who do the work a last word names, where English makes them with -er: "job labor" gives "job laborers"
    (a wrong rendering of the labor is one of those who did it)."""
    return (f"{word}er", f"{word}ers") if word.endswith(("labor", "labour")) else ()


def _spellings(word: str) -> list[str]:
    """The word and its other spellings: each British or American ending the other way round (Labour/Labor)."""
    ways = [word]
    for british, american in BRITISH_ENDINGS:
        for ending, other in ((british, american), (american, british)):
            if word.endswith(ending) and len(word) > len(ending) + 2:
                ways.append(word[: -len(ending)] + other)
    return list(dict.fromkeys(ways))


_IRREGULAR_PLURALS = {"man": "men", "woman": "women", "child": "children", "person": "people"}


def _plural(word: str) -> str:
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _reordered_names(entries: tuple[Entry, ...], known: dict[str, Entry]) -> dict[str, tuple[Entry, str]]:
    """name_key of a Japanese person's two-word form with its words swapped -> (entry, that order written out): the
    order Japan's government asks for ("Kishida Fumio"). A Chinese or Korean name given family name last is a
    transliteration, reported as one."""
    reordered: dict[str, tuple[Entry, str]] = {}
    for entry in entries:
        if not _is_japanese_name(entry):
            continue
        for form in entry.good_forms:
            words = form.split()
            if len(words) == 2:
                swapped = f"{words[1]} {words[0]}"
                if name_key(swapped) not in known:
                    reordered.setdefault(name_key(swapped), (entry, swapped))
    return reordered


def _korean_family_names(entries: tuple[Entry, ...]) -> dict[str, list[tuple[Entry, str, frozenset[str]]]]:
    """A Korean's forms by the sound of the words after the family name (their phonetic_key), each with every
    spelling of that family name ("Park Jin": "jin" -> park, pak, bak): "Bak Jin" is Park Jin with the family name
    spelt another way, and "Yi Jae-myeong" Lee Jae-myung with the given name too, which the letters alone, a third
    apart, do not tell."""
    table: dict[str, list[tuple[Entry, str, frozenset[str]]]] = defaultdict(list)
    for entry in entries:
        if entry.type != "person":
            continue
        for korean in entry.sources.get("ko", ()):
            korean = korean.replace(" ", "")
            if not korean or not all(HANGUL.match(character) for character in korean):
                continue
            spellings = frozenset((*korean_surnames().get(korean[0], ()), *hangul_readings(korean[0])))
            for form in entry.good_forms:
                units = name_units(form)
                if len(units) >= 2 and units[0] in spellings:
                    table[phonetic_key("".join(units[1:]))].append((entry, form, spellings))
    return dict(table)


def _is_japanese_name(entry: Entry) -> bool:
    """A Japanese person's name, as its sources show it: written in kanji in Japanese, and in Korean as a Japanese
    name is, family and given name apart (기시다 후미오; a Chinese or Korean name is written solid: 시진핑, 윤석열)."""
    return entry.type == "person" and any(HAN_ONLY.fullmatch(form) for form in entry.sources.get("ja", ())) \
        and any(" " in form.strip() for form in entry.sources.get("ko", ()))


def _form_refs(entry: Entry) -> list[FormRef]:
    refs = [FormRef(entry, CANONICAL, entry.canonical, entry.case_sensitive)]
    refs += [FormRef(entry, ALLOWED, form, entry.case_sensitive) for form in entry.allowed]
    if entry.acronym:
        refs.append(FormRef(entry, ACRONYM, entry.acronym, True))
    refs += [FormRef(entry, WRONG, wrong.text, entry.case_sensitive, wrong) for wrong in entry.wrong]
    return refs


def _matching_ref(refs: tuple[FormRef, ...], surface: str) -> FormRef | None:
    """The listed form this surface text really is: case-sensitive forms must match letter case too."""
    if not refs[0].case_sensitive:
        return refs[0]  # most forms: the surface's letter case is not looked at
    squeezed = squeeze_keeping_case(surface)
    for ref in refs:
        if not ref.case_sensitive or ref.cased_key == squeezed:
            return ref
    return None


@functools.lru_cache(maxsize=1 << 14)
def squeeze_keeping_case(text: str) -> str:
    return " ".join(FoldedText(text, lower=False).folded.split())
