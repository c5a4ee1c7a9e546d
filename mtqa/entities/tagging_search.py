"""jieba's part-of-speech tagging model searched with numpy: the same Viterbi search as jieba.posseg.viterbi, with
the same answer, where its pure-Python loops over every pair of states cost too much (mtqa.entities.chinese_tagger
says when)."""

from __future__ import annotations

import numpy as np


class ViterbiSearch:
    """jieba's tagging model as arrays, its states in descending order: where two paths score alike, jieba's
    `max((score, state))` takes the greater state, which is the first one numpy's argmax meets."""

    def __init__(self) -> None:
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
        return np.array([self.emissions[state].get(character, unseen) for state in states])
