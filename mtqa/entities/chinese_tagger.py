"""Chinese words with their part-of-speech tags (jieba's posseg), at a cost bounded per character.

jieba tags a run of characters its dictionary does not hold with a hidden Markov model of 256 states. A character
that the model was never trained on may be in any of them, and two such characters side by side cost 256 x 256 steps:
about 5 ms per character, so that a source of random rare characters took minutes where news text takes a second.
Such a run is tagged here in pieces cut between any two untrained characters; each trained character has at most
60 states. Text without two untrained characters side by side (real news text) is tagged exactly as jieba tags it.
"""

from __future__ import annotations

import functools
import logging


def tagged_words(text: str) -> list[tuple[str, str]]:
    """(word, tag) for every word of `text`, in order; the words put together give `text` back."""
    return [(pair.word, pair.flag) for pair in _tagger().cut(text)]


@functools.cache
def _tagger():
    import jieba  # loaded only for text with Chinese characters
    import jieba.posseg
    from jieba.posseg import POSTokenizer, char_state_tab_P

    class BoundedTagger(POSTokenizer):
        # jieba's own method, by its mangled name: the one that runs the model over a run of unknown words.
        def _POSTokenizer__cut(self, run: str):
            start = 0
            for index in range(1, len(run)):
                if run[index] not in char_state_tab_P and run[index - 1] not in char_state_tab_P:
                    yield from POSTokenizer._POSTokenizer__cut(self, run[start:index])
                    start = index
            yield from POSTokenizer._POSTokenizer__cut(self, run[start:])

    jieba.setLogLevel(logging.WARNING)
    return BoundedTagger(jieba.Tokenizer())
