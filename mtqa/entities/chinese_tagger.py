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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


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
            route = _model().route(run)
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
def _model() -> _Model:
    return _Model()


class _Model:
    """jieba's tagging model as arrays, its states in descending order: where two paths score alike, jieba's
    `max((score, state))` takes the greater state, which is the first one numpy's argmax meets."""

    def __init__(self) -> None:
        import numpy as np  # loaded only for the runs that need it, as jieba is
        from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P

        self.states = sorted(trans_P, reverse=True)
        self.index = {state: number for number, state in enumerate(self.states)}
        self.transitions = np.full((len(self.states), len(self.states)), -np.inf)
        for state, following in trans_P.items():
            for next_state, score in following.items():
                self.transitions[self.index[state], self.index[next_state]] = score
        self.leads_on = np.array([bool(trans_P[state]) for state in self.states])
        self.start = np.array([start_P[state] for state in self.states])
        self.emissions = [emit_P[state] for state in self.states]
        self.every = np.arange(len(self.states))
        self.allowed = {character: np.array(sorted(self.index[state] for state in states))
                        for character, states in char_state_tab_P.items()}

    def route(self, run: str) -> list[tuple[str, str]]:
        """The most likely state of each character, as jieba.posseg.viterbi finds it."""
        import numpy as np
        from jieba.posseg.viterbi import MIN_FLOAT

        current = self.allowed.get(run[0], self.every)
        scores = self.start[current] + self._emitted(current, run[0], MIN_FLOAT)
        steps: list[tuple[np.ndarray, np.ndarray]] = [(current, current)]  # (states, the state before each)
        for character in run[1:]:
            previous = current[self.leads_on[current]]
            scores = scores[self.leads_on[current]]
            expected = np.flatnonzero(np.isfinite(self.transitions[previous]).any(axis=0))
            current = np.intersect1d(self.allowed.get(character, self.every), expected)
            if not current.size:
                current = expected if expected.size else self.every
            totals = (scores[:, None] + self.transitions[np.ix_(previous, current)]) \
                + self._emitted(current, character, MIN_FLOAT)[None, :]
            best = totals.argmax(axis=0)  # `previous` ascends: the first best is the greatest state
            scores = totals[best, np.arange(current.size)]
            steps.append((current, previous[best]))
        state = steps[-1][0][scores.argmax()]
        route = []
        for states, before in reversed(steps):
            route.append(self.states[state])
            state = before[np.searchsorted(states, state)]
        return route[::-1]

    def _emitted(self, states: np.ndarray, character: str, unseen: float) -> np.ndarray:
        import numpy as np

        return np.array([self.emissions[state].get(character, unseen) for state in states])
