"""A value written the way an English text writes its numbers: the corrected number a finding suggests."""

from __future__ import annotations

from decimal import Decimal

from mtqa.numbers.quantity import Quantity

_WORD_SCALES = (("trillion", 10**12), ("billion", 10**9), ("million", 10**6), ("thousand", 10**3))
_SHORT_SCALES = (("tn", 10**12), ("bn", 10**9), ("m", 10**6), ("k", 10**3))


def written_like(value: Decimal, model: Quantity) -> str:
    """`value` written like `model`: with a scale word when it uses one ("1.2 billion", "1.2bn"), else in digits,
    grouped by thousands when the model groups them or the number is long."""
    if model.scale and model.scale != "hundred":
        scales = _SHORT_SCALES if model.scale in ("k", "m", "mn", "b", "bn", "tn") else _WORD_SCALES
        separator = " " if model.scale in dict(_WORD_SCALES) or " " in model.text else ""
        for name, size in scales:
            if value >= size:
                return f"{_plain(value / size, grouped=False)}{separator}{name}"
    return _plain(value, grouped="," in model.text or value >= 10_000)


def _plain(value: Decimal, grouped: bool) -> str:
    value = value.normalize()
    return format(value, ",f" if grouped else "f")
