"""Render trafilatura's output tree (p/head/list/item/quote/table/...) into text blocks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from newsbot.extract.text import clean

# trafilatura sometimes passes raw HTML through; read it as its own vocabulary.
_ALIASES = {
    "tr": "row", "td": "cell", "th": "cell", "li": "item", "ul": "list", "ol": "list",
    "dl": "list", "dt": "item", "dd": "item", "br": "lb", "blockquote": "quote", "pre": "code",
    "h1": "head", "h2": "head", "h3": "head", "h4": "head", "h5": "head", "h6": "head",
}
# Elements that hold their own block(s) wherever they appear; the rest is inline markup,
# except that every child of the body is a block of its own (a top-level <code> listing).
_STRUCTURAL = frozenset({"p", "head", "list", "item", "quote", "table", "row", "cell", "div"})
_KINDS = frozenset({"item", "head", "code", "quote"})


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of the article text: ``kind`` is p, head, item, quote, row or code."""

    kind: str
    text: str

    def render(self) -> str:
        return f"- {self.text}" if self.kind == "item" else self.text


def render_blocks(body: etree._Element | None) -> list[Block]:
    """The blocks of a trafilatura body, in document order, empty ones left out."""
    if body is None:
        return []
    found = [Block("p", clean(body.text))]
    for child in body:
        if isinstance(child.tag, str):
            found.extend(_blocks(child, _child_kind("body", _tag(child), "p")))
        found.append(Block("p", clean(child.tail)))
    return [block for block in found if block.text]


def join_blocks(blocks: list[Block]) -> str:
    """The article text: blocks separated by a blank line."""
    return "\n\n".join(block.render() for block in blocks)


def _tag(el: etree._Element) -> str:
    return _ALIASES.get(el.tag, el.tag) if isinstance(el.tag, str) else ""


def _blocks(el: etree._Element, kind: str) -> Iterator[Block]:
    """Blocks of ``el``: its own inline text as one block of ``kind``, nested blocks after it."""
    tag = _tag(el)
    if tag == "table":
        yield from _table_rows(el)
        return
    inline: list[str] = [el.text or ""]
    for child in el:
        child_tag = _tag(child)
        if child_tag in _STRUCTURAL:
            yield Block(kind, clean("".join(inline)))
            inline = [""]
            yield from _blocks(child, _child_kind(tag, child_tag, kind))
            inline.append(child.tail or "")
        else:
            inline.append(_inline_text(child, child_tag))
    yield Block(kind, clean("".join(inline)))


def _child_kind(parent_tag: str, child_tag: str, parent_kind: str) -> str:
    """Items, headings, code and quotes name their kind; blocks inside quotes and items inherit."""
    if child_tag in _KINDS:
        return child_tag
    return parent_kind if parent_tag in ("quote", "item") else "p"


def _inline_text(el: etree._Element, tag: str) -> str:
    """Text of inline markup and its tail; a line break is a space inside a block."""
    text = " " if tag == "lb" else "".join(el.itertext())
    return text + (el.tail or "")


def _table_rows(table: etree._Element) -> Iterator[Block]:
    """One block per row of this table (not of tables nested in it), cells joined by " | "."""
    for row in table.iter("row", "tr"):
        if _nearest_table(row) is not table:
            continue
        cells = [clean(" ".join(cell.itertext())) for cell in row if _tag(cell) == "cell"]
        yield Block("row", " | ".join(cell for cell in cells if cell))


def _nearest_table(el: etree._Element) -> etree._Element | None:
    return next((a for a in el.iterancestors() if _tag(a) == "table"), None)
