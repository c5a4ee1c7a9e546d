"""Numbers, dates, percentages and amounts read from a source (Chinese, Japanese, Korean) and its English
translation as values, and compared."""

from mtqa.numbers.cjk import source_quantities
from mtqa.numbers.compare import Changed, Missing, compare, relation
from mtqa.numbers.english import target_quantities
from mtqa.numbers.quantity import Kind, Quantity
from mtqa.numbers.style import written_like

__all__ = ["Changed", "Kind", "Missing", "Quantity", "compare", "relation", "source_quantities",
           "target_quantities", "written_like"]
