"""Hugo shortcodes (``{{< tweet ... >}}``, ``{{% note %}}``) are kept as written, warned about, never smartened."""

from __future__ import annotations

import logging

import pytest

import convert
from convert.model import plain_text


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_shortcode_in_the_text_is_kept_as_written_with_its_straight_quotes(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text('# T\n\nSee {{< tweet user="citydesk" id="1" >}} and "this".\n')
    text = plain_text(article.blocks[0].inlines)  # type: ignore[attr-defined]
    assert '{{< tweet user="citydesk" id="1" >}}' in text
    assert "\u201cthis\u201d" in text  # the text around it is still smartened
    assert any(w.startswith("<string>:3:") and "Hugo shortcode tweet" in w for w in _warnings(caplog))


@pytest.mark.parametrize("code", ['{{% note "x" %}}', "{{< /figure >}}", "{{</* youtube abc */>}}"])
def test_other_shortcode_forms_are_one_piece(code: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text(f"# T\n\nBefore {code} after.\n")
    assert code in plain_text(article.blocks[0].inlines)  # type: ignore[attr-defined]
    assert any("Hugo shortcode" in w for w in _warnings(caplog))


def test_braces_that_are_not_a_shortcode_are_left_alone(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text('# T\n\nA {{ template "x" }} and {{< never closed.\n')
    text = plain_text(article.blocks[0].inlines)  # type: ignore[attr-defined]
    assert "{{ template" in text and "{{< never closed." in text
    assert not any("Hugo shortcode" in w for w in _warnings(caplog))


def test_a_shortcode_in_the_title_heading_keeps_its_text_and_is_warned_about(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read_text('# Live {{< icon "bolt" >}} results\n\nBody.\n')
    assert article.meta.title == 'Live {{< icon "bolt" >}} results'
    assert any("Hugo shortcode icon" in w for w in _warnings(caplog))


def test_a_shortcode_reaches_every_output_as_text_not_markup() -> None:
    article = convert.read_text('# T\n\nSee {{< tweet user="citydesk" >}} here.\n')
    html = convert.render(article, "html").decode()
    assert "{{&lt; tweet user=&quot;citydesk&quot; &gt;}}" in html


def test_backslash_escapes_in_a_shortcode_read_as_pandoc_shows_them() -> None:
    article = convert.read_text('# T\n\nSee {{< img src="2014/12/winter\\_snow\\*.jpg" >}} here.\n')
    assert '{{< img src="2014/12/winter_snow*.jpg" >}}' in plain_text(article.blocks[0].inlines)  # type: ignore[attr-defined]
