"""A quick test, on many keys at once, that turns away the keys that cannot come near a given key: what is left is
then scored by rapidfuzz.

rapidfuzz's ratio of keys of m and n letters is 100 * (1 - d / (m + n)), d their insert-delete distance, and
d = m + n - 2 * LCS. The longest common subsequence holds no more of a letter than either key has, so
LCS <= sum over letters of min(count in one, count in the other): a key whose letters share too few with the
given key's cannot reach the threshold. That bound is counted with bits: a key is a set of (letter, n-th
occurrence) bits, and the letters two keys share are the bits of their AND. Where a letter outnumbers its bits in
both keys, both hold all its bits, and the sum's term is the bits plus the smaller of the two overflows: so the
bits plus the smaller of the keys' whole overflows is still an upper bound.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

# Bins: a-z, the digits, and every other character (merging characters into one bin can only raise the bound).
_BINS = 28
_OCCURRENCES = 4  # bits per bin: 28 x 4 = 112 bits, two 64-bit words
_BIN_OF = {chr(ord("a") + index): index for index in range(26)} | {digit: 26 for digit in "0123456789"}
_OTHER = 27
_WORD = (1 << 64) - 1
# The bound is compared with the score rapidfuzz rounds: where they meet, the key is kept and rapidfuzz decides.
_SLACK = 1e-6
_MOST = (1 << 15) - 1


def letter_bits(key: str) -> tuple[int, int]:
    """The key's (letter, occurrence) bits as one integer, and how many letters did not fit."""
    counts = [0] * _BINS
    bits = overflow = 0
    for character in key:
        letter = _BIN_OF.get(character, _OTHER)
        seen = counts[letter]
        counts[letter] = seen + 1
        if seen < _OCCURRENCES:
            bits |= 1 << (letter * _OCCURRENCES + seen)
        else:
            overflow += 1
    return bits, overflow


class LetterSieve:
    """The letter bits of a list of keys, in their order."""

    def __init__(self, keys: list[str]) -> None:
        import numpy as np

        bits = [letter_bits(key) for key in keys]
        # The two words apart, each contiguous: numpy ANDs a column with one number several times faster than rows
        # with a pair.
        self._low = np.array([word & _WORD for word, _ in bits], dtype=np.uint64)
        self._high = np.array([word >> 64 for word, _ in bits], dtype=np.uint64)
        self._overflow = np.array([overflow for _, overflow in bits], dtype=np.int64)
        self._lengths = np.array([len(key) for key in keys], dtype=np.float64)
        self._needs: dict[tuple[float, int], np.ndarray] = {}

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_needs": {}}  # what a run worked out is no part of the index

    def reachable(self, key: str, threshold: float) -> np.ndarray:
        """Indexes, ascending, of the keys that may score `threshold` or more against `key` (rapidfuzz's ratio):
        every key that does, and a few that do not."""
        import numpy as np

        bits, overflow = letter_bits(key)
        shared = _bit_count(self._low & np.uint64(bits & _WORD)) + _bit_count(self._high & np.uint64(bits >> 64))
        if overflow:  # rare: a key with five of a letter
            shared = shared + np.minimum(self._overflow, overflow)
        return np.flatnonzero(shared >= self._least_shared(float(threshold), len(key)))

    def _least_shared(self, threshold: float, length: int) -> np.ndarray:
        """For each key, the fewest letters it must share with a key of `length` letters to be kept: a key is kept
        where shared >= (its length + length) * threshold / 200, less a slack; the shared count is a whole number,
        so the bound is rounded up once per threshold and length instead of compared as a float every time."""
        import numpy as np

        # A numpy float32 threshold would round the bound up past rapidfuzz's own (double) test: a float here.
        needs = self._needs.get((threshold, length))
        if needs is None:
            bound = self._lengths * (threshold / 200) + (length * (threshold / 200) - _SLACK)
            # Kept small (a pool holds one per length met): no key can share more letters than a 16-bit count.
            needs = self._needs[(threshold, length)] = np.minimum(np.ceil(bound), _MOST).astype(np.int16)
        return needs


def _bit_count(words: np.ndarray) -> np.ndarray:
    """The bits set in each word."""
    import numpy as np

    if hasattr(np, "bitwise_count"):  # numpy 2
        return np.bitwise_count(words)
    as_bytes = words.view(np.uint8).reshape(*words.shape, 8)
    return _bits_per_byte()[as_bytes].sum(axis=-1)


@functools.cache
def _bits_per_byte() -> np.ndarray:
    import numpy as np

    return np.array([bin(value).count("1") for value in range(256)], dtype=np.int64)
