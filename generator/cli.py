"""Command line: ``python -m generator check|build|render|new|new-cause``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.errors import ContentError, UsageError, visible

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the process exit status (0 ok, 1 invalid, 2 usage)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except ContentError as err:
        print(err.report(), file=sys.stderr)
        return 1
    except UsageError as err:
        print(visible(f"{parser.prog} {args.command}: {err}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _check(args: argparse.Namespace) -> int:
    from checker.rules import CHECKS
    from generator.i18n import load_languages
    from generator.translate import translate
    from generator.validate import validate_dir

    result = validate_dir(args.content, CHECKS, root=Path.cwd())
    languages = load_languages(args.content, Path.cwd())
    translations = translate(result.content, args.content, languages, Path.cwd())
    for warning in (*result.warnings, *translations.warnings):
        print(visible(f"warning: {warning}"), file=sys.stderr)
    print(f"{len(result.content.codes)} codes and {len(result.content.causes)} causes are valid.")
    return 0


def _build(args: argparse.Namespace) -> int:
    from generator.build import build_site

    return build_site(args.config, args.site_dir)


def _render(args: argparse.Namespace) -> int:
    from checker.rules import CHECKS
    from generator.graph import build_graph
    from generator.render import render_site
    from generator.validate import validate_dir

    content = validate_dir(args.content, CHECKS, root=Path.cwd()).content
    for page in render_site(build_graph(content)):
        out = args.out / page.src_uri
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(page.markdown, "utf-8")
    print(visible(f"Wrote the generated Markdown to {args.out}."))
    return 0


def _new(args: argparse.Namespace) -> int:
    from generator.scaffold import new_cause, new_code

    if args.command == "new":
        path = new_code(args.content, args.name, args.service)
    else:
        path = new_cause(args.content, args.name)
    print(visible(f"Wrote {path}. Fill in every field, then run `make check`."))
    return 0


def _translate(args: argparse.Namespace) -> int:
    """Write (or refresh the ``source`` of) a translation's skeleton beside an English file."""
    from generator.translate import skeleton

    path, made = skeleton(args.file, args.lang)
    # The path is the one typed (FILE=...): it is echoed escaped, as every message is.
    print(visible(f"{'Wrote' if made else 'Updated the source hash of'} {path}. Translate "
                  "every text, then run `python -m generator check`."))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    content = argparse.ArgumentParser(add_help=False)
    content.add_argument("--content", type=Path, default=REPO / "content",
                         help="content folder (default: %(default)s)")
    sub.add_parser("check", parents=[content], help="validate the content only"
                   ).set_defaults(run=_check)
    build = sub.add_parser("build", help="build site/ atomically (a failure keeps the old one)")
    build.add_argument("--config", type=Path, default=REPO / "mkdocs.yml")
    build.add_argument("--site-dir", type=Path, default=REPO / "site")
    build.set_defaults(run=_build)
    render = sub.add_parser("render", parents=[content], help="write generated Markdown")
    render.add_argument("--out", type=Path, required=True)
    render.set_defaults(run=_render)
    translate = sub.add_parser("translate", help="write a translation's skeleton beside an "
                               "English file (or refresh its source hash)")
    translate.add_argument("file", type=Path, help="the English file, e.g. "
                           "content/causes/vpn-proxy.yaml")
    translate.add_argument("lang", help="the language, e.g. es")
    translate.set_defaults(run=_translate)
    for name, what in (("new", "a new error code"), ("new-cause", "a new shared cause")):
        new = sub.add_parser(name, parents=[content], help=f"write a skeleton for {what}")
        new.add_argument("name", help="the code (e.g. M7702-1003) or cause id")
        if name == "new":
            new.add_argument("--service", help="the service that shows the code (a file "
                             "name in content/services/; needed when there are several)")
        new.set_defaults(run=_new)
    return parser
