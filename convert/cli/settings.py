"""From command-line options, the project file and metadata options to one checked plan.

Precedence, highest first: the command line; the project file (``convert.toml``);
the built-in defaults. Metadata: ``-M key=value`` over the article's front
matter over ``--metadata-file`` over the project file's ``[metadata]`` (pandoc's
order: ``-M`` wins, a metadata file gives defaults).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from ..errors import SourceError
from ..project import Project, find_project, key_line, load_project
from ..registry import Registry

DEFAULT_SOURCE = Path("source/article.md")
STDIO = Path("-")


@dataclass
class Plan:
    """What one invocation will do, after every default and the project file are applied."""

    sources: list[Path]
    formats: list[str]
    output: Path | None
    out_dir: Path
    read_options: dict[str, Any]
    write_options: dict[str, Any]
    verify: bool = False
    project: Project | None = None
    watch_paths: list[Path] = field(default_factory=list)


def plan(ctx: click.Context, registry: Registry, params: Mapping[str, Any]) -> Plan:
    """Resolve ``params`` (the command's parsed options) with the project file; raises usage or source errors."""
    sources = [Path(s) for s in params["sources"]]
    project = _project(sources, params["no_project"])

    def pick(name: str, key: str, default: Any = None) -> Any:
        if ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, None) or project is None:
            return params[name] if params[name] is not None else default
        return project.options.get(key, params[name] if params[name] is not None else default)

    if not sources:
        sources = list(project.options.get("sources", [])) if project else []
        sources = sources or [project.root / DEFAULT_SOURCE if project else DEFAULT_SOURCE]
    to = params["to"] if ctx.get_parameter_source("to") == ParameterSource.COMMANDLINE else None
    if to is None and project is not None and "to" in project.options:
        to = ",".join(project.options["to"])
    out_dir = pick("out_dir", "out-dir")
    resource = params["resource_path"] or [str(p) for p in (project.options.get("resource-path", []) if project else [])]
    read_options = {
        "smart": not params["no_smart"] if ctx.get_parameter_source("no_smart") == ParameterSource.COMMANDLINE
        else (project.options.get("smart", True) if project else True),
        "resource_path": tuple(p for entry in resource for p in str(entry).split(os.pathsep) if p),
        "max_image_pixels": pick("max_image_pixels", "max-image-pixels"),
        "fetch_images": pick("fetch_images", "fetch-images", False),
        "extra_roots": tuple(dict.fromkeys([Path.cwd().resolve(), *([project.root] if project else [])])),
        "site_root": project.site_root if project else None,
        "metadata": _metadata_defaults(project, params["metadata_file"]),
        "metadata_overrides": tuple(_metadata_pair(item) for item in params["metadata"]),
    }
    for limit in ("max_source_bytes", "max_front_matter_bytes"):
        if params[limit] is not None:
            read_options[limit] = params[limit]
    no_cover = params["no_cover"] if ctx.get_parameter_source("no_cover") == ParameterSource.COMMANDLINE \
        else not (project.options.get("cover", True) if project else True)
    write_options = {
        "paper": pick("paper", "paper"),  # None: the article's papersize, a reference document's, else A4
        "reference_docx": pick("reference_doc", "reference-doc"),
        "font_family": pick("font_family", "font-family"),
        "cover": not no_cover,
        "toc": pick("toc", "toc", False),
    }
    from .command import choose_formats  # the command owns the format list's rules

    try:
        formats = choose_formats(to, params["output"], registry)
    except click.BadParameter as exc:
        if project is None or ctx.get_parameter_source("to") == ParameterSource.COMMANDLINE or "to" not in project.options:
            raise
        raise SourceError(f"'to' in the project file: {exc.message}", file=str(project.file),
                          line=key_line(project, "to"), hint='for example: to = ["docx", "pdf"]') from None
    return Plan(sources=sources, formats=formats, output=params["output"],
                out_dir=Path(out_dir), read_options=read_options, write_options=write_options,
                verify=pick("verify", "verify", False), project=project,
                watch_paths=[project.file] if project is not None else [])


def jobs_from(ctx: click.Context, params: Mapping[str, Any], project: Project | None) -> int | None:
    if ctx.get_parameter_source("jobs") == ParameterSource.COMMANDLINE or project is None:
        return params["jobs"]  # type: ignore[no-any-return]
    return project.options.get("jobs", params["jobs"])  # type: ignore[no-any-return]


def _project(sources: list[Path], disabled: bool) -> Project | None:
    if disabled:
        return None
    first = next((s for s in sources if s != STDIO), None)
    start = (first if first.is_dir() else first.parent) if first is not None else Path.cwd()
    found = find_project(start if start.exists() else Path.cwd())
    return load_project(found) if found is not None else None


def _metadata_pair(item: str) -> tuple[str, object]:
    """``key=value`` (YAML-typed value, as pandoc's ``-M``) or ``key`` alone (true)."""
    key, sep, value = item.partition("=")
    if not key.strip():
        raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="-M/--metadata")
    if not sep:
        return key.strip(), True
    import yaml  # only for -M

    try:
        return key.strip(), yaml.safe_load(value) if value.strip() else ""
    except yaml.YAMLError:
        return key.strip(), value  # not YAML: the text as written


def _metadata_defaults(project: Project | None, metadata_file: Path | None) -> tuple[tuple[str, object], ...]:
    merged: dict[str, object] = dict(project.metadata) if project else {}
    if metadata_file is not None:
        merged.update(_read_metadata_file(metadata_file))
    return tuple(merged.items())


def _read_metadata_file(path: Path) -> dict[str, object]:
    """A YAML (or ``.toml``) file of metadata, as pandoc's ``--metadata-file``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read the metadata file: {exc}", file=str(path), hint="give a UTF-8 YAML file") from None
    try:
        if path.suffix.lower() == ".toml":
            import tomllib

            loaded: object = tomllib.loads(text)
        else:
            import yaml

            loaded = yaml.safe_load(text)
    except Exception as exc:  # YAML or TOML syntax: say where
        mark = getattr(exc, "problem_mark", None)
        raise SourceError(f"broken metadata file: {exc}", file=str(path), line=mark.line + 1 if mark else None,
                          hint="fix the file's syntax") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise SourceError("the metadata file must hold 'key: value' lines", file=str(path), line=1)
    return {str(k): v for k, v in loaded.items()}
