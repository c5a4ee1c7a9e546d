"""The editable pattern lists (boilerplate and calques): a config adds files to the shipped lists, and a bad file
is an input error that names it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import assert_one_error_line, check_command
from mtqa.checks.boilerplate import BoilerplatePattern
from mtqa.cli import cli

CONFIG = 'boilerplate-patterns = ["house/furniture.yaml"]\ncalque-patterns = ["house/calques.yaml"]\n'
FURNITURE = """\
patterns:
  - id: desk-sign-off
    rule: boilerplate
    pattern: '^[ \\t]*\\(end of desk copy\\)[ \\t]*$'
    message: the desk's sign-off
"""
CALQUES = """\
calques:
  - id: hot-potato-issue
    swap: {'\\bhot[ \\t]+potato[ \\t]+issue\\b': thorny issue}
    context: '\\btalks?\\b'
    note: a house style entry
"""
ARTICLE = ("The hot potato issue dominated the talks, and relations are gradually melting.\n"
           "(End of desk copy)\nA hot potato issue for voters.\n")


def _check(tmp_path, furniture: str = FURNITURE, calques: str = CALQUES):
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "furniture.yaml").write_text(furniture, encoding="utf-8")
    (tmp_path / "house" / "calques.yaml").write_text(calques, encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    return CliRunner().invoke(cli, ["check", "--no-fluency", "article.txt", "--format", "json",
                                    "--config", str(tmp_path / "mtqa.toml")], catch_exceptions=False)


def test_config_files_extend_the_shipped_lists(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _check(tmp_path)
    findings = json.loads(result.stdout)["documents"][0]["findings"]
    found = {(f["rule"], f["text"], f["suggestion"]) for f in findings}
    assert ("MTQ503", "hot potato issue", "thorny issue") in found  # the user's calque, in its context
    assert ("MTQ503", "melting", "thawing") in found  # the shipped list still applies
    assert ("MTQ301", "(End of desk copy)", "") in found
    assert len([f for f in findings if f["text"] == "hot potato issue"]) == 1  # not outside its context


def test_a_bad_pattern_file_is_an_input_error_naming_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _check(tmp_path, calques="calques:\n  - id: broken\n    swap: {'(unclosed': x}\n")
    assert result.exit_code == 2
    assert "house/calques.yaml" in result.stderr and "broken" in result.stderr


def test_a_calque_without_swap_is_an_input_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _check(tmp_path, calques="calques:\n  - id: empty\n    note: nothing to swap\n")
    assert result.exit_code == 2
    assert "swap" in result.stderr


# Whole-line patterns that use groups, references, global flags or \K, each between ordinary neighbours: every one
# finds exactly what it finds alone, and leaves its neighbours as they are.
FAMILY = r"""
patterns:
  - {id: plain-before, pattern: '^desk note$'}
  - {id: numbered, pattern: '^(foo)\1$'}
  - {id: by-name, pattern: '^(?P<word>bar) (?P=word)$'}
  - {id: g-number, pattern: '^(baz)-\g<1>$'}
  - {id: g-name, pattern: '^(?P<w>qux)\+\g<w>$'}
  - {id: combiner-like-names, pattern: '^(?P<p0>zip)(?P<text_1>zap)$'}
  - {id: narrowed, pattern: '^\[(?P<text>wire copy)\]$'}
  - {id: verbose-first, pattern: '(?x) ^ end \s of \s copy $'}
  - {id: verbose-after-anchor, pattern: '^(?x) last \s line $'}
  - {id: case-sensitive, pattern: '(?-i)^[A-Z]+ ONLY$'}
  - {id: keep-out, pattern: '^credit:\K[ \t]*wire$'}
  - {id: plain-after, pattern: '^staff memo$'}
"""
FAMILY_LINES = {
    "Desk note": "Desk note", "FooFoo": "FooFoo", "bar bar": "bar bar", "baz-baz": "baz-baz", "qux+qux": "qux+qux",
    "zipzap": "zipzap", "[Wire copy]": "Wire copy", "End of copy": "End of copy", "Last line": "Last line",
    "SHOUT ONLY": "SHOUT ONLY", "Credit: wire": "wire", "Staff memo": "Staff memo",
}
NOT_FAMILY = ["FooBar", "bar baz", "baz-qux", "qux+quux", "zipzip", "Endofcopy", "Lastline", "Shout only",
              "Credit: none", "desknote", "staffmemo"]


def _found(tmp_path, furniture: str, lines: list[str]) -> list[str]:
    (tmp_path / "house").mkdir(exist_ok=True)
    (tmp_path / "house" / "furniture.yaml").write_text(furniture, encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text('boilerplate-patterns = ["house/furniture.yaml"]\n', encoding="utf-8")
    (tmp_path / "article.txt").write_text("The talks went on.\n" + "\n".join(lines) + "\n", encoding="utf-8")
    result = check_command("article.txt", "--format", "json", "--config", str(tmp_path / "mtqa.toml"))
    assert result.exit_code in (0, 1), result.output
    return [f["text"] for f in json.loads(result.stdout)["documents"][0]["findings"] if f["rule"] == "MTQ301"]


def test_whole_line_patterns_find_what_they_find_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _found(tmp_path, FAMILY, list(FAMILY_LINES)) == list(FAMILY_LINES.values())
    assert _found(tmp_path, FAMILY, NOT_FAMILY) == []


def test_the_first_pattern_in_the_list_reports_a_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    furniture = ("patterns:\n  - {id: grouped, pattern: '^(wire) (copy)$', message: first}\n"
                 "  - {id: plain, pattern: '^wire copy$', message: second}\n")
    assert _found(tmp_path, furniture, ["Wire copy"]) == ["Wire copy"]
    result = check_command("article.txt", "--format", "json", "--config", str(tmp_path / "mtqa.toml"))
    assert "looks like first" in result.stdout and "looks like second" not in result.stdout


def test_global_flags_and_anchors_decide_a_whole_line_pattern():
    def pattern(text: str) -> BoilerplatePattern:
        return BoilerplatePattern("x", "MTQ301", text, "m")

    assert all(pattern(text).whole_line for text in ["^a$", "(?x) ^ a $", "(?i)(?-s)^a", "(?V1)^a"])
    assert not any(pattern(text).whole_line for text in ["a$", "(?x) a ^", "(?:^a)", "\\^a"])


@pytest.mark.parametrize(("pattern", "fragment"), [
    (r"^(a)\2$", "invalid group reference"),
    (r"^(?P=missing)$", "unknown group"),
    (r"^(a)\g<name>$", "unknown group"),
    (r"^(?P<1x>a)$", "bad character in group name"),
])
def test_a_pattern_that_cannot_be_used_names_file_line_and_entry(tmp_path, monkeypatch, pattern, fragment):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "furniture.yaml").write_text(
        f"patterns:\n  - {{id: fine, pattern: '^fine$'}}\n  - {{id: broken, pattern: '{pattern}'}}\n", encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text('boilerplate-patterns = ["house/furniture.yaml"]\n', encoding="utf-8")
    (tmp_path / "article.txt").write_text("Fine.\n", encoding="utf-8")
    assert_one_error_line(check_command("article.txt", "--config", str(tmp_path / "mtqa.toml")),
                          "house/furniture.yaml:3:", fragment, "(entry 'broken')")


# `requires`: words one of which every match of an entry's patterns contains; an article without them is not searched.

def _calque_findings(tmp_path, calques: str, article: str) -> list[str]:
    (tmp_path / "house").mkdir(exist_ok=True)
    (tmp_path / "house" / "calques.yaml").write_text(calques, encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text('calque-patterns = ["house/calques.yaml"]\n', encoding="utf-8")
    (tmp_path / "article.txt").write_text(article, encoding="utf-8")
    result = check_command("article.txt", "--format", "json", "--config", str(tmp_path / "mtqa.toml"))
    assert result.exit_code in (0, 1), result.output
    return [f["text"] for f in json.loads(result.stdout)["documents"][0]["findings"] if f["rule"] == "MTQ503"]


def test_a_calque_is_searched_for_only_where_one_of_its_required_words_occurs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    entry = "calques:\n  - id: hot-potato\n    requires: {}\n    swap: {{'\\bhot[ \\t]+potato\\b': thorny issue}}\n"
    article = "The Hot Potato dominated the talks.\n"
    assert _calque_findings(tmp_path, entry.format("[POTATO, yam]"), article) == ["Hot Potato"]  # in any case
    assert _calque_findings(tmp_path, entry.format("potato"), article) == ["Hot Potato"]  # one word alone
    assert _calque_findings(tmp_path, entry.format("[spud]"), article) == []  # not searched: no such word


@pytest.mark.parametrize("requires", ["[potato, '']", "{potato: 1}", "[[potato]]", "7"])
def test_required_words_of_another_shape_are_an_input_error(tmp_path, monkeypatch, requires):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "calques.yaml").write_text(
        f"calques:\n  - id: hot-potato\n    requires: {requires}\n    swap: {{'\\bhot potato\\b': thorny}}\n",
        encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text('calque-patterns = ["house/calques.yaml"]\n', encoding="utf-8")
    (tmp_path / "article.txt").write_text("A hot potato.\n", encoding="utf-8")
    assert_one_error_line(check_command("article.txt", "--config", str(tmp_path / "mtqa.toml")),
                          "house/calques.yaml", "hot-potato", "'requires' must be a list of words")


# Phrases the shipped patterns with `requires` words match, each also written in capitals and with the letters that
# a case-insensitive search equates with i, s and k (İ, ı, ſ, the Kelvin sign).
SHIPPED_PHRASES = [
    "the shrimp's back bursts when whales fight", "a shrimp's back breaks whenever whales clash",
    "like a mantis's arm blocking a chariot", "mantises trying to stop the wheels", "left outside the mosquito net",
    "remain outside a mosquito-net", "gnaw the hard bones", "chewing on the toughest bones",
    "a wild apricot with good color", "wild apricots of a bright colour", "a nice-looking wild apricot",
    "fine colored wild apricots", "a wild apricot that looks good", "wild apricots that looked nice",
    "covering the people's eyes and meowing", "cover the voters' eyes and say meow",
    "(KCNA/Yonhap)", "It sailed. (Newsis/AFP)", "Screenshot from Samsung Electronics' YouTube channel",
    "Screen grab via KCTV",
    "like a shrimp whose back bursts in a fight between whales", "when whales fight, the shrimp's back breaks",
    "like water on a hot stone", "a drop of water on heated stones", "stepping on the second foot",
    "they trod on the second foot", "When the water rises, the boats go up", "as the tide rose, the boat rose",
    "while eating mustard and crying", "crying while eating mustard", "When the snipe and the clam grapple, the "
    "fisherman profits", "a sandpiper and a mussel fight and the fisherman gains", "talk with our bellies split open",
    "talking with his belly cut open", 'has been "a rice cake in a picture"',
    "the shrimp's back breaks in a war between the whales", "When whales fight, the shrimp's back is broken",
    "eats mustard while weeping", "weeping and eating mustard",
    "Relations are gradually MELTING.", "ties melted", "the ice of relations Melts", "relations began to melt",
    "relations fell to the Freezing Point", "its freezing point", "expressed deep self-reflection",
    "Showed no Reflection", "offering sincere self reflections", "The above-mentioned draft", "the Above remarks",
    "the above two measures", "THE ABOVE MENTIONED plan",
    "The talks went on. Read down.", "It ended. Please scroll down...", "It ended. Continue reading:",
    "It ended. Continue to read", "It ended. Read more", "Click here to read the full story.",
    "Tap the link for more.", "Click to share on X (Opens in new window)", "Tap to email a friend (open in a new tab)",
    "(Photo: Xinhua)", "(File photo)", "(Photo by Li Wei)", "Zhang Wei (left in the picture)", "(Image courtesy of AP)",
    "(Pic: Reuters)", "A fire burns in Uiseong. (Yonhap)", "[Photo = provided by the festival]",
    "Fans cheered. [Picture by Kim Min-ji]", "It ended. Share on Facebook Share on X Copy link",
    "Prices rose. Share via KakaoTalk | Naver | Copy link", "Troops fired. (Photo not for sale)",
    "It ended. [Joint Press Corps photo]", "NPC deputies met for the Two Meetings.",
    "According to the Introduction, it grew.", "It ended. The same company said so.",
    "TEPCO released the processed water from the plant.", "He declared extraordinary martial law.",
    "Japan's Cabinet Chief Secretary said so.", "Ties fell to the Ice Point.", "the two meetings opened in March",
    "according to introductions, it grew", "He said so. The same firm agreed.", "Fukushima's processed water",
    "an extraordinary martial law decree", "the Japanese cabinet chief secretary", "relations at the ice point",
    "Rescuers search the rubble. (Xinhua/Yue Yuewei)", "Troops train on Monday. (Defense Ministry via AP)",
    "Kim inspects a plant. (For Use Only in the Republic of Korea. No Redistribution) (Yonhap)",
    "Visitors look at the exhibit on Tuesday. [NEWS1]", "Passengers wait at the station. Photo: Handout",
    "Kim watches a test. (Screenshot captured from Korean Central Television)", "[Screen grab from YouTube]",
    "The square was people mountain, people sea.", "It would be drawing legs on a snake.",
    "Officials were like riding a horse to look at flowers.", "It is fixing the barn after losing the cow.",
    "Let us open the skylight and speak brightly.", "It was like playing the lute to a cow.",
    "Beijing opened a green light for the deal.", "The ministry began root-binding with the parties.",
    "crowds of people mountains and people seas", "they drew legs on a snake", "looked at flowers on horseback",
    "mend the fold after the sheep is lost", "opens up the skylight to talk", "playing the zither to an ox",
    "opening the green light", "root tying was done", "they rode on a horse and looked at the flowers",
    "they repaired the stable after the loss of the horse", "mending the pen after the sheep were gone",
    "They fixed the shed after losing the ox.",
    "It will consider the plan in a forward-looking manner.", "Tokyo expressed the meaning of regret.",
    "Huawei, a dragon head enterprise, grew.", "Ministers must read the air, he said.",
    "The golden time for rescue is 72 hours.", "Regulations grab the ankle of the industry.",
    "Rules caught the economy by the ankle.", "the dragon-head companies of the sector",
    "in a forward looking way", "conveyed the meaning of apology", "reading the air", "a golden time for reform",
    "offered the meaning of condolence", "showed the meaning of gratitude", "voiced the meaning of thanks",
    "expressed the meaning of sympathy", "conveys meaning of regret", "offered the meaning of apology",
    "drawing a snake and adding feet", "drew the snake and then gave it legs",
    "They split their bellies and talked.", "cutting open our stomachs to speak", "talks with split bellies",
    "spoke with their opened stomachs", "a belly-splitting talk", "belly open conversations",
    "We buttoned the first button well.", "fasten the first button properly", "The first button was fastened well.",
    "the first button must be buttoned correctly", "buttoned the first button wrong", "fastening first button badly",
    "It is changing the soup but not the medicine.", "a change of soup without changing the medicine",
    "new soup, same medicine", "a new soup but the old medicine", "The soup is changed but the medicine is not.",
    "the soup has been changed, but not the medicine", "drawing a cake to satisfy hunger",
    "drew pies to allay their hunger", "He keeps drawing big pies.", "painting a huge cake",
    "adding frost to snow", "It piled frost on top of the snow.", "It was frost on top of snow.",
    "like frost added to the snow", "like frost on snow", "as a frost over the snow",
    "They were like ants on a hot pot.", "as an ant on a hot wok", "the thick-boned policy",
    "a big boned economic plan", "the thick bone policy", "big-bones guidelines",
    "We want to borrow even a cat's paws.", "would borrow the cat's hands",
    "They would like to borrow the paws of a cat.", "borrowing even the hands of cats",
    "Firms sprang up like bamboo shoots after a spring rain.", "as bamboo shoots after the rain",
    "a one-knife-cuts-all policy", "one knife cuts all", "a one-knife-cut ban", "the one knife cut approach",
    "The fire has fallen on the top of our feet.", "fire fell on their insteps",
    "It is a fire on the top of our feet.", "the fire on our instep", "his cider remarks",
    "a cider-like comment", "like a frog at the bottom of a well", "as frogs in the well",
    "We must not be a frog in a well.", "remain frogs at the bottom of the well", "a frog-in-the-well mentality",
    "frog at the bottom of a well thinking", "prescribe the right medicine for the illness",
    "prescribing appropriate remedies for the disease", "prescribe medicine according to the symptoms",
    "prescribed drugs to suit the illness", "killing the chicken to scare the monkey",
    "kill a chicken to warn the monkeys", "They are half a catty and eight taels.", "half a jin, eight liang",
    "eight taels and half a catty", "8 liang vs half a jin", "riding a tiger and hard to get off",
    "rode the tiger, but it is difficult to dismount", "covering the eyes and meowing",
    "cover one's eyes and say meow", "Housing is a rice cake in a picture.", "remains just rice cakes in the painting",
    "It is like picking a star from the sky.", "as hard as plucking stars out of the sky",
    "a single cry of the crane", "the crane's one voice", "one word from the crane", "a crane's single call",
    "gold coins to a cat", "koban for the cat", "giving a cat gold coins", "handed the cat a koban",
    "three years on a stone", "sitting for three years on the cold rock", "even on a stone, three years",
    "sitting on the rock for three years", "It is dark at the foot of the lighthouse.",
    "darkest under the lamp", "The foot of the lighthouse is dark.", "the base of a candlestick is always dark",
    "waiting by a stump for a rabbit", "sat beside the tree stump hoping for hares",
    "guarding a stump and waiting for rabbits", "guards the tree stump to wait for a hare",
    "pulling up seedlings to help them grow", "pulled the shoots upward to hasten their growth",
    "tearing down the bridge after crossing the river", "burn bridges once they have crossed the river",
    "the fox borrowing the tiger's might", "like a fox that uses the power of the tiger",
    "covering one's ears to steal a bell", "plugged their ears while stealing the bell",
    "stealing a bell while covering one's ears", "stole the bell by plugging his own ears",
    "like squeezing toothpaste", "as if they were squeezing out the toothpaste", "toothpaste-style disclosures",
    "a toothpaste squeezing approach", "like water in a sleeping ear", "water poured into one's sleeping ears",
    "water in the ear of a sleeping person", "water into his ears while asleep",
    "a garden the size of a cat's forehead", "as small as a cat's forehead", "a cat's forehead-sized plot",
    "cat-forehead-sized yards",
]
_ODD_LETTERS = str.maketrans({"i": "\u0130", "I": "\u0131", "s": "\u017f", "k": "\u212a", "K": "\u212a"})


def _written_oddly(phrase: str) -> list[str]:
    return [phrase, phrase.upper(), phrase.translate(_ODD_LETTERS), phrase.upper().translate(_ODD_LETTERS)]


def test_the_required_words_of_the_shipped_patterns_never_hide_a_match():
    """Wherever a shipped pattern matches, one of its entry's `requires` words is found, however the article writes
    the letters a case-insensitive search equates."""
    from pathlib import Path

    from mtqa.checks import CheckContext, CheckSettings
    from mtqa.checks.boilerplate import load_patterns
    from mtqa.checks.calques import load_calques
    from mtqa.checks.pattern_files import RequiredWords, may_match
    from mtqa.glossary import load_glossaries
    from mtqa.glossary.compile import CompiledGlossary
    from mtqa.model import Document

    here = Path(__file__).parent
    texts = [oddly for phrase in SHIPPED_PHRASES for oddly in _written_oddly(phrase)]
    texts += [path.read_text(encoding="utf-8", errors="replace") for path in here.rglob("*")
              if path.is_file() and path.suffix in {".txt", ".md", ".jsonl", ".json", ".tsv"}]
    entries = [(c.id, c.expression, c.requires) for c in load_calques()]
    entries += [(p.id, expression, p.requires) for p, expression in load_patterns().inline]
    glossary = CompiledGlossary(load_glossaries([]))
    required = RequiredWords(requires for _, _, requires in entries)
    for entry_id, expression, requires in entries:
        assert requires, entry_id  # every shipped entry searched over the whole text has the pre-check
        matched = [text for text in texts if expression.search(text)]
        assert len(matched) >= 4, (entry_id, expression.pattern)  # found, in capitals and oddly written too
        for text in matched:
            article = CheckContext(Document("a", text), glossary, CheckSettings())
            assert may_match(requires, required.occurring(article.caseless)), (entry_id, text)


def test_required_words_are_compared_as_the_article_is_folded(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    entry = ("calques:\n  - id: editors-note\n    requires: [{}]\n"
             "    swap: {{'\\beditor[\u2019'']s[ \\t]+note\\b': note}}\n")
    article = "Editor\u2019s  note: relations were discussed.\n"
    for words in ('"editor\u2019s note"', '"EDITOR\'S   NOTE"', '" editor\u2019s note "'):
        assert _calque_findings(tmp_path, entry.format(words), article) == ["Editor\u2019s  note"], words


def test_the_sentence_around_a_calque_is_found_by_bisection_as_by_walking_the_line():
    # Walking the line's sentences (and looking back for its start) for each match grew with the square of a long
    # one-line article's length.
    from mtqa.checks.calques import _Sentences
    from mtqa.fluency.sentences import split_sentences
    from mtqa.model import Span

    text = "Ties melted. Relations were melting, he said. " * 8 + "\nA second line. Its ties thaw.\n\nLast one."
    sentences = _Sentences(text)
    for start in range(0, len(text), 3):
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start + 1)
        line_end = len(text) if line_end == -1 else line_end
        walked = text[line_start:line_end]
        for sentence in split_sentences(text[line_start:line_end]):
            if line_start + sentence.start <= start < line_start + sentence.end:
                walked = text[line_start + sentence.start:max(line_start + sentence.end, start + 1)]
                break
        assert sentences.around(Span(start, start + 1)) == walked


def test_required_words_are_found_as_substrings_and_only_where_they_occur():
    from mtqa.checks.pattern_files import RequiredWords, may_match

    required = RequiredWords([("photo", "credit"), ("read on",), ()])
    occurring = required.occurring("the photographs were read on monday")
    assert occurring == {"photo", "read on"}  # inside a longer word too, as `in` finds it
    assert may_match(("photo", "credit"), occurring) and may_match(("read on",), occurring)
    assert not may_match(("credit",), occurring)
    assert may_match((), frozenset())  # an entry without required words is always tried
    assert RequiredWords([(), ()]).occurring("anything") == frozenset()
