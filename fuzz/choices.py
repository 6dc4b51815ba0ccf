"""A stream of decisions: what drives the grammar (atheris bytes or Hypothesis draws)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Choices(Protocol):
    """A source of decisions: ``integer(low, high)`` inclusive, ``text(n)`` up to ``n`` arbitrary characters."""

    def integer(self, low: int, high: int) -> int: ...

    def text(self, max_chars: int) -> str: ...


class BytesChoices:
    """Choices read from atheris's ``FuzzedDataProvider`` (when it runs dry: the smallest choice, empty text)."""

    def __init__(self, provider: Any) -> None:
        self._provider = provider

    def integer(self, low: int, high: int) -> int:
        return int(self._provider.ConsumeIntInRange(low, high))

    def text(self, max_chars: int) -> str:
        return str(self._provider.ConsumeUnicode(self.integer(0, max_chars)))


class HypothesisChoices:
    """Choices drawn from Hypothesis's ``data()`` strategy (any character, lone surrogates included)."""

    def __init__(self, data: Any) -> None:
        from hypothesis import strategies as st

        self._data = data
        self._st = st

    def integer(self, low: int, high: int) -> int:
        return int(self._data.draw(self._st.integers(low, high)))

    def text(self, max_chars: int) -> str:
        chars = self._st.characters(exclude_categories=())
        return str(self._data.draw(self._st.text(chars, max_size=max_chars)))


def pick(choices: Choices, options: Sequence[T]) -> T:
    return options[choices.integer(0, len(options) - 1)]


