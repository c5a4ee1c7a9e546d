"""The entity matcher: where a name, a short form or an acronym definition is recognised in a text.

- `names`: runs of capitalised words that could be names, and the test that tells a misspelt name from another name;
- `romanize`: phonetic keys and syllables of romanised East Asian names;
- `name_index`: the glossary's names indexed for approximate matching;
- `definitions`: acronym definitions ("Expansion (ACR)", "ACR (Expansion)") and where they start;
- `mentions`: every mention of a glossary entry in an article.

The checks in `mtqa.checks` only judge what this package found. (No imports here: the glossary compiler imports
the name index while `mentions` imports the compiled glossary.)
"""
