"""Which parts of a news text are prose to judge for fluency.

Headings, photo captions, credit lines and datelines are formulas of the page, not sentences: a language model
finds "SEOUL, March 21 (Reuters) -" or "(Associated Press file photo)" surprising however well they are written,
so they would only crowd the weakest-sentence list and the findings.
"""

from __future__ import annotations

import re

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DASH = r"(?:--|—|–|-(?=\s))"

DATELINE = re.compile(
    rf"""\[[^\]\n]{{1,60}}\]\s*                           # [Central News Agency]
      | [A-Z]{{2}}[A-Z.'\ -]*                              # SEOUL, NEW YORK
        (?:,[^\n()]{{1,40}}?)?                             # , March 21 / , South Korea
        (?:\s*\([^)\n]{{1,40}}\))?                         # (Yonhap)
        \s*{_DASH}\s*                                      # the dash that ends it
      | (?:[^\s,()][^\n,()]{{0,39}},\s*){{0,3}}            # Xinhua News Agency, Beijing, / chinanews.com,
        {_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?               # July 26
        (?:\s*\([^)\n]{{1,60}}\)\s*(?:{_DASH}\s*)?         # (Reporter Jia Qilong), then perhaps a dash
          | \s*{_DASH}\s+)                                 # or the dash alone
    """,
    re.VERBOSE,
)

MARKDOWN_HEADING = re.compile(r" {0,3}#{1,6}(?:\s|$)")
# The end of a sentence: its punctuation, perhaps inside quotes or brackets ('... he said. "').
FINAL_PUNCTUATION = re.compile(r"[.!?…:;][\s\"'”’)\]»]*$")
TITLE_WORDS = 20  # a line without final punctuation up to this long is a heading; a longer one lost its full stop
# A line or sentence that is wholly in brackets without a full stop inside: "(Yonhap)", "[Photo/Xinhua]".
BRACKETED = re.compile(r"\s*[(\[（【][^()\[\]（）【】\n]{0,79}[^()\[\]（）【】\n.!?。][)\]）】]\s*")
_TRAILING_BRACKETS = re.compile(BRACKETED.pattern + "$")
# A credit: a label and a colon ("Photo: Reuters", "Responsible editor: Li Ming") or "Photo by ...".
CREDIT = re.compile(
    r"""\s*(?:(?:responsible\ )?editors?|photos?|pictures?|images?|videos?|graphics?|illustrations?|captions?
             |sources?|credits?|reporters?|correspondents?|authors?|writers?|translators?|producers?
             |(?:reported|written|edited|compiled|translated|proofread|produced)\ by)\s*[:：]
      | \s*(?:photo|picture|video|graphic|text|reported|written|edited|compiled|translated)\ by\s
    """,
    re.VERBOSE | re.IGNORECASE,
)
CREDIT_WORDS = 12  # a credit names a person or an agency: a longer line is prose


def dateline_end(line: str) -> int:
    """Where the prose of a line starts: after its dateline or agency tag, if it opens with one."""
    match = DATELINE.match(line)
    return match.end() if match else 0


def is_heading(line: str) -> bool:
    """A Markdown heading, or a title: a short line, no dateline, not starting lower case, without final
    punctuation."""
    if MARKDOWN_HEADING.match(line):
        return True
    text = line.strip()
    text = _TRAILING_BRACKETS.sub("", text)  # "... met. (Yonhap)": the credit is not the sentence's end
    return (bool(text) and not text[0].islower() and not FINAL_PUNCTUATION.search(text)
            and len(text.split()) <= TITLE_WORDS and not DATELINE.match(text))


def is_credit(text: str) -> bool:
    """A photo caption in brackets, an agency tag or a credit line: "(Associated Press file photo)", "(Yonhap)",
    "Photo: Reuters", "Editor: Li Ming"."""
    return bool(BRACKETED.fullmatch(text) or (CREDIT.match(text) and len(text.split()) <= CREDIT_WORDS))
