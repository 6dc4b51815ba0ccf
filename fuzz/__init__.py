"""Fuzzing ``convert``: Markdown built from the pieces real articles use, through read → every writer → verify.

* :mod:`fuzz.grammar` builds a Markdown article from a stream of choices (bytes
  from atheris, or draws from Hypothesis);
* :mod:`fuzz.images` makes the fixed folder of small good and bad images the
  articles refer to;
* :mod:`fuzz.harness` runs one article through the library and returns its
  findings (an exception that is not a ``ConvertError``, an output that does not
  read back, live markup or a live local link, a run over the time budget, a
  failed verification of an article that converted without warnings);
* :mod:`fuzz.minimize` shrinks a finding's input while it keeps its signature;
* ``fuzz/fuzz_convert.py`` is the driver (atheris, coverage-guided; or
  Hypothesis with ``--engine hypothesis``).

``fuzz/regressions/`` holds minimized reproducers, replayed by ``tests/test_fuzz.py``.
"""
