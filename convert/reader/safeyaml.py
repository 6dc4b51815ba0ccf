"""YAML front matter → top-level entries, with nothing an untrusted article could abuse.

The loader is PyYAML's pure-Python ``SafeLoader`` (the same on every platform,
so the same source gives the same result with or without libyaml), narrowed:

- YAML 1.2's core schema, as pandoc reads YAML: ``yes``/``no``/``on``/``off``
  stay text (``lang: no`` is Norwegian), ``1:30`` is not sexagesimal, a date
  stays as written (the date reader reads it, see :mod:`.dates`).
- Only the standard tags; ``!!python/...`` and any other tag is refused, and a
  standard tag on a value it cannot hold (``!!bool maybe``, ``!!int x``) is a
  :class:`~convert.errors.SourceError` naming the line. ``!!timestamp`` keeps its text.
- Nesting deeper than :data:`MAX_DEPTH` is refused (no ``RecursionError``), and
  so are more than :data:`MAX_VALUES` values, and aliases that expand to more than :data:`MAX_EXPANSION` extra nodes
  ("billion laughs") or refer to themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

from ..errors import SourceError

#: Deepest nesting of lists and mappings read (real front matter stays under 10).
MAX_DEPTH = 50
#: Values (scalars, lists, mappings) read: real front matter has hundreds at most, and PyYAML's
#: pure-Python parser needs up to ~0.1 ms per value, so this bounds the time (about 2 s) as well.
MAX_VALUES = 20_000
#: Nodes that aliases may add when expanded (an anchor used a few times is fine).
MAX_EXPANSION = 100_000

_TAG = "tag:yaml.org,2002:"
# YAML 1.2 core schema (yaml.org/spec/1.2.2, 10.3.2). Floats stay with PyYAML's reading.
_CORE = {
    "null": re.compile(r"^(?:~|null|Null|NULL|)$"),
    "bool": re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    "int": re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    "float": re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
}


#: Who gave a metadata entry: the article's own block, ``-M``, or the defaults under it.
Origin = Literal["source", "-M", "metadata"]


@dataclass(frozen=True)
class Entry:
    """One top-level ``key: value`` of a metadata block.

    ``line``/``column``: where the key is in the file (``line`` None: given outside it). ``written``: the value's
    text as written when it is a plain or quoted scalar (``007`` stays ``007``
    for a text field), else None. ``origin``: who gave it, for messages: ``"source"``
    (the article's own block), ``"-M"`` (``ReadOptions.metadata_overrides``) or
    ``"metadata"`` (``ReadOptions.metadata``: a project file's ``[metadata]``, ``--metadata-file``).
    """

    key: str
    value: object
    line: int | None  # None: given outside the source (project file, command line)
    column: int = 1
    written: str | None = None
    origin: Origin = "source"

    def named(self) -> str:
        """The entry as a message names it: ``front matter 'title'``, ``-M title``, ``metadata default 'title'``."""
        if self.origin == "-M":
            return f"-M {self.key}"
        if self.origin == "metadata":
            return f"metadata default '{self.key}' (project file or --metadata-file)"
        return f"front matter '{self.key}'"


class _Loader(yaml.SafeLoader):
    """SafeLoader with the core schema, a nesting limit and strict standard tags."""

    # Own copies, filled once below at import: SafeLoader itself is left as it is.
    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 (PyYAML declares it an instance variable)
    yaml_constructors: ClassVar[dict[Any, Any]] = dict(yaml.SafeLoader.yaml_constructors)

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._values = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        self._values += 1
        try:
            if self._depth > MAX_DEPTH or self._values > MAX_VALUES:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                problem = f"nested deeper than {MAX_DEPTH} levels" if self._depth > MAX_DEPTH else \
                    f"more than {MAX_VALUES:,} values"
                raise ComposerError(None, None, problem, mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError):
            tag = node.tag.replace(_TAG, "!!")
            raise ConstructorError(None, None, f"{str(node.value)[:40]!r} is not a valid {tag} value",
                                   node.start_mark) from None

    def construct_core_int(self, node: Any) -> int:
        text = str(self.construct_scalar(node)).replace("_", "")
        sign = -1 if text.startswith("-") else 1
        digits = text.lstrip("+-")
        base = {"0o": 8, "0x": 16, "0b": 2}.get(digits[:2].lower(), 10)
        return sign * int(digits[2:] if base != 10 else digits, base)

    def construct_text(self, node: Any) -> str:
        return str(self.construct_scalar(node))

    def refuse_tag(self, node: Any) -> Any:
        tag = node.tag.replace(_TAG, "!!")
        raise ConstructorError(None, None, f"the tag {tag} is not allowed in front matter", node.start_mark)


for _name, _pattern in _CORE.items():
    _Loader.add_implicit_resolver(_TAG + _name, _pattern, None)
_Loader.add_implicit_resolver(_TAG + "merge", re.compile(r"^<<$"), ["<"])  # merge keys, used with anchors
_Loader.add_constructor(_TAG + "int", _Loader.construct_core_int)
_Loader.add_constructor(_TAG + "timestamp", _Loader.construct_text)
_Loader.add_constructor(None, _Loader.refuse_tag)
for _unsafe in ("value", "yaml"):
    _Loader.yaml_constructors.pop(_TAG + _unsafe, None)


def load_entries(text: str, *, name: str, first_line: int) -> list[Entry] | None:
    """The top-level entries of the YAML ``text``; None when it is not a mapping (nor empty).

    ``first_line`` is the file line of the text's first line. Raises
    :class:`~convert.errors.SourceError` (with line, column and a hint) for broken
    YAML, refused tags and limits.
    """
    try:
        loader = _Loader(text)
    except yaml.YAMLError as exc:  # a character YAML does not allow
        raise _source_error(exc, text, name=name, first_line=first_line) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return []
        if not isinstance(node, yaml.MappingNode):
            return None
        _check_expansion(node)
        data = loader.construct_document(node)
        return [_entry(loader, data, key, value, first_line) for key, value in node.value]
    except yaml.YAMLError as exc:
        raise _source_error(exc, text, name=name, first_line=first_line) from None
    finally:
        loader.dispose()


def _entry(loader: _Loader, data: dict[Any, Any], key_node: yaml.Node, value_node: yaml.Node, first_line: int) -> Entry:
    key = loader.construct_object(key_node, deep=True)  # built before: hashable, and rebuilt the same
    written = str(value_node.value) if isinstance(value_node, yaml.ScalarNode) else None
    mark = key_node.start_mark
    return Entry(str(key), data.get(key), first_line + mark.line, mark.column + 1, written)


def _check_expansion(root: yaml.Node) -> None:
    """Refuse aliases that expand too far or refer to an enclosing node (before anything is built)."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, enclosing: frozenset[int]) -> int:
        if id(node) in enclosing:
            raise ComposerError(None, None, "an alias refers to a node that contains it", node.start_mark)
        if id(node) in sizes:
            return sizes[id(node)]
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        inner = enclosing | {id(node)}
        total = 1 + sum(size(child, inner) for child in children)
        sizes[id(node)] = total
        if total > len(sizes) + MAX_EXPANSION:
            raise ComposerError(None, None, f"aliases expand to over {MAX_EXPANSION} values", node.start_mark)
        return total

    size(root, frozenset())


# PyYAML's words for a second ': ' on a line; ours for refused tags and limits (raised above).
_MAPPING_VALUE = "mapping values are not allowed"
_TAG_PROBLEMS = ("the tag ",)
_BAD_TAGGED_VALUE = " is not a valid !!"
_LIMIT_PROBLEMS = ("nested deeper than", "more than", "aliases expand", "an alias refers")
_KEY_VALUE = re.compile(r"^(\s*(?:- )?[^\s:#'\"][^:#]*?):[ \t]+(.+?)\s*$")


def _quote_hint(line: str) -> str:
    """Say to quote the value, showing the line quoted when it is a plain ``key: value`` line."""
    found = _KEY_VALUE.match(line)
    if found is None:
        return "quote a value that contains ': ', e.g. title: \"NATO: Chief meets Aliyev\""
    key, value = found.group(1).strip(), found.group(2)
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"quote a value that contains ': ', like this: {key}: {quoted}"


def _source_error(exc: yaml.YAMLError, text: str, *, name: str, first_line: int) -> SourceError:
    problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or str(exc)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        line, column = mark.line, mark.column
    else:  # a ReaderError: a character YAML does not allow, at a character offset
        position = int(getattr(exc, "position", 0))
        line = text.count("\n", 0, position)
        column = position - (text.rfind("\n", 0, position) + 1)
    hint = ("fix the YAML between the '---' lines (quote values that contain ': '), "
            "or leave a blank line after the first '---' if it is text")
    if isinstance(exc, yaml.reader.ReaderError):
        problem = f"a character YAML does not allow (U+{int(getattr(exc, 'character', 0)):04X})"
        hint = "remove the character (often left by copying from another program)"
    elif problem.startswith(_MAPPING_VALUE):  # `title: NATO: Chief meets Aliyev`, the commonest mistake
        hint = _quote_hint(text.split("\n")[line] if line < text.count("\n") + 1 else "")
    elif problem.startswith(_TAG_PROBLEMS) or _BAD_TAGGED_VALUE in problem:
        hint = "write plain YAML values (text, numbers, lists, mappings) without tags"
    elif problem.startswith(_LIMIT_PROBLEMS):
        hint = "front matter holds the article's metadata; write it without deep nesting or repeated aliases"
    return SourceError(f"broken YAML front matter: {problem}", file=name, line=first_line + line,
                       column=column + 1, hint=hint)
