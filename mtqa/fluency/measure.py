"""From one sentence's token surprisals to its fluency: the masked mean, the calibrated score and the peaks."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

from mtqa.fluency.cache import Tokens
from mtqa.fluency.calibration import Calibration
from mtqa.fluency.rarity import word_rarities, word_rarity
from mtqa.model import Peak, SentenceFluency, Span
from mtqa.text import WORD


@dataclass(frozen=True)
class Measured:
    """A sentence's fluency, and how it reads apart from the `wrong` words (renderings other checks report): the
    low-fluency finding judges that, so that it does not repeat their findings."""

    fluency: SentenceFluency
    own_z: float | None  # calibrated surprisal excess without the wrong words: higher reads worse
    own_score: float | None
    own_tokens: int
    # The English rarity of each peak's words (nats), beside fluency.peaks: measured with the sentence, so that the
    # batch-wide step (and a re-run served from the result cache) needs no word list.
    peak_rarities: tuple[float, ...] = ()


def measure_sentence(text: str, span: Span, tokens: Tokens, masks: list[Span], calibration: Calibration,
                     wrong: list[Span] = ()) -> Measured | None:
    """`tokens` has offsets into `text[span.start:span.end]`; `masks` are article spans of confirmed renderings,
    left out of the mean, the score and the peaks (a correct rare name is not disfluent). The score judges the
    surprisal of the unmasked tokens against what their number predicts; the own score judges it without the words
    of `wrong` too (renderings the glossary rejects, such as a garbled name). The mean rarity is reported over the
    words the scorer reached. None when nothing is left."""
    spans = _token_spans(text[span.start:span.end], span.start, tokens)
    kept = [value for token, value in spans if not _masked(token, masks)]
    if not kept:
        return None
    scored = Span(span.start, spans[-1][0].end)
    rarity = math.fsum(value for word, value in word_rarities(text, scored) if not _masked(word, masks))
    total = math.fsum(kept)
    z = calibration.z(total, len(kept))
    own = [value for token, value in spans if not _masked(token, masks) and not _masked(token, wrong)]
    own_z = calibration.z(math.fsum(own), len(own)) if own else None
    peaks = _peaks(text, _candidates(text, span, spans, masks), calibration)
    fluency = SentenceFluency(span, round(calibration.score(z), 1), total / len(kept), peaks, rarity / len(kept),
                              len(kept))
    peak_rarities = tuple(math.fsum(value for _, value in word_rarities(text, peak.span)) for peak in peaks)
    return Measured(fluency, own_z, None if own_z is None else round(calibration.score(own_z), 1), len(own),
                    peak_rarities)


def _masked(span: Span, masks: list[Span]) -> bool:
    return any(span.overlaps(mask) for mask in masks)


class Candidate(NamedTuple):
    """A word that may be a peak: the summed surprisal of its tokens, how far that exceeds its English rarity, and
    how many tokens spell it."""

    span: Span
    surprisal: float
    excess: float
    tokens: int


def candidate_words(text: str, span: Span, tokens: Tokens, masks: list[Span] = ()) -> list[Candidate]:
    """The sentence's words that may be peaks."""
    return _candidates(text, span, _token_spans(text[span.start:span.end], span.start, tokens), masks)


def _token_spans(sentence: str, offset: int, tokens: Tokens) -> list[tuple[Span, float]]:
    """Each token's article span without the spaces a token carries (" labor" -> "labor")."""
    result = []
    for start, end, surprisal in tokens:
        piece = sentence[start:end]
        start += len(piece) - len(piece.lstrip())
        end = max(start, end - (len(piece) - len(piece.rstrip())))
        result.append((Span(offset + start, offset + end), surprisal))
    return result


def _candidates(text: str, span: Span, spans: list[tuple[Span, float]], masks) -> list[Candidate]:
    """Lowercase words without digits, outside the masks and never the first word, which is guessed from the start
    token alone: names, numbers and openings are rare or unguessable rather than unidiomatic. A word is judged whole
    ("intelligence-sharing", "wechat"), by the surprisal its tokens carry beyond the word's own rarity: a rare word
    in its usual place costs about its rarity or less, a common word where English does not put it more."""
    result = []
    for index, match in enumerate(WORD.finditer(text, span.start, span.end)):
        word = Span(match.start(), match.end())
        if (index > 0 and match.group()[0].islower() and not any(c.isdigit() for c in match.group())
                and not _masked(word, masks)):
            pieces = [value for token, value in spans if token.overlaps(word)]
            surprisal = math.fsum(pieces)
            result.append(Candidate(word, surprisal, surprisal - word_rarity(match.group()), len(pieces)))
    return result


def _peaks(text: str, candidates: list[Candidate], calibration: Calibration) -> tuple[Peak, ...]:
    """Candidate words whose excess reaches the calibrated threshold; neighbours with only spaces between join into
    one phrase, with their surprisals summed."""
    result: list[Peak] = []
    for word, surprisal, excess, tokens in candidates:
        if excess < calibration.peak_threshold(tokens):
            continue
        if result and not text[result[-1].span.end:word.start].strip():
            last = result.pop()
            result.append(Peak(Span(last.span.start, word.end), last.surprisal + surprisal))
        else:
            result.append(Peak(word, surprisal))
    return tuple(result)
