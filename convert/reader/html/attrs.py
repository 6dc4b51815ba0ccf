"""HTML attributes → the model's :class:`~convert.model.Attr`: what a node keeps, and what never reaches it.

An element's attributes are first read whole into an ``Attr`` (the id, the
classes, every other attribute as a pair) minus event handlers (``onclick``,
``onerror``...: removed with a warning); the tag's own rules read what they
need from it (``href``, ``src``, ``colspan``, ``style``...). A model node keeps
only :func:`shown`: the id, the classes and ``dir``/``lang``, never a style,
a URL or a script.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...model import Alignment, Attr
from ..context import ReadContext

#: The pairs a Div or Span keeps besides its id and classes (text direction and language matter to every format).
KEPT_PAIRS = ("dir", "lang")
_CREDITISH = ("credit", "attribution", "copyright")
_ALIGNMENTS: dict[str, Alignment] = {"left": "left", "right": "right", "center": "center", "middle": "center",
                                     "start": "left", "end": "right"}


def read(tag: str, items: Iterable[tuple[str, str | None]], context: ReadContext, line: int) -> Attr:
    """Every attribute of one element, event handlers removed (with a warning naming them)."""
    identifier = ""
    classes: tuple[str, ...] = ()
    pairs: list[tuple[str, str]] = []
    handlers: list[str] = []
    for raw_name, raw_value in items:
        name, value = str(raw_name).strip().lower(), context.legal(str(raw_value or ""), line)
        if name.startswith("on"):
            handlers.append(name)
        elif name == "id":
            identifier = value.strip()
        elif name == "class":
            classes = tuple(dict.fromkeys(value.split()))
        else:
            pairs.append((name, value))
    if handlers:
        context.warn(f"raw HTML <{tag}>: removed event attribute {', '.join(sorted(set(handlers)))}", line)
    return Attr(identifier, classes, tuple(pairs))


def shown(attr: Attr, *lead: str, keep: tuple[str, ...] = KEPT_PAIRS) -> Attr:
    """What a model node keeps of ``attr``: its id, the ``lead`` classes then its own, and the ``keep`` pairs."""
    classes = tuple(dict.fromkeys((*lead, *attr.classes)))
    return Attr(attr.identifier, classes, tuple((k, v) for k, v in attr.pairs if k in keep and v.strip()))


def is_empty(attr: Attr) -> bool:
    return attr == Attr()


def markdown_inside(attr: Attr) -> bool:
    """kramdown's ``markdown="1"`` (also ``"block"``, ``"span"``): the element's content is Markdown."""
    return (attr.get("markdown") or "").strip().lower() in ("1", "block", "span")


def is_caption(attr: Attr) -> bool:
    """A class such as ``caption``, ``wp-caption-text`` or ``translation-caption``."""
    return any("caption" in name.lower() for name in attr.classes)


def is_credit(attr: Attr) -> bool:
    """A class such as ``credit``, ``photo-credit``, ``image-attribution`` or ``copyright``."""
    return any(word in name.lower() for name in attr.classes for word in _CREDITISH)


def style(attr: Attr, prop: str) -> str | None:
    """The value of one CSS property in the ``style`` attribute (``text-align: right`` → ``"right"``)."""
    for declaration in (attr.get("style") or "").split(";"):
        name, _, value = declaration.partition(":")
        if name.strip().lower() == prop:
            return value.replace("!important", "").strip().lower()
    return None


def alignment(attr: Attr) -> Alignment:
    """``align="right"`` or ``style="text-align: right"`` (the style wins, as in a browser)."""
    value = style(attr, "text-align") or (attr.get("align") or "").strip().lower()
    return _ALIGNMENTS.get(value, "default")


def fraction(value: str | None) -> float | None:
    """A percentage (``"30%"``) as a share of the width (0.3); ``None`` for anything else (pixels, ``auto``)."""
    text = (value or "").strip()
    if not text.endswith("%"):
        return None
    try:
        share = float(text[:-1]) / 100
    except ValueError:
        return None
    return share if 0 < share <= 1 else None


def whole(value: str | None, default: int, *, least: int = 1, most: int = 1000) -> int:
    """An integer attribute (``colspan``, ``start``) within ``least..most``; ``default`` when it is none."""
    try:
        number = int((value or "").strip())
    except ValueError:
        return default
    return min(max(number, least), most)
