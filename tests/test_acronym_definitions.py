"""Where an acronym's definition starts and ends, and how two expansions compare word by word."""

from __future__ import annotations

import pytest

from mtqa.entities.definitions import find_expansions
from mtqa.entities.expansion_words import CLOSE_SHARE, respelt, word_share


@pytest.mark.parametrize(
    ("text", "acronym", "definition", "spelled"),
    [
        # The shortest run whose initials spell the acronym; the words before it stay out.
        ("President Lai Ching-te of the Democratic Progressive Party (DPP) said.", "DPP",
         "Democratic Progressive Party", True),
        ("Foreign Ministers of the Association of Southeast Asian Nations (ASEAN) met.", "ASEAN",
         "Association of Southeast Asian Nations", True),
        ("the Bank of Korea (BOK) held rates", "BOK", "Bank of Korea", True),
        # Letters from hyphenated parts, dotted abbreviations and compounds written with spaced hyphens.
        ("Japan's Self-Defense Forces (SDF) drilled.", "SDF", "Self-Defense Forces", True),
        ("the U.S. Forces Korea (USFK) said", "USFK", "U.S. Forces Korea", True),
        ("the State - owned Assets Supervision and Administration Commission (SASAC)", "SASAC",
         "State - owned Assets Supervision and Administration Commission", True),
        # Letters from inside words (Schwartz and Hearst's character match), lower-case words, possessives.
        ("Tokyo Electric Power Company (TEPCO) said", "TEPCO", "Tokyo Electric Power Company", True),
        ("staff of residential care homes for the elderly (RCHEs) were tested", "RCHE",
         "residential care homes for the elderly", True),
        ("a meeting of the Workers’ Party of Korea (WPK) opened", "WPK", "Workers’ Party of Korea", True),
        ("the Supreme People's Assembly (SPA) convened", "SPA", "Supreme People's Assembly", True),
        ("leaders of the Group of Seven (G7) met", "G7", "Group of Seven", True),
        # An owner's possessive is no part of the name.
        ("China's Communist Party (CCP) ruled", "CCP", "Communist Party", False),
        # An invented expansion: the capitalised phrase before the parenthesis, cut at the nearest boundary.
        ("Seoul restored the Military Intelligence Protection Agreement (GSOMIA).", "GSOMIA",
         "Military Intelligence Protection Agreement", False),
        ("Members of the North Atlantic Defence Alliance (NATO) met.", "NATO", "North Atlantic Defence Alliance",
         False),
        ("It said, Secret Protection of Military Information Agreement (GSOMIA) ended.", "GSOMIA",
         "Secret Protection of Military Information Agreement", False),
        # Letters are not sought across a clause word: "Jeju chief" would give the J and C of JCS.
        ("Jeju chief said Joint Staff Council (JCS) officers met.", "JCS", "Joint Staff Council", False),
        # Quotes bound it, in either order; a clause break ends an expansion in parentheses.
        ('the "Secret Protection of Military Information Agreement" (GSOMIA)', "GSOMIA",
         "Secret Protection of Military Information Agreement", False),
        ("the 'Workers' Party of Korea' (WPK)", "WPK", "Workers' Party of Korea", True),
        ("THAAD (Terminal High Altitude Area Defense) arrived", "THAAD", "Terminal High Altitude Area Defense", True),
        ("ICBMs (intercontinental ballistic missiles, which fly far)", "ICBM", "intercontinental ballistic missiles",
         True),
        ("THAAD (the Terminal High Altitude Area Defense system) arrived", "THAAD",
         "Terminal High Altitude Area Defense", True),
        ("CVID (complete, verifiable and irreversible denuclearization) is the goal", "CVID",
         "complete, verifiable and irreversible denuclearization", True),
        ("before the G20 (Group of Twenty) summit", "G20", "Group of Twenty", True),
    ],
)
def test_definition_span(text, acronym, definition, spelled):
    (expansion,) = find_expansions(text)
    assert (expansion.acronym, text[expansion.start:expansion.end], expansion.spelled) == (
        acronym, definition, spelled)
    assert expansion.text == definition


@pytest.mark.parametrize(
    "text",
    [
        "Tsai (DPP) spoke on Monday.",  # one word: a name or a note, not an expansion
        "Inter Milan unlocks its 3000th match - CNN\n(CNN) - Inter Milan, the giants",  # the acronym repeated
        "Hong Kong SAR (1,455 cases discharged, 18 deaths) reported.",  # figures, not an expansion
        "said the ruling party (DPP) on Monday",  # nothing capitalised before it
    ],
)
def test_no_definition(text):
    assert find_expansions(text) == []


def test_plural_acronym_is_looked_up_in_the_singular():
    (expansion,) = find_expansions("two intercontinental ballistic missiles (ICBMs)")
    assert (expansion.acronym, expansion.plural) == ("ICBM", True)


def test_definitions_come_in_text_order_whatever_their_form():
    text = "KEB (Korea Exchange Bank) said ... the Korea Export Bank (KEB) denied it."
    assert [e.text for e in find_expansions(text)] == ["Korea Exchange Bank", "Korea Export Bank"]


@pytest.mark.parametrize(
    ("ours", "theirs", "close"),
    [
        ("Association of South East Asian Countries", "Association of Southeast Asian Nations", True),
        ("Terminal High Altitude Air Defense", "Terminal High Altitude Area Defense", True),
        ("Secret Protection of Military Information Agreement", "General Security of Military Information Agreement",
         True),
        ("Syrian Democratic Forces", "Self-Defense Forces", False),
        ("Syrian Democratic Forces", "Japan Self-Defense Forces", False),
        ("Military Armistice Commission", "Mainland Affairs Council", False),
        ("Trans-Pacific Partnership", "Taiwan People's Party", False),
    ],
)
def test_word_share_tells_a_changed_word_from_another_name(ours, theirs, close):
    assert (word_share(ours, theirs) >= CLOSE_SHARE) is close


@pytest.mark.parametrize(
    ("ours", "theirs", "variant"),
    [
        ("Terminal High Altitude Area Defence", "Terminal High Altitude Area Defense", True),
        ("Association of South-East Asian Nations", "Association of Southeast Asian Nations", True),
        ("North Atlantic Treaty Organisation", "North Atlantic Treaty Organization", True),
        ("Terminal High Altitude Air Defense", "Terminal High Altitude Area Defense", False),
        ("Progressive Democratic Party", "Democratic Progressive Party", False),
    ],
)
def test_respelt_is_spelling_only(ours, theirs, variant):
    assert respelt(ours, theirs) is variant
