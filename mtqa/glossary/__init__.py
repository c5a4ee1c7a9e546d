"""Glossaries: load (YAML), validate, merge, and compile into matchers."""

from mtqa.glossary.load import load_glossaries, shipped_glossary_paths
from mtqa.glossary.model import Entry, Glossary, WrongForm

__all__ = ["Entry", "Glossary", "WrongForm", "load_glossaries", "shipped_glossary_paths"]
