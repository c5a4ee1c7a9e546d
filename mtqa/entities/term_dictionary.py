"""The term dictionary of an article: which source forms it must render, and by which target forms.

Two sources feed it: every glossary entry's source forms (those of the article's source language when it is known),
each rendered by the entry's canonical, allowed and acronym forms; and the article's own `terms`, which apply to that
article only and add to the glossaries'. A glossary source form that is also a common word (조국 "fatherland") is
left out: it names the entry too rarely to be counted on. One several entries share, in any language (国会: Korea's
National Assembly in Chinese, the Diet in Japanese), keeps the forms of all those of the article's source language.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from mtqa.entities.source_names import common_words
from mtqa.glossary.model import Entry, Glossary
from mtqa.language_tags import source_language
from mtqa.model import Document
from mtqa.text import fold

if TYPE_CHECKING:
    from mtqa.glossary.compile import CompiledGlossary


@dataclass(frozen=True)
class Term:
    source: str  # the source form, as listed
    targets: tuple[str, ...]  # the target forms that render it, the preferred one first
    entries: tuple[Entry, ...] = ()  # the glossary entries it comes from; none for the article's own term

    @property
    def suggestion(self) -> str:
        return self.targets[0]

    @property
    def entry(self) -> Entry | None:
        """The one glossary entry the form names; None for the article's own term or a form entries share."""
        return self.entries[0] if len(self.entries) == 1 else None


def term_dictionary(document: Document, glossary: Glossary) -> tuple[Term, ...]:
    """The article's terms, one per source form, the glossaries' first and the article's own after them."""
    source_lang = source_language(document.source_lang, document.source)
    return _glossary_terms(glossary, source_lang, document.target_lang).with_own(document.terms)


@dataclass(frozen=True, eq=False)
class GlossaryTerms:
    """The glossaries' terms for one source and target language: the same for every article in them, so worked out
    once per glossary, not once per article (whose cost then grew with the glossary's size)."""

    terms: tuple[Term, ...]
    places: dict[str, int]  # source form -> its term's index
    owners: dict[str, tuple[Entry, ...]]  # every glossary source form, in any language -> the entries listing it

    def with_own(self, own: dict[str, tuple[str, ...]]) -> tuple[Term, ...]:
        """These terms with an article's own: its forms added to a glossary term of the same source form, others
        after the glossaries'."""
        if not own:
            return self.terms
        terms = list(self.terms)
        for form, forms in own.items():
            owners = self.owners.get(form, ())
            # A form the glossary lists as a wrong rendering of the term is not made right by an article's say-so.
            wrong = {fold(bad.text) for entry in owners for bad in entry.wrong}
            forms = [target for target in forms if fold(target) not in wrong]
            if not forms:
                continue
            place = self.places.get(form)
            if place is None:
                terms.append(Term(form, _added((), forms), owners))
            else:
                terms[place] = replace(terms[place], targets=_added(terms[place].targets, forms))
        return tuple(terms)


# Source and target languages whose glossary terms are kept per glossary: a batch has a few.
MAX_LANGUAGES = 16
# Kept beside the compiled glossary, not in it, as the mentions' memo is: it is pickled for caches and workers.
_BY_GLOSSARY: WeakKeyDictionary[CompiledGlossary, dict[tuple, GlossaryTerms]] = WeakKeyDictionary()


def glossary_terms(glossary: CompiledGlossary, source_lang: str | None, target_lang: str | None) -> GlossaryTerms:
    """The glossaries' terms for articles of these languages, worked out once per glossary."""
    languages = (_primary(source_lang) if source_lang else None, _renders_glossary_language(target_lang))
    by_languages = _BY_GLOSSARY.setdefault(glossary, {})
    found = by_languages.get(languages)
    if found is None:
        found = _glossary_terms(glossary.glossary, source_lang, target_lang)
        if len(by_languages) < MAX_LANGUAGES:  # an input may name any number of languages: those past it are not kept
            by_languages[languages] = found
    return found


def _glossary_terms(glossary: Glossary, source_lang: str | None, target_lang: str | None) -> GlossaryTerms:
    targets: dict[str, list[str]] = {}
    entries: dict[str, list[Entry]] = {}
    if _renders_glossary_language(target_lang):
        for entry in glossary.entries:
            for language, forms in entry.sources.items():
                for form in (form.strip() for form in forms):
                    if not form or form in common_words():
                        continue
                    # Every language's owners count: 国会 is Korea's assembly in Chinese and the Diet in Japanese.
                    if entry not in entries.setdefault(form, []):
                        entries[form].append(entry)
                    if _same_language(language, source_lang):
                        _add(targets.setdefault(form, []), _good_forms(entry))
    owners = {form: tuple(owning) for form, owning in entries.items()}
    terms = tuple(Term(form, tuple(forms), owners.get(form, ())) for form, forms in targets.items())
    return GlossaryTerms(terms, {term.source: index for index, term in enumerate(terms)}, owners)


def _added(forms: tuple[str, ...], more) -> tuple[str, ...]:
    listed = list(forms)
    _add(listed, more)
    return tuple(listed)


def _good_forms(entry: Entry) -> tuple[str, ...]:
    return (*entry.good_forms, entry.acronym) if entry.acronym else entry.good_forms


def _add(forms: list[str], more) -> None:
    forms.extend(form for form in more if form.strip() and form not in forms)


def _same_language(tag: str, source_lang: str | None) -> bool:
    """Whether a glossary source language tag fits the article's source language: `zh` fits zh-Hans and zh-Hant,
    and an article of unknown source language fits every tag."""
    if not source_lang:
        return True
    return _primary(tag) == _primary(source_lang)


def _renders_glossary_language(target_lang: str | None) -> bool:
    """The glossaries give English renderings: an article translated into another language has only its own terms."""
    return not target_lang or _primary(target_lang) == "en"


def _primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].strip().lower()
