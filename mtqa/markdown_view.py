"""A Markdown article's text as its readers see it rendered, at the offsets of the file.

A `.md` article is published rendered: `job **labor**`, `job&nbsp;labor`, `[labor](https://...)` and `> Please read
on...` read "job labor" and "Please read on...", and the checks must read them so. The view is the file's text, one
character for one: every character the rendering does not show is blanked to a space (emphasis and strikethrough
markers, code backticks, link and image syntax and destinations, reference definitions, heading, blockquote, list
and table markers, HTML tags and comments), an entity or a backslash escape is written as the character it renders,
and line ends stay where they are. A span in the view is therefore the same span of the file, and the matchers,
which squeeze runs of spaces, read the words as rendered.

What is markup is CommonMark's decision (markdown-it-py, with GFM tables and strikethrough), not a guess: `5 * 3`,
snake_case and AT&T stay as they are. The parser gives no offsets below the line, so each piece of text it renders is
found in the file in reading order, within its block's lines; a text piece is the file's text verbatim. A block one
of whose pieces is not found there is kept as the file has it, and a line the parser leaves out past its deepest
nesting (a blockquote in twenty others) is read on its own: neither hides text a page shows.

Markup standing inside a word (`lab&#111;r`, `la<span></span>bor`, `la**bor**`) cannot be blanked without cutting
the word in two, which would hide it from the checks: those words are listed in `split_words`, for MTQ305 to report.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from mtqa.model import Span
from mtqa.text import INVISIBLE_CLASS, WORD

# Whether a text may hold markup at all: most articles do not, and their view is the text itself. Two searches, each
# one pass in C: a character markup is written with, and a line that starts like a list item, a setext underline or a
# thematic break.
_MARKUP_CHARACTER = re.compile(r"[*_`~\[\]<>&\\|#]")
_MARKUP_LINE = re.compile(r"^[ \t]*(?:[-+=]|\d{1,9}[.)])", re.MULTILINE)
_NOT_LINE_END = re.compile(r"[^\r\n]")
_BLANKS = re.compile(" {2,}")
_PIPE = re.compile(r"\|")
_INVISIBLE = regex.compile(f"[{INVISIBLE_CLASS}]")
_WHITESPACE = regex.compile(r"\s")
# HTML blocks are HTML: their tags and comments are markup, their entities are read, the rest is text.
_TAG_START = re.compile(r"<(?:[A-Za-z/?]|!(?:--|[A-Za-z]|\[CDATA\[))")
_ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")
_POSSESSIVE = ("'s", "\u2019s")
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
# Elements that end a run of text (a paragraph, a line break, a cell): a word does not run on across their tags.
# Any other tag, an unknown one included, stands within a line of text, and a word written across it
# (la<span></span>bor) is one word on the page.
_BREAKING_ELEMENTS = frozenset(
    "address article aside audio blockquote body br canvas caption center col colgroup dd details dialog div dl dt "
    "embed fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe "
    "legend li main menu nav noscript object ol optgroup option p pre script search section select source style "
    "summary table tbody td template textarea tfoot th thead title tr track ul video".split())
# A subscript or superscript is read apart from the word it stands by (CO<sub>2</sub>, 10<sup>th</sup>), unless it
# holds nothing.
_RAISED_OR_LOWERED = frozenset({"sub", "sup"})
# The blocks whose lines the page shows (a container's lines are shown by the blocks in it).
_LEAVES = frozenset({"inline", "fence", "code_block", "html_block", "hr"})
_LINE = re.compile(r"[^\n]+")
# The blockquote markers a code span's later lines stand after.
_QUOTE_MARKERS = re.compile(r"[ \t>]*")
# A line's blockquote markers and list bullets, for a line read on its own.
_CONTAINER_MARKERS = re.compile(r"[ \t]*(?:>[ \t]*|(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$))*")


@dataclass(frozen=True)
class SplitWord:
    """A word the rendering shows whole that markup stands inside: where it stands in the file, and as read."""

    span: Span
    rendered: str


@dataclass(frozen=True)
class RenderedView:
    text: str  # as long as the file's text
    split_words: tuple[SplitWord, ...] = ()


@functools.cache
def markdown_parser():
    """CommonMark with GFM tables and strikethrough, imported where a Markdown article is first read. Entities and
    escapes are kept apart from the text around them (text_join would merge them, and they are not the file's text)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("text_join")


def rendered_view(text: str) -> RenderedView:
    """The rendered view of a Markdown article's text (see the module's description)."""
    if _MARKUP_CHARACTER.search(text) is None and "\r" not in text and _MARKUP_LINE.search(text) is None:
        return RenderedView(text)
    return _Aligner(text).view()


_JOINED = object()  # where a subscript or superscript opened that held nothing: no break in the reading


@dataclass
class _Piece:
    """What the page shows at one place: `shown` is written into the view at `at`; the piece stands for
    file[start:end] (an entity's or escape's whole markup); `read` is what a reader reads there (an invisible
    character is read as nothing, and a space entity as a space; neither is written, the view has a blank there)."""

    at: int
    shown: str
    start: int
    end: int
    read: str

    @property
    def verbatim(self) -> bool:
        """Whether the piece is the file's own text, character for character."""
        return self.at == self.start and self.end - self.start == len(self.shown) and self.shown == self.read


class _Aligner:
    def __init__(self, text: str) -> None:
        self.original = text
        # The parser turns CR and CRLF into LF and NUL into U+FFFD; the same done one character for one keeps the
        # offsets of the file.
        self.source = text.replace("\r\n", " \n").replace("\r", "\n").replace("\x00", "\ufffd")
        starts = [0]
        position = self.source.find("\n")
        while position != -1:
            starts.append(position + 1)
            position = self.source.find("\n", position + 1)
        self.line_starts = starts
        self.cursor = 0  # the file is read forwards: every piece is looked for from here
        # In reading order; None where reading breaks (a line, a block, a cell), _JOINED where no break was needed.
        self.pieces: list[_Piece | object | None] = []
        self.found = 0  # pieces found so far
        self.raised: list[tuple[int, int]] = []  # open subscripts and superscripts: their place, pieces found then
        self.lost = False  # a piece of the current block was not found
        self.in_cell = False  # the current block is a table cell
        self.table_rows: list[tuple[int, int]] = []  # where the rows of tables stand
        self.inner_split_words: list[SplitWord] = []  # those of lines read on their own (_dropped)

    def view(self) -> RenderedView:
        parser = markdown_parser()
        previous, deepest, shown_lines = "", 0, []
        for token in parser.parse(self.source):
            start, end = self._lines(token.map)
            deepest = max(deepest, token.level)
            if token.map and token.type in _LEAVES:
                shown_lines.append(token.map)
            if token.type == "inline":
                self.in_cell = previous in ("th_open", "td_open")
                self._block(token.children or (), start, end)
            elif token.type in ("fence", "code_block"):
                # A fence's text starts on the line after it (its info string is not shown).
                first = start if token.type == "code_block" else self._line_start(token.map[0] + 1)
                self._code(token.content, first, end)
            elif token.type == "html_block":
                self._html(start, end)
            elif token.type == "tr_open":
                self.table_rows.append((start, end))
            previous = token.type
        if deepest + 1 >= parser.options["maxNesting"]:
            self._dropped(shown_lines)
        return RenderedView(self._written(), (*self._split_words(), *self.inner_split_words))

    def _dropped(self, shown_lines: list[list[int]]) -> None:
        """The lines the parser leaves out past its deepest nesting (a blockquote in twenty others), which a page
        shows: each read on its own, less the markers of the blocks it stands in."""
        shown = bytearray(len(self.line_starts))
        for first, last in shown_lines:
            shown[first:last] = b"\x01" * (last - first)
        for line, start in enumerate(self.line_starts):
            end = self.source.find("\n", start)
            end = len(self.source) if end == -1 else end
            if shown[line] or not self.source[start:end].strip():
                continue
            start = _CONTAINER_MARKERS.match(self.source, start, end).end()
            inner = rendered_view(self.original[start:end])
            self.pieces += [None, _Piece(start, inner.text, start, end, inner.text)]
            self.inner_split_words += [SplitWord(Span(start + word.span.start, start + word.span.end), word.rendered)
                                       for word in inner.split_words]

    def _lines(self, lines: list[int] | None) -> tuple[int, int]:
        if not lines:
            return self.cursor, len(self.source)
        return self._line_start(lines[0]), self._line_start(lines[1])

    def _line_start(self, line: int) -> int:
        return self.line_starts[line] if line < len(self.line_starts) else len(self.source)

    def _add(self, piece: _Piece) -> None:
        self.pieces.append(piece)
        self.found += 1

    def _break(self) -> None:
        self.pieces.append(None)
        self.raised.clear()

    def _block(self, children, start: int, end: int) -> None:
        """A paragraph's, heading's or cell's text."""
        self.cursor = max(self.cursor, start)
        first_piece, block_start = len(self.pieces), self.cursor
        self.lost = False
        self._break()
        self._inline(children, end)
        if self.lost:  # kept as the file has it: blanking text a reader sees could hide it from the checks
            del self.pieces[first_piece:]
            self._break()
            self._add(self._text_piece(block_start, end))
            self.cursor = end

    def _inline(self, children, end: int) -> None:
        in_autolink = False
        for token in children:
            kind = token.type
            if self.lost:
                return
            if in_autolink:
                in_autolink = kind != "link_close"
            elif kind == "text":
                self._find(token.content, end)
            elif kind == "code_inline":
                self._code_span(token.markup, end)
            elif kind == "text_special":
                self._special(token.content, token.markup, token.info == "escape", end)
            elif kind == "html_inline":  # a tag or comment: found only to be passed over
                self._pass(token.content, end)
                self._tag(token.content)
            elif kind in ("softbreak", "hardbreak"):
                self._break()
            elif kind == "image":  # its text is the alternative text
                self._inline(token.children or (), end)
                self._pass_link_end(end)
            elif kind == "link_open" and token.markup == "autolink":
                self._autolink(end)
                in_autolink = True
            elif kind == "link_close":
                self._pass_link_end(end)

    def _find(self, content: str, end: int) -> None:
        """A piece of text, found in the file from the cursor on."""
        if not content:
            return
        found = self.source.find(content, self.cursor, end)
        if found != -1:
            self._add(self._text_piece(found, found + len(content)))
            self.cursor = found + len(content)
        elif self.in_cell and "|" in content:  # the parser has read each `\\|` of a table cell as the `|` shown
            for index, part in enumerate(content.split("|")):
                if index:
                    self._special("|", "\\|", True, end)
                self._find(part, end)
        else:
            self.lost = True

    def _pass(self, content: str, end: int) -> None:
        """Past markup the parser gives as written, line by line (its lines lose the indentation or `>` they stand
        after)."""
        for line in content.split("\n"):
            line = line.lstrip(" \t")
            found = self.source.find(line, self.cursor, end)
            if found == -1:
                self.lost = True
                return
            self.cursor = found + len(line)

    def _text_piece(self, start: int, end: int) -> _Piece:
        text = self.original[start:end]
        return _Piece(start, text, start, end, text)

    def _code_span(self, backticks: str, end: int) -> None:
        """A code span's text as the file has it between its backticks (the parser's copy has its line breaks made
        spaces, and a space either side taken off)."""
        opening = self._backticks(backticks, self.cursor, end)
        closing = self._backticks(backticks, opening + len(backticks), end) if opening != -1 else -1
        if closing == -1:
            self.lost = True
            return
        start = opening + len(backticks)
        for line in _LINE.finditer(self.source, start, closing):  # a line after the first less its `>` markers
            if line.start() > start:
                self.pieces.append(None)  # a line break in a code span reads as a space
            line_start = line.start() if line.start() == start else _QUOTE_MARKERS.match(self.source, line.start(),
                                                                                          line.end()).end()
            if line.end() > line_start:
                self._add(self._text_piece(line_start, line.end()))
        self.cursor = closing + len(backticks)

    def _backticks(self, backticks: str, start: int, end: int) -> int:
        """Where a run of exactly these backticks begins, from `start` on; -1 if nowhere before `end`."""
        source = self.source
        found = source.find(backticks, start, end)
        while found != -1:
            after = found + len(backticks)
            if (found == start or source[found - 1] != "`") and source[after:after + 1] != "`":
                return found
            while after < end and source[after] == "`":
                after += 1
            found = source.find(backticks, after, end)
        return -1

    def _special(self, content: str, markup: str, escape: bool, end: int) -> None:
        """An entity (`&#111;`, `&nbsp;`) or a backslash escape (`\\*`), written as what it renders."""
        found = self.source.find(markup, self.cursor, end)
        if found == -1:
            self.lost = True
            return
        self.cursor = found + len(markup)
        self._entity(found, markup, content, escape)

    def _entity(self, found: int, markup: str, content: str, escape: bool = False) -> None:
        end = found + len(markup)
        if content == markup:  # a backslash before a character it does not escape: both are shown
            self._add(self._text_piece(found, end))
        elif escape:  # the character stands in the file after its backslash
            self._add(_Piece(found + 1, content, found, end, content))
        elif _WHITESPACE.match(content):
            self._add(_Piece(found, "", found, end, " "))
        else:
            read = _INVISIBLE.sub("", content)
            self._add(_Piece(found, read if len(read) <= len(markup) else "", found, end, read))

    def _autolink(self, end: int) -> None:
        """`<https://...>`: the address is shown as written (the parser's copy of it is decoded)."""
        opening = self.source.find("<", self.cursor, end)
        closing = self.source.find(">", opening + 1, end) if opening != -1 else -1
        if closing == -1:
            self.lost = True
            return
        self._add(self._text_piece(opening + 1, closing))
        self.cursor = closing + 1

    def _pass_link_end(self, end: int) -> None:
        """Past a link's or image's `](destination "title")`, `][label]` or `]`: none of it is shown, and a later
        piece of text must not be found in it."""
        source = self.source
        closing = source.find("]", self.cursor, end)
        if closing == -1:
            return
        position = self.cursor = closing + 1
        if source.startswith("(", position):
            after = _after_destination(source, position + 1, end)
            if after is not None:
                self.cursor = after
        elif source.startswith("[", position):  # a label, unless what follows is text (`[r][ ...`)
            label_end = source.find("]", position + 1, end)
            if label_end != -1 and "[" not in source[position + 1:label_end].replace("\\[", ""):
                self.cursor = label_end + 1

    def _code(self, content: str, start: int, end: int) -> None:
        """A code block's lines, shown as written (less the indentation the parser took off)."""
        self.cursor = max(self.cursor, start)
        for line in content.split("\n"):
            line = line.strip(" \t")
            if not line:
                continue
            found = self.source.find(line, self.cursor, end)
            self._break()
            if found == -1:  # the rest of the block as the file has it
                self._add(self._text_piece(self.cursor, end))
                self.cursor = end
                return
            self._add(self._text_piece(found, found + len(line)))
            self.cursor = found + len(line)

    def _html(self, start: int, end: int) -> None:
        """An HTML block: its text and entities, not its tags and comments."""
        source = self.source
        self._break()
        position = max(self.cursor, start)
        while position < end:
            tag = _TAG_START.search(source, position, end)
            self._html_text(position, tag.start() if tag else end)
            if tag is None:
                break
            closer = "-->" if source.startswith("<!--", tag.start()) else ">"
            closing = source.find(closer, tag.end(), end)
            if closing == -1:  # not closed in the block: read as text, which hides nothing from the checks
                self._html_text(tag.start(), end)
                break
            position = closing + len(closer)
            self._tag(source[tag.start():position])
        self.cursor = max(self.cursor, end)

    def _html_text(self, start: int, end: int) -> None:
        position = start
        for entity in _ENTITY.finditer(self.source, start, end):
            content = html.unescape(entity.group())
            if content != entity.group():  # else no entity of HTML's: text
                if entity.start() > position:
                    self._add(self._text_piece(position, entity.start()))
                self._entity(entity.start(), entity.group(), content)
                position = entity.end()
        if end > position:
            self._add(self._text_piece(position, end))

    def _tag(self, tag: str) -> None:
        """Where a tag breaks the reading (a comment joins what stands either side of it)."""
        name = _TAG_NAME.match(tag)
        if name is None:
            return
        element = name.group(2).lower()
        if element in _BREAKING_ELEMENTS:
            self._break()
        elif element in _RAISED_OR_LOWERED:
            if not name.group(1):
                self.raised.append((len(self.pieces), self.found))
                self.pieces.append(_JOINED)
            elif self.raised:
                place, found_then = self.raised.pop()
                if self.found > found_then:  # it holds text: read apart from what stands either side
                    self.pieces[place] = None
                    self.pieces.append(None)

    def _written(self) -> str:
        """The view: each piece's text where it stands, blanks between them, the file's line ends kept."""
        parts: list[str] = []
        written = 0
        for piece in sorted((p for p in self.pieces if isinstance(p, _Piece)), key=lambda p: p.at):
            if piece.shown and piece.at >= written:
                parts += [_blanked(self.original[written:piece.at]), piece.shown]
                written = piece.at + len(piece.shown)
        parts.append(_blanked(self.original[written:]))
        view = "".join(parts)
        if self.table_rows:  # a table's cells stay apart: "| job | labor |" is no "job labor"
            characters = list(view)
            for start, end in self.table_rows:
                for pipe in _PIPE.finditer(self.original, start, end):
                    characters[pipe.start()] = "|"
            view = "".join(characters)
        return view

    def _split_words(self) -> Iterator[SplitWord]:
        """The words read across a place where the view has blanks between two pieces (markup stands there)."""
        read: list[str] = []
        offsets: list[int] = []  # where each piece that reads something starts in `reading`
        placed: list[_Piece] = []
        gaps: list[int] = []  # offsets in `reading` where the view has blanks between the pieces either side
        length = 0
        previous: _Piece | None = None
        for piece in self.pieces:
            if piece is _JOINED:
                continue
            if piece is None:
                read.append(" ")
                length += 1
            else:
                if previous is not None and previous.at + len(previous.shown) < piece.at:
                    gaps.append(length)
                if piece.read:
                    read.append(piece.read)
                    offsets.append(length)
                    placed.append(piece)
                    length += len(piece.read)
            previous = piece
        if not gaps:
            return
        reading = "".join(read)
        for word in WORD.finditer(reading):
            first = bisect.bisect_right(gaps, word.start())
            if first == len(gaps) or gaps[first] >= word.end():
                continue
            if (first + 1 == len(gaps) or gaps[first + 1] >= word.end()) \
                    and reading[gaps[first]:word.end()] in _POSSESSIVE:
                continue  # "*Yonhap*'s": the name is whole, and a possessive no word of its own
            yield SplitWord(Span(_file_offset(placed, offsets, word.start(), start=True),
                                 _file_offset(placed, offsets, word.end() - 1, start=False)), word.group())


def _file_offset(placed: list[_Piece], offsets: list[int], position: int, *, start: bool) -> int:
    """The file offset where the character read at `position` begins (or, with start=False, where it ends): within
    a piece of the file's text, that character's; within an entity or escape, the whole markup's."""
    index = bisect.bisect_right(offsets, position) - 1
    piece = placed[index]
    if piece.verbatim:
        inside = piece.start + position - offsets[index]
        return inside if start else inside + 1
    return piece.start if start else piece.end


def as_read(text: str) -> str:
    """Text of a view (or a message quoting it) as the page shows it: a run of blanks reads as one space."""
    return _BLANKS.sub(" ", text) if "  " in text else text


def _after_destination(source: str, position: int, end: int) -> int | None:
    """The end of an inline link's `destination "title")` from just after its `(`, as the parser reads it."""
    from markdown_it.helpers import parseLinkDestination, parseLinkTitle

    position = _past_blanks(source, position, end)
    destination = parseLinkDestination(source, position, end)
    if destination.ok:
        position = _past_blanks(source, destination.pos, end)
    title = parseLinkTitle(source, position, end)
    if title.ok:
        position = _past_blanks(source, title.pos, end)
    return position + 1 if position < end and source[position] == ")" else None


def _past_blanks(source: str, position: int, end: int) -> int:
    while position < end and source[position] in " \t\n":
        position += 1
    return position


def _blanked(text: str) -> str:
    if "\n" in text or "\r" in text:
        return _NOT_LINE_END.sub(" ", text)
    return " " * len(text)
