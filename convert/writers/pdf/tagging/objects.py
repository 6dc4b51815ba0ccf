"""The structure tree written as PDF objects: ``StructTreeRoot``, elements, ``ParentTree``, ``IDTree``, ``RoleMap``.

Written once the pages are drawn (every slot knows its MCIDs), with reportlab's own
object classes, so the file stays one reportlab document (no second pass over it) and
object numbers follow reading order: the same article gives the same bytes. Elements
with nothing drawn in them are left out (an empty paragraph, the "Notes" section of an
article whose notes all fit at the foot of their pages), except table rows and cells.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObjectReference, PDFString

from .marks import Marks
from .roles import ROLE_MAP, TABLE_PARTS
from .tree import Element, ObjectReference, Slot

TRUE = "true"


def write_structure(document: Any, marks: Marks) -> None:
    """Give reportlab's ``document`` its structure tree and the catalog entries of a tagged PDF."""
    root = marks.tags.root
    kept = _kept(root)
    order = [e for e in _preorder(root) if id(e) in kept]
    tree_root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    tree_ref = document.Reference(tree_root)
    made: dict[int, tuple[PDFDictionary, PDFObjectReference]] = {}
    names = _Names()
    for element in order:
        dictionary = PDFDictionary({"Type": names("StructElem")})
        made[id(element)] = dictionary, document.Reference(dictionary)
    for element in order:
        parent = made[id(element.parent)][1] if element.parent is not None else tree_ref
        _fill(made[id(element)][0], element, parent, made, kept, names)
    tree_root["K"] = made[id(root)][1]
    tree_root["ParentTree"] = document.Reference(_parent_tree(marks, made))
    tree_root["ParentTreeNextKey"] = marks.next_key
    tree_root["RoleMap"] = PDFDictionary({role: PDFName(standard) for role, standard in sorted(ROLE_MAP.items())})
    identified = sorted((e.attributes["ID"], made[id(e)][1]) for e in order if "ID" in e.attributes)
    if identified:
        tree_root["IDTree"] = PDFDictionary({"Names": PDFArray([x for i, ref in identified for x in (PDFString(i), ref)])})
    catalog = document.Catalog
    catalog.StructTreeRoot = tree_ref
    catalog.MarkInfo = PDFDictionary({"Marked": TRUE})
    catalog.ViewerPreferences = PDFDictionary({"DisplayDocTitle": TRUE})


def _preorder(root: Element) -> list[Element]:
    found: list[Element] = []
    stack = [root]
    while stack:  # an explicit stack: nesting as deep as the article's must not hit Python's recursion limit
        element = stack.pop()
        found.append(element)
        stack.extend(reversed([k for k in element.kids if isinstance(k, Element)]))
    return found


def _kept(root: Element) -> set[int]:
    """The elements written: those with content of their own or inside them, and table rows and cells."""
    kept: set[int] = set()
    for element in reversed(_preorder(root)):  # children before parents
        own = any(isinstance(k, ObjectReference) or (isinstance(k, Slot) and k.marks) for k in element.kids)
        inner = any(isinstance(k, Element) and id(k) in kept for k in element.kids)
        if own or inner or element.role in TABLE_PARTS or element is root:
            kept.add(id(element))
    return kept


class _Names(dict[str, Any]):
    """reportlab's ``PDFName`` of each name, made once per render (making one costs more than formatting it)."""

    def __call__(self, name: str) -> Any:
        made = self.get(name)
        if made is None:
            made = self[name] = PDFName(name)
        return made


def _fill(dictionary: PDFDictionary, element: Element, parent: PDFObjectReference,
          made: dict[int, tuple[PDFDictionary, PDFObjectReference]], kept: set[int], names: _Names) -> None:
    dictionary["S"] = names(element.role)
    dictionary["P"] = parent
    page = _first_page(element)
    if page:
        dictionary["Pg"] = PDFObjectReference(page)
    for key in ("ID", "Lang", "Alt", "ActualText"):
        if key in element.attributes:
            dictionary[key] = PDFString(element.attributes[key])
    owned = [PDFDictionary({"O": names(owner), **{k: names(v) if isinstance(v, str) else v for k, v in a.items()}})
             for owner, a in element.owned.items() if a]
    if owned:
        dictionary["A"] = owned[0] if len(owned) == 1 else PDFArray(owned)
    kids: list[Any] = []
    for kid in element.kids:
        if isinstance(kid, Element):
            if id(kid) in kept:
                kids.append(made[id(kid)][1])
        elif isinstance(kid, Slot):
            kids.extend(mcid if on == page else PDFDictionary({"Type": names("MCR"), "Pg": PDFObjectReference(on),
                                                                 "MCID": mcid}) for on, mcid in kid.marks)
        else:
            kids.append(PDFDictionary({"Type": names("OBJR"), "Obj": PDFObjectReference(kid.annotation),
                                       "Pg": PDFObjectReference(kid.page)}))
    if len(kids) == 1:
        dictionary["K"] = kids[0]
    elif kids:
        dictionary["K"] = PDFArray(kids)


def _first_page(element: Element) -> str:
    for kid in element.kids:
        if isinstance(kid, Slot) and kid.marks:
            return kid.marks[0][0]
    return ""


def _parent_tree(marks: Marks, made: dict[int, tuple[PDFDictionary, PDFObjectReference]]) -> PDFDictionary:
    """The number tree from each page's key to its MCIDs' elements, and from each annotation's key to its element."""
    entries: list[tuple[int, Any]] = []
    for page, key in marks.page_keys.items():
        entries.append((key, PDFArray([made[id(e)][1] for e in marks.rows.get(page, [])])))
    entries.extend((key, made[id(element)][1]) for key, element, _ in marks.annotation_keys)
    entries.sort(key=lambda entry: entry[0])
    return PDFDictionary({"Nums": PDFArray([x for key, value in entries for x in (key, value)])})
