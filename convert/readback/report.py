"""What a verification found: one :class:`Finding` per check, gathered in a :class:`Report`."""

from __future__ import annotations

from dataclasses import dataclass, field

from .compare import same


@dataclass(frozen=True)
class Finding:
    """One check: what was expected, what was found (``"(nothing)"`` when nothing was), and where we looked."""

    check: str
    where: str
    expected: str
    found: str
    ok: bool

    def __str__(self) -> str:
        status = "ok" if self.ok else "FAIL"
        detail = "" if self.ok else f": expected {self.expected!r}, found {self.found!r}"
        return f"{status} {self.check} [{self.where}]{detail}"


@dataclass
class Report:
    """The findings for one output of ``format`` ("docx", "epub", "html", "pdf"); ``ok`` when every check passed."""

    format: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.findings if not f.ok]

    def check(self, check: str, where: str, expected: str, found: str | None, *, loose: bool = False) -> None:
        """Record whether ``found`` is ``expected`` up to quotes and whitespace (``loose``: all whitespace ignored)."""
        matches = found is not None and same(expected, found, loose=loose)
        self.findings.append(Finding(check, where, expected, "(nothing)" if found is None else found, matches))

    def present(self, check: str, where: str, expected: str, found: bool) -> None:
        """Record a check of presence: ``expected`` describes what must exist, ``found`` whether it does."""
        self.findings.append(Finding(check, where, expected, expected if found else "(nothing)", found))

    def fail(self, check: str, where: str, expected: str, found: str) -> None:
        self.findings.append(Finding(check, where, expected, found, False))
