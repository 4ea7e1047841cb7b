"""Benchmarks of the help site: build scaling, the in-page checker, page weight.

Run with ``python -m bench`` (``make bench``). Modules, one job each:

- ``synth``: synthetic content (N codes over a shared pool of causes) that passes the
  real validator;
- ``procs``: run a command and return its wall time and peak RSS;
- ``hooks``: the build runner that times the kb plugin's hooks inside ``mkdocs build``;
- ``sites``: set up and build the site and the bare-MkDocs baseline, measure the output;
- ``builds``: the build figures for each N;
- ``serve``: a static localhost server for the built site;
- ``browser``: Chromium with the agreed flags, page probes (long tasks, timings);
- ``checker``: cold/warm checker runs and bare Pyodide start-up;
- ``weight``: bytes a code page transfers before the button, per resource type;
- ``targets``: which targets hold;
- ``report``: results.json, the printed table and BENCHMARKS.md;
- ``plot``: build seconds against N.
"""
