"""Language tags as mtqa takes them from any input: BCP 47's shape (en, zh-Hans, ko-KR), not its registry."""

from __future__ import annotations

import re

_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def is_language_tag(text: str) -> bool:
    """Whether `text` is a BCP 47 language tag such as en, zh-Hans or ko-KR."""
    return _LANGUAGE_TAG.fullmatch(text) is not None
