"""The rule registry: every rule's stable code, name, default severity, MQM category and explanation."""

from __future__ import annotations

from dataclasses import dataclass

from mtqa.model import Category, Severity


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    family: str
    severity: Severity
    category: Category
    summary: str
    explanation: str
    bad: str
    good: str
    needs: str = "text"  # what the rule checks beyond the text: "text", "model" (a language model), "suppressions"
    # False for a rule whose findings are too often wrong to show unasked, like ruff's preview rules: a prefix such
    # as the default "MTQ" leaves it out, its full code or name selects it.
    default_enabled: bool = True


_MAJOR, _MINOR = Severity.MAJOR, Severity.MINOR

RULES: tuple[Rule, ...] = (
    Rule(
        "MTQ101", "term-variant", "glossary", _MAJOR, Category.TERMINOLOGY,
        "A near-miss spelling of a glossary name or term.",
        "The text contains a name that is almost, but not exactly, a form the glossary lists: a misspelling, a "
        "different hyphenation or spacing, or romanisation drift. Near-misses are found by fuzzy matching on "
        "normalised keys (case, hyphens, spaces and a possessive 's do not matter) and confirmed part by part, so "
        "that a different person with a similar name is not reported. The suggestion is the glossary form.",
        "President Yoon Suk-yue arrived in Tokyo.",
        "President Yoon Suk Yeol arrived in Tokyo.",
    ),
    Rule(
        "MTQ102", "forbidden-term", "glossary", _MAJOR, Category.TERMINOLOGY,
        "A rendering the glossary lists as wrong.",
        "The glossary records known wrong renderings of an entry, usually literal machine translations of a "
        "term that English news writes differently. The suggestion is the entry's canonical form; the glossary "
        "note, if any, says why.",
        'Victims of wartime "job labor" protested.',
        'Victims of wartime "forced labor" protested.',
    ),
    Rule(
        "MTQ103", "name-transliteration", "glossary", _MAJOR, Category.TERMINOLOGY,
        "A name rendered by transliterating its source characters instead of using its established form.",
        "Machine translation often spells out a foreign name written in Chinese characters instead of using the "
        "name's established English form: Mandarin pinyin for a Korean or Japanese name, a mixture of Korean and "
        "Mandarin readings, or pinyin for a Taiwanese name written in Wade-Giles. mtqa generates these renderings "
        "from the glossary entry's source forms (every heteronym of every character, Korean readings of Korean "
        "forms) and reports a match with the canonical form as suggestion.",
        "Yun Xiyue said at a cabinet meeting that ...",
        "Yoon Suk Yeol said at a cabinet meeting that ...",
    ),
    Rule(
        "MTQ104", "acronym-expansion", "glossary", _MAJOR, Category.TERMINOLOGY,
        "A known acronym spelled out differently from the glossary's expansion.",
        "When the text spells out a glossary acronym beside it, \"Expansion (ACR)\" or \"ACR (Expansion)\", the "
        "expansion must be one of the entry's forms, possibly with a qualifier (\"Chinese Nationalist Party\") or "
        "without a company's legal form (\"Co.\"). The expansion is the shortest run of words before the "
        "parenthesis whose letters account for the acronym's (Schwartz and Hearst's abbreviation algorithm), so "
        "words before it (\"Members of the ...\") are no part of it; an invented expansion that spells nothing is "
        "the capitalised phrase before the parenthesis. It is reported when it shares at least half its words with "
        "the glossary's name, or spells nothing yet shares words with it; a spelling variant (Defence/Defense) is "
        "minor. One that spells the acronym but names another body (\"Syrian Democratic Forces (SDF)\") is not "
        "reported. A wrong expansion is also reported wherever it is repeated without the acronym, in any letter "
        "case. The suggestion replaces the expansion alone.",
        "the Military Intelligence Protection Agreement (GSOMIA)",
        "the General Security of Military Information Agreement (GSOMIA)",
    ),
    Rule(
        "MTQ105", "source-entity-mismatch", "glossary", _MAJOR, Category.ACCURACY,
        "A glossary name in the target where the source names another entity of the same kind.",
        "Some accepted names are ambiguous: \"East Sea\" is the Korean name of the Sea of Japan, but a Chinese "
        "source's 东海 is the East China Sea. With a source text, a place or body named in the target whose "
        "glossary source forms the source does not contain, while the source names exactly one other glossary "
        "entry of the same kind that the target does not render, is reported with that entry's name as the "
        "suggestion. People are not checked this way, since sources often name them by forms a glossary does not "
        "list.",
        "Chinese coast guard ships entered the East Sea. (source: 中国海警船进入东海。)",
        "Chinese coast guard ships entered the East China Sea. (source: 中国海警船进入东海。)",
    ),
    Rule(
        "MTQ106", "missing-term", "glossary", _MAJOR, Category.TERMINOLOGY,
        "A term of the source whose glossary or article rendering is missing from the aligned target.",
        "With a source, every glossary source form and every term of the article's own term dictionary (`terms` in "
        "a JSONL article) found in a source segment, as a word, must be rendered in the aligned target segment by "
        "the entry's canonical or an allowed form. When the target renders it wrongly instead (a forbidden form, a "
        "near-miss spelling, a transliteration), that rendering is reported by its own rule and not again here. "
        "A segment is reported only where its target renders the term nowhere (another inflection or spacing counts "
        "as rendered), and only until the article has rendered the term once: after that a pronoun or \"the film\" "
        "may stand for it. Without segments the whole article is compared. The finding points at the target segment "
        "and carries the "
        "source span; the suggestion is the expected rendering. The same comparison, counted per source "
        "occurrence, gives the term accuracy shown in every report.",
        "The two leaders discussed the treaty. (source: 两国领导人讨论了《日韩基本条约》。)",
        "The two leaders discussed the Treaty on Basic Relations. (source: 两国领导人讨论了《日韩基本条约》。)",
    ),
    Rule(
        "MTQ201", "inconsistent-rendering", "consistency", _MAJOR, Category.TERMINOLOGY,
        "One name rendered in different ways within one article.",
        "An article names one entity in two or more different ways that are not acceptable forms: two "
        "misspellings of one person, two expansions of one agreement. With a glossary the entity is the glossary "
        "entry; without one, capitalised names that are near-duplicates of each other in the same article are "
        "grouped (\"Cho Jung-tai\" and \"Cho Jung-dai\"); short forms such as a surname alone are not counted. The "
        "finding points at one rendering and lists the others as related spans.",
        "Premier Cho Jung-tai ... Cho Jung-dai said ...",
        "Premier Cho Jung-tai ... Cho Jung-tai said ...",
    ),
    Rule(
        "MTQ202", "batch-inconsistent-rendering", "consistency", _MINOR, Category.TERMINOLOGY,
        "One name rendered differently in different articles of a batch.",
        "Across all articles of a run, each glossary entity and each source name that recurs gets a reference "
        "rendering: the glossary's canonical form, else the rendering most articles use, else the first. An "
        "article that renders the entity another way is reported once, with the counts of each rendering across "
        "the batch; renderings already reported as wrong by a glossary rule are not reported again. Source names "
        "without a glossary entry (a Chinese or Korean name in the source, found in the target by its "
        "romanisation) count too. Every report carries the batch's renderings table.",
        "article 1: Zhang Jike won ... article 2: Zhang Jilin won ... (source of both: 张继科)",
        "article 1: Zhang Jike won ... article 2: Zhang Jike won ...",
    ),
    Rule(
        "MTQ203", "inconsistent-acronym-expansion", "consistency", _MAJOR, Category.TERMINOLOGY,
        "One acronym spelled out in two different ways within one article.",
        "The same acronym is given two different expansions in one article, so at least one of them is wrong. "
        "Expansions are found as for acronym-expansion; letter case, hyphens, British or American spelling, a "
        "leading article and a plural acronym's plural (\"UAVs\") are no difference. The first expansion that "
        "spells the acronym is the reference, and the others are reported with it as suggestion. Two phrases that "
        "spell nothing and share few words are notes beside the acronym, not expansions (\"Sen. Chuck Schumer "
        "(D-NY)\" ... \"Sen. Kirsten Gillibrand (D-NY)\"). This needs no glossary; for acronyms the glossary "
        "knows, acronym-expansion reports the wrong ones.",
        "the Korea Exchange Bank (KEB) ... the Korea Export Bank (KEB)",
        "the Korea Exchange Bank (KEB) ... the Korea Exchange Bank (KEB)",
    ),
    Rule(
        "MTQ301", "boilerplate", "artefacts", _MAJOR, Category.OTHER,
        "Web-page furniture left in the article body.",
        "Text that belongs to the web page the source was taken from, not to the article: \"Please read on...\", "
        "\"Continue reading\", \"Click here to ...\", \"Related:\" lines, share and subscribe prompts. The "
        "patterns are data (mtqa/data/boilerplate.yaml) and can be extended in the config. The suggestion is to "
        "delete the text.",
        "The two sides agreed.\n\nPlease read on...\n\nYoon told Kishida ...",
        "The two sides agreed.\n\nYoon told Kishida ...",
    ),
    Rule(
        "MTQ302", "photo-caption", "artefacts", _MINOR, Category.OTHER,
        "A photo caption or credit carried into the body text.",
        "A caption or credit such as \"(Associated Press file photo)\" or \"(Photo: Reuters)\" was carried from the "
        "page layout into the running text. Delete it or move it to the image metadata. A wire's bylines and "
        "reporters' addresses count as credits.",
        "(Associated Press file photo)\n\n[Central News Agency] South Korea confirmed ...",
        "[Central News Agency] South Korea confirmed ...",
    ),
    Rule(
        "MTQ303", "untranslated", "artefacts", _MAJOR, Category.ACCURACY,
        "Source-language text left untranslated in the target.",
        "A run of Chinese, Japanese or Korean script in the target, other than an original name or title given in "
        "brackets or quotes beside its rendering (\"Yoon Suk Yeol (윤석열)\", \"《人民日报》 (People's Daily)\"), was "
        "not translated: major, and critical when such runs make up most of the letters of their segment. A target "
        "segment identical to its source segment, which has Chinese, Japanese or Korean letters, was copied rather "
        "than translated (critical, as MQM counts a non-translation). Targets whose language is written in these "
        "scripts (target_lang zh, ja, ko, yue-Hant ...) are not checked.",
        "The ministry said 将于下周公布 the details.",
        "The ministry said it would publish the details next week.",
    ),
    Rule(
        "MTQ304", "empty-translation", "artefacts", Severity.CRITICAL, Category.ACCURACY,
        "A segment whose source has text but whose target is empty.",
        "A bilingual file's segment (or an article) has a source with words or numbers but a target that is empty "
        "or only white space: the unit was skipped or the translation was lost. The finding is an empty span at "
        "the place of the empty target and carries the source span.",
        "<source>日本首相周一访问首尔。</source><target></target>",
        "<source>日本首相周一访问首尔。</source><target>Japan's prime minister visited Seoul on Monday.</target>",
    ),
    Rule(
        "MTQ305", "hidden-character", "artefacts", _MAJOR, Category.OTHER,
        "An invisible character, a look-alike letter of another script, or Markdown markup, inside a word.",
        "A soft hyphen, zero-width space or joiner, word joiner, bidirectional mark or byte-order mark inside a "
        "word (or at its edge), or a Cyrillic or Greek letter among a word's Latin letters (\"labоr\" with a "
        "Cyrillic о): the page shows the plain word, but it is another string to search engines and to every "
        "check, so a wrong term written that way goes unseen. An emoji's joiners and variation selectors are left "
        "alone. The suggestion is the word without them. In a Markdown article, which is checked as the page shows "
        "it, markup or an entity inside a word (\"lab&#111;r\", \"la<span></span>bor\", \"la**bor**\") hides the "
        "word the same way; the suggestion is the word as the page shows it.",
        "They used job la\u00adbor in the camps.",
        "They used forced labor in the camps.",
    ),
    Rule(
        "MTQ401", "number-mismatch", "numbers", _MAJOR, Category.ACCURACY,
        "A number, date, percentage or amount of the source that the target drops or changes.",
        "With a source, the numbers of each source segment (digits, full-width digits, Chinese and Korean numerals "
        "with their scale words 万, 亿, 兆, 만, 억, 조, percentages, years, dates, money) are normalised and looked "
        "for in the aligned target, read the English way (\"1.2 billion\" = 12亿, \"3.5 percent\" = 3.5%, "
        "\"35-year\" = 35年). A number the target renders with another value is reported where it stands; one the "
        "target lacks is reported at its segment. A magnitude dropped or multiplied (\"120 million\" for 12亿) is "
        "major as well, and is called so in the message.",
        "Exports rose to 120 million dollars. (source: 出口额增至12亿美元。)",
        "Exports rose to 1.2 billion dollars. (source: 出口额增至12亿美元。)",
    ),
    Rule(
        "MTQ501", "low-fluency", "fluency", _MINOR, Category.FLUENCY,
        "A sentence that reads far less fluently than the article's and the batch's norm (off by default).",
        "A small language model scores every sentence by its surprisal (negative log-likelihood per token) against "
        "what the sentence's length predicts, with the glossary's confirmed names masked out, since a correct rare "
        "name is not disfluent. A sentence far below the article's and the batch's norm is reported; it may read "
        "as translationese. Headings, captions, credit lines and datelines are not judged. The number of these "
        "findings per article is capped. Off by default: on WMT21 zh-en, MT segments with this finding are only "
        "1.5 times as likely as a randomly placed finding to have two major errors, and human reference "
        "translations get as many per 1,000 words as MT. Select it by code or name (--extend-select MTQ501); "
        "every report shows the fluency score and the weakest sentences either way.",
        "Yun Xiyue said at a cabinet meeting today that Japan has expressed self-reflection ...",
        "Yoon Suk Yeol told a cabinet meeting on Monday that Japan had expressed remorse ...",
        needs="model",
        default_enabled=False,
    ),
    Rule(
        "MTQ502", "unexpected-phrase", "fluency", _MINOR, Category.FLUENCY,
        "A word or phrase the language model finds far more surprising than its rarity explains (off by default).",
        "A word whose tokens cost the language model far more than the word's own English rarity may be a literal "
        "rendering that English does not use (\"job labor\" where English says \"forced labor\"). Words are judged "
        "whole (\"intelligence-sharing\", \"wechat\"); capitalised words, numbers and the first word of a sentence "
        "are not judged. The span covers the surprising words. The number of these findings per article is capped. "
        "Off by default: on WMT21 zh-en, MT segments with this finding are hardly more likely than a randomly "
        "placed finding to have two major errors, and human reference translations get as many per 1,000 words as "
        "MT. Select it by code or name (--extend-select unexpected-phrase).",
        'victims of World War II-era "job labor"',
        'victims of World War II-era "forced labor"',
        needs="model",
        default_enabled=False,
    ),
    Rule(
        "MTQ503", "calque", "fluency", _MINOR, Category.STYLE,
        "A news phrase translated word for word where English news says it differently.",
        "Machine translation renders set phrases of Chinese, Korean and Japanese news literally: relations "
        "\"gradually melting\" for 融冰 where English says \"thawing\", \"expressed self-reflection\" for 反省 "
        "where an apology in English expresses \"remorse\", \"the above decision\" for 上述. Each phrase is matched "
        "only in the context that makes it a calque (relations or ties, not glaciers; an apology or the past), so "
        "the same words used literally are not reported. The list is data (mtqa/data/calques.yaml) and can be "
        "extended in the config; the suggestion is the idiomatic English.",
        "Relations between South Korea and Japan are gradually melting.",
        "Relations between South Korea and Japan are gradually thawing.",
    ),
    Rule(
        "MTQ901", "unused-suppression", "meta", _MINOR, Category.OTHER,
        "A suppression that matches no finding.",
        "A baseline entry or an article's metadata.mtqa_ignore entry that no longer matches anything: the problem "
        "was fixed or the text changed. Remove it so that suppressions do not pile up and hide new problems.",
        '{"id": "a1", "target": "Forced labor ...", "metadata": {"mtqa_ignore": ["MTQ102"]}}',
        '{"id": "a1", "target": "Forced labor ..."}',
        needs="suppressions",
    ),
)

_BY_CODE = {rule.code: rule for rule in RULES}
_BY_NAME = {rule.name: rule for rule in RULES}


def get_rule(code_or_name: str) -> Rule | None:
    key = code_or_name.strip()
    return _BY_CODE.get(key.upper()) or _BY_NAME.get(key.lower())
