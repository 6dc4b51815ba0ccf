"""The ``convert`` command's options, and which mode runs: one article, a batch, a watch, a check."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..registry import Registry
from .messages import configure_logging
from .settings import DEFAULT_SOURCE, STDIO, jobs_from, plan

EPILOG = """\b
Examples:
  convert --to pdf                      source/article.md -> out/article.pdf
  convert --to all                      every format into out/
  convert --to docx,epub story.md --out-dir build
  convert --to pdf story.md -o story.pdf --paper letter
  cat story.md | convert --to html - -o -      stdin to stdout
  convert --to all content/ --out-dir out/ --jobs 2     every article in a folder tree
  convert --to all --verify             read each output back and check its parts
  convert --watch                       rebuild on every change (Ctrl-C stops)
  python -m convert --list-formats      (if ImageMagick's 'convert' shadows ours)
A convert.toml in the article's folder or above sets defaults for these options.
"""


def choose_formats(to: str | None, output: Path | None, registry: Registry) -> list[str]:
    """``--to`` (comma-separated, ``all``), else ``-o``'s extension, else every format."""
    if to is not None:
        value = to
    elif output is not None and output != STDIO and output.suffix:
        value = output.suffix[1:]
    else:
        value = "all"
    wanted: list[str] = []
    for part in (p.strip().lower() for p in value.split(",")):
        if part == "all":
            wanted.extend(registry.names())
        elif part not in registry:
            choices = ", ".join(registry.names())
            raise click.BadParameter(f"unknown format {part!r}; choose from {choices} or all", param_hint="--to")
        else:
            wanted.append(part)
    return list(dict.fromkeys(wanted))


_FILE = click.Path(path_type=Path, dir_okay=False)


@click.command(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option("--to", "to", metavar="FORMATS", help="Comma-separated formats, or 'all' (default: from -o, else all).")
@click.option("-o", "--output", type=click.Path(path_type=Path, allow_dash=True),
              help="Output file (one source, one format); '-' is stdout.")
@click.option("--out-dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Folder for outputs.")
@click.option("--list-formats", is_flag=True, help="List the formats and exit.")
@click.option("--no-smart", is_flag=True, help="Keep straight quotes, -- and ... as typed.")
@click.option("--paper", type=click.Choice(["a4", "letter"]),
              help="DOCX and PDF paper size (default: the front matter's papersize, else the reference document's "
                   "in DOCX, else a4).")
@click.option("--reference-doc", "--reference-docx", "reference_doc", type=_FILE,
              help="Take DOCX styles, fonts and margins from this Word file (pandoc's --reference-doc).")
@click.option("--font-family", help="PDF font family (a fontconfig name, e.g. 'DejaVu Serif').")
@click.option("--no-cover", is_flag=True, help="EPUB: no generated cover.")
@click.option("--toc", is_flag=True, default=None, help="A table of contents where the format has a place for one.")
@click.option("-M", "--metadata", multiple=True, metavar="KEY=VALUE",
              help="Set a metadata field over the front matter (repeat; YAML-typed value).")
@click.option("--metadata-file", type=_FILE, help="Metadata defaults from a YAML (or .toml) file.")
@click.option("--resource-path", multiple=True, metavar="DIR",
              help=f"Folders searched for images, in order (repeat, or join with '{os.pathsep}').")
@click.option("--fetch-images", is_flag=True, default=None, help="Download remote images (http(s); off by default).")
@click.option("--max-image-pixels", type=click.IntRange(min=1), help="Refuse images with more pixels than this.")
@click.option("--max-source-bytes", type=click.IntRange(min=1), help="Refuse larger articles (default 20 MB).")
@click.option("--max-front-matter-bytes", type=click.IntRange(min=1),
              help="Refuse a larger metadata block (default 1 MB).")
@click.option("--verify", is_flag=True, default=None,
              help="Read each output back and check every part arrived (exit 1 if not).")
@click.option("--verify-only", is_flag=True,
              help="Check existing outputs (SOURCES are the outputs) against --source; convert nothing.")
@click.option("--source", "verify_source", type=click.Path(path_type=Path), default=DEFAULT_SOURCE, show_default=True,
              help="With --verify-only: the Markdown the outputs were made from.")
@click.option("--watch", is_flag=True, help="Rebuild whenever a source, an image or the project file changes.")
@click.option("--no-project", is_flag=True, help="Ignore convert.toml.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes for many articles (default: cores).")
@click.option("--force", is_flag=True, help="Rebuild outputs even if they are up to date.")
@click.option("--fail-fast", is_flag=True, help="Stop at the first article that fails.")
@click.option("--report", "report_path", type=_FILE, help="Write a JSON record per article and format.")
@click.option("--scheduler", metavar="ADDRESS", help="Run on a Dask cluster (tcp://host:port); needs the 'dask' extra.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option("-v", "--verbose", count=True, help="Print more (repeat for debug output).")
@click.version_option(__version__, "--version", prog_name="convert")
@click.pass_context
def command(ctx: click.Context, /, **params: Any) -> None:
    """Convert Markdown articles to DOCX, PDF, EPUB and HTML.

    SOURCES are Markdown files or folders of them ('-' reads stdin; default: the
    project's sources, else source/article.md). Outputs go to --out-dir as
    NAME.EXT (folders mirrored), or to -o FILE.
    """
    configure_logging(params["quiet"], params["verbose"])
    registry = Registry.default()
    if params["list_formats"]:
        for name in registry.names():
            click.echo(name)
        return
    todo = plan(ctx, registry, params)
    if params["verify_only"]:
        from .verifying import verify_files

        if not params["sources"]:
            raise click.UsageError("--verify-only needs the output files to check")
        sys.exit(verify_files([Path(s) for s in params["sources"]], params["verify_source"], todo.read_options,
                              params["quiet"]))
    if not params["sources"] and todo.project is None and not todo.sources[0].exists():
        raise click.UsageError(f"no article given, and no {todo.sources[0]} here: name the article to convert "
                               "(convert story.md), or add a convert.toml naming the project's sources")
    many = len(todo.sources) > 1 or any(s.is_dir() for s in todo.sources)
    if todo.output is not None and (many or len(todo.formats) > 1):
        raise click.UsageError("-o/--output takes one source and one format; use --out-dir for more")
    if STDIO in todo.sources and (many or params["watch"]):
        raise click.UsageError("'-' (stdin) is one article: convert it alone, without --watch")
    from .single import convert_each, refuse_binary_to_terminal  # each mode imports what it uses

    refuse_binary_to_terminal(todo)
    jobs = jobs_from(ctx, params, todo.project)
    batched = many or params["jobs"] or params["force"] or params["fail_fast"] or params["report_path"] \
        or params["scheduler"]

    def build() -> int:
        if batched:
            from .batchrun import BatchSettings, run_batch

            settings = BatchSettings(jobs, params["force"], params["fail_fast"], params["report_path"],
                                     params["scheduler"], params["quiet"])
            return run_batch(todo, registry, settings)
        return convert_each(todo, registry, params["quiet"])

    if params["watch"]:
        from .watch import watch

        sys.exit(watch(todo, build, params["quiet"]))
    sys.exit(build())
