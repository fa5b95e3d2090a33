"""Sanitized HTML rewritten as the XHTML subset QTI 2.1 item bodies accept: well-formed, known elements only.

`to_html` gives HTML5 (`<br>`, `<img ...>`, attributes QTI does not define); an item body is XML in the QTI
namespace, so void elements are closed, unknown elements are unwrapped (their text kept) and only
attributes QTI defines survive.
"""
from __future__ import annotations

from html.parser import HTMLParser
from xml.sax.saxutils import escape, quoteattr

from study.content.markdown_html import to_html

QTI_ELEMENTS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "span", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}
VOID_ELEMENTS = {"br", "hr", "img"}
QTI_ATTRIBUTES = {
    "*": {"class"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}


class _XhtmlWriter(HTMLParser):
    """Re-emits parsed HTML as XML, keeping QTI elements and attributes and closing what is left open."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in QTI_ELEMENTS:
            return
        kept = QTI_ATTRIBUTES["*"] | QTI_ATTRIBUTES.get(tag, set())
        values = {name: value or "" for name, value in attrs if name in kept}
        if tag == "img":
            values.setdefault("alt", "")  # QTI requires alt on every image
        rendered = "".join(f" {name}={quoteattr(value)}" for name, value in values.items())
        if tag in VOID_ELEMENTS:
            self.out.append(f"<{tag}{rendered}/>")
        else:
            self.out.append(f"<{tag}{rendered}>")
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self.open and self.open[-1] == tag:
            self.out.append(f"</{self.open.pop()}>")

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS or tag not in self.open:
            return
        while self.open:  # close anything left open inside, so the output stays well formed
            closing = self.open.pop()
            self.out.append(f"</{closing}>")
            if closing == tag:
                break

    def handle_data(self, data):
        self.out.append(escape(data))

    def result(self) -> str:
        """The XML written so far, with any element still open closed."""
        return "".join(self.out) + "".join(f"</{tag}>" for tag in reversed(self.open))


def to_xhtml(html: str) -> str:
    """Well-formed QTI XHTML from already sanitized HTML."""
    writer = _XhtmlWriter()
    writer.feed(html)
    writer.close()
    return writer.result()


def markdown_xhtml(text: str) -> str:
    """Markdown to sanitized HTML (as the web app shows it), then to QTI XHTML."""
    return to_xhtml(to_html(text))
