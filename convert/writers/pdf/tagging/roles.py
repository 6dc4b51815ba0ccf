"""Structure types: the standard ones of ISO 32000-1 (14.8.4) and our own, mapped in the ``RoleMap``.

Our own roles keep the article's parts by name for those who look (a tool, a
remediation editor); assistive technology reads them as the standard type they
map to. PDF/UA-1 (ISO 14289-1, 7.1) forbids remapping a standard type, so our
names never shadow one.
"""

from __future__ import annotations

#: Our roles and the standard type each stands for.
ROLE_MAP: dict[str, str] = {
    "Subtitle": "P",
    "Byline": "P",
    "Date": "P",
    "Description": "P",
    "Keywords": "P",
    "Credit": "P",
    "PhotoCredit": "P",
}

#: Paragraph style (see ``styles.SPEC``) → structure type of a paragraph set in it.
STYLE_ROLES: dict[str, str] = {
    "title": "H1",
    "subtitle": "Subtitle",
    "byline": "Byline",
    "date": "Date",
    "description": "Description",
    "keywords": "Keywords",
    "credit": "Credit",
    "photo_credit": "PhotoCredit",
    "caption": "Caption",
    "caption_credited": "Caption",
    "table_caption": "Caption",
}

#: Table parts that stay in the tree even when empty (a screen reader counts rows and columns).
TABLE_PARTS = frozenset({"TR", "TH", "TD"})


def standard(role: str) -> str:
    """The standard structure type ``role`` stands for (itself when it is one)."""
    return ROLE_MAP.get(role, role)


def paragraph_role(style: str) -> str:
    """The structure type of a paragraph in ``style``: a heading, one of our parts, else ``P``."""
    return STYLE_ROLES.get(style, "P")
