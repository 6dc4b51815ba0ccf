"""Tabs in code blocks become spaces to the next multiple of 4 columns (pandoc's --tab-stop), so no format
depends on its own tab width and no font needs a tab glyph (the PDF drew a box and copied out a NUL)."""

from __future__ import annotations

import subprocess

import convert


def test_tabs_in_fenced_indented_and_html_code_become_spaces() -> None:
    source = ("# T\n\n```go\nfunc main() {\n\tif x {\n\t\treturn\n\t}\n}\n```\n\n"
              "<pre><code>a\tb</code></pre>\n\n    ab\tc\n")
    texts = [b.text for b in convert.read_text(source).blocks]  # type: ignore[attr-defined]
    assert texts == ["func main() {\n    if x {\n        return\n    }\n}", "a   b", "ab  c"]


def test_a_tab_in_code_copies_out_of_the_pdf_as_spaces() -> None:
    pdf = convert.render(convert.read_text("# T\n\n```\nname:\tvalue\n```\n"), "pdf")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    assert b"name:   value" in text and b"\x00" not in text
