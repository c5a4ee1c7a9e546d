"""Converting glossaries between YAML, CSV and TBX: read (and validate) every input, write them as one file."""

from __future__ import annotations

from pathlib import Path

from mtqa.errors import MtqaError
from mtqa.glossary.contents import GlossaryFile
from mtqa.glossary.load import read_glossary_files

FORMATS = ("yaml", "csv", "tbx")
_FORMAT_BY_SUFFIX = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".tbx": "tbx", ".xml": "tbx"}


def format_for(output: str, chosen: str | None, default: str | None) -> str:
    """The format to write: the one chosen, else the output file's suffix says, else `default`."""
    found = chosen or _FORMAT_BY_SUFFIX.get(Path(output).suffix.lower()) or default
    if found is None:
        raise MtqaError(f"{output}: cannot tell the format from the file name; choose one with --to "
                        f"({'|'.join(FORMATS)})")
    return found


def convert(paths: list[str], to: str, target_language: str, output: str) -> str:
    """The glossaries in `paths`, merged under the same rules as a check's, as one `to` file's text."""
    files = read_glossary_files(paths, target_language)
    glossary = files[0] if len(files) == 1 else _merged(files, Path(output).stem)
    # Each writer imported when it is chosen: the command line builds this command (and imports this module) on
    # every run.
    if to == "yaml":
        from mtqa.glossary.yaml_format import render_yaml

        return render_yaml(glossary)
    if to == "csv":
        from mtqa.glossary.csv_format import render_csv

        return render_csv(glossary, target_language)
    from mtqa.glossary.tbx import render_tbx

    return render_tbx(glossary, target_language)


def _merged(files: list[GlossaryFile], name: str) -> GlossaryFile:
    languages = {file.language for file in files}
    return GlossaryFile(name=name, entries=tuple(entry for file in files for entry in file.entries),
                        language=languages.pop() if len(languages) == 1 else None)
