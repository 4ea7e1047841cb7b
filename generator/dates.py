"""When each content file last changed, from git history (not the build time).

Generated pages have no source file of their own, so tools like git-revision-date skip
them and MkDocs stamps them with the build date. A page's date here is the newest commit
touching any YAML file it is made from (its code file and the shared causes it shows).
Dates are written out in the page's language (``day_text``), never the build machine's.
"""

from __future__ import annotations

import datetime
import subprocess
from collections.abc import Iterable
from pathlib import Path

from checker.i18n import N_
from generator.i18n import ENGLISH, Language

MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
          N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
          N_("December"))


def day_text(day: datetime.date, language: Language = ENGLISH) -> str:
    """A date as readers write it: '26 November 2026' ('26 de noviembre de 2026')."""
    return language.gettext(N_("{day} {month} {year}"), day=day.day, year=day.year,
                            month=language.gettext(MONTHS[day.month - 1]))


def file_dates(repo: Path, folder: str = "content") -> dict[str, datetime.date]:
    """Return the date of the newest commit touching each file under ``folder``.

    One ``git log`` for the whole folder keeps this linear in history, not in files.
    Returns an empty mapping outside a git checkout (a tarball, say): no date is better
    than a wrong one.
    """
    try:
        log = subprocess.run(
            ["git", "-C", str(repo), "log", "--format=%x00%ct", "--name-only",
             "--no-renames", "--", folder],
            capture_output=True, text=True, check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[str, datetime.date] = {}
    for commit in log.split("\0")[1:]:
        stamp, *names = commit.strip().splitlines()
        day = datetime.datetime.fromtimestamp(int(stamp), tz=datetime.UTC).date()
        for name in names:
            dates.setdefault(name, day)
    return dates


def page_date(sources: Iterable[str], dates: dict[str, datetime.date]) -> datetime.date | None:
    """Return the newest date among a page's source files, or None if none is committed."""
    known = [dates[path] for path in sources if path in dates]
    return max(known, default=None)


def revision_html(day: datetime.date, language: Language = ENGLISH) -> str:
    """Render the date for Material's "last updated" slot (``page.meta.revision_date``)."""
    when = f'<time datetime="{day.isoformat()}">{day_text(day, language)}</time>'
    return language.gettext(N_("Last updated {date}"), date=when)
