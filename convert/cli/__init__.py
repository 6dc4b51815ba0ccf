"""The ``convert`` command. It only orchestrates: options, project file, API calls, messages.

Exit codes: 0 success, 1 a conversion failed, 2 a usage error, 130 interrupted
(Ctrl-C), 143 terminated (SIGTERM). Never a traceback.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Sequence

import click

from ..errors import ConvertError
from .command import command
from .messages import logging_restored, report_error

__all__ = ["command", "main"]

log = logging.getLogger("convert")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (never raises, never prints a traceback).

    SIGTERM is handled like Ctrl-C (a batch stops its workers and writes its manifest
    for what finished) and exits with 143 (128 + 15), as a terminated process does.
    """
    terminated = threading.Event()

    def on_sigterm(_signum: int, _frame: object) -> None:
        terminated.set()
        raise KeyboardInterrupt

    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, on_sigterm) if in_main_thread else None
    try:
        with logging_restored():
            return _main(argv, terminated)
    except KeyboardInterrupt:  # between click's own handling and here
        click.echo("convert: interrupted", err=True)
        return 143 if terminated.is_set() else 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main(argv: Sequence[str] | None, terminated: threading.Event) -> int:
    try:
        command.main(args=list(argv) if argv is not None else None, prog_name="convert", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        click.echo("convert: terminated" if terminated.is_set() else "convert: interrupted", err=True)
        return 143 if terminated.is_set() else 130
    except SystemExit as exc:
        return int(exc.code or 0)
    except ConvertError as exc:
        report_error(exc)
        return 1
    except Exception as exc:  # the last line of defence: a bug, reported without a traceback
        log.debug("unexpected error", exc_info=True)
        click.echo(f"convert: error: internal error: {type(exc).__name__}: {exc} (run with -vv for details)", err=True)
        return 1
    return 0
