"""Chinese words with their part-of-speech tags (jieba's posseg), at a cost bounded per character.

jieba tags a run of characters its dictionary does not hold with a hidden Markov model of 256 states. A character
the model was never trained on may be in any of them, and two such characters side by side cost its pure-Python
Viterbi 256 x 256 steps: about 5 ms a character, so that a source of rare characters took minutes. Traditional
Chinese meets such pairs in every sentence (臺灣, 總統: a third of its common characters are untrained). A run
holding one is tagged here by the same Viterbi search done with numpy, which gives jieba's own answer (ties broken
as jieba's `max` breaks them) 25-30 times faster; every other run is left to jieba.
"""

from __future__ import annotations

import functools
import logging
from itertools import pairwise


def tagged_words(text: str) -> list[tuple[str, str]]:
    """(word, tag) for every word of `text`, in order; the words put together give `text` back."""
    return [(pair.word, pair.flag) for pair in _tagger().cut(text)]


@functools.cache
def _tagger():
    import jieba  # loaded only for text with Chinese characters
    from jieba.posseg import POSTokenizer, char_state_tab_P, pair

    class BoundedTagger(POSTokenizer):
        # jieba's own method, by its mangled name: the one that runs the model over a run of unknown words.
        def _POSTokenizer__cut(self, run: str):
            if not any(a not in char_state_tab_P and b not in char_state_tab_P for a, b in pairwise(run)):
                yield from POSTokenizer._POSTokenizer__cut(self, run)
                return
            route = _search().route(run)
            begin = after = 0  # as jieba reads its route: B(egin), M(iddle), E(nd) of a word, S(ingle)
            for index, (position, tag) in enumerate(route):
                if position == "B":
                    begin = index
                elif position == "E":
                    yield pair(run[begin:index + 1], tag)
                    after = index + 1
                elif position == "S":
                    yield pair(run[index], tag)
                    after = index + 1
            if after < len(run):
                yield pair(run[after:], route[after][1])

    jieba.setLogLevel(logging.WARNING)
    return BoundedTagger(jieba.Tokenizer())


@functools.cache
def _search():
    from mtqa.entities.tagging_search import ViterbiSearch  # numpy, loaded only for the runs that need it

    return ViterbiSearch()
