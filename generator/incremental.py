"""What changed since the last build of a ``make serve`` session, so that only it is rebuilt.

MkDocs' dirty rebuild (``mkdocs serve --dirty``) writes a page again only if its file says
it is modified; a generated file always says so (it has no source file to compare). The
plugin asks ``Outputs`` instead: a generated file is modified when what it is made of
differs from what the last build wrote: its Markdown, or the HTML of an alias stub, and
the date shown on it. Everything is rebuilt when anything else a page is made of may have
changed (``Environment``): mkdocs.yml, the theme's templates and assets, the hand-written
pages (their titles and the nav), the language catalogues.

A rebuild stopped by content problems leaves the last good outputs as they were, so the
rebuild after the fix compares against what the site really holds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


def environment_key(files: Iterable[Path], contents: Iterable[Path] = ()) -> str:
    """Return a key that changes when any of ``files`` (by name, size, time) or of
    ``contents`` (by bytes) changes. Folders among ``files`` stand for everything in them."""
    digest = hashlib.sha256()
    for path in sorted(_expand(files)):
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    for path in contents:
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"(missing)")
    return digest.hexdigest()


def _expand(paths: Iterable[Path]) -> Iterable[Path]:
    for path in paths:
        if path.is_dir():
            yield from (p for p in path.rglob("*") if p.is_file())
        else:
            yield path


@dataclass
class Outputs:
    """What the last build made of each generated file, and what it was built in."""

    made: dict[str, str] = field(default_factory=dict)
    """Per generated file (src_uri), a digest of what it was built from."""
    environment: str = ""
    pending: dict[str, str] = field(default_factory=dict)
    pending_environment: str = ""
    listing: str = ""
    """The pages the last build listed, with their dates (see ``same_listing``)."""
    pending_listing: str = ""

    def plan(self, wanted: dict[str, str], environment: str) -> tuple[set[str], bool]:
        """Return the files to write again and whether everything must be rebuilt.

        ``wanted`` maps each generated file to a digest of what it is made of now. Nothing
        is recorded until ``done`` (a build can still fail).
        """
        self.pending, self.pending_environment = wanted, environment
        if environment != self.environment:
            return set(wanted), True
        return {uri for uri, made in wanted.items() if self.made.get(uri) != made}, False

    def same_listing(self, listing: str) -> bool:
        """Whether the site lists the same pages as the last build (``listing`` digests
        their names and dates) in the same environment: what the theme's 404 page (its
        navigation) and the sitemap are made of. Call after ``plan``."""
        self.pending_listing = listing
        return listing == self.listing and self.pending_environment == self.environment

    def gone(self) -> set[str]:
        """Generated files the last build wrote that this one does not make any more."""
        return set(self.made) - set(self.pending)

    def done(self) -> None:
        """The build finished: what it wrote is now what the site holds."""
        self.made, self.environment = self.pending, self.pending_environment
        self.listing = self.pending_listing


def digest(*parts: str | None) -> str:
    """A short digest of what a file is made of."""
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(b"\1" if part is None else part.encode("utf-8", "surrogatepass"))
        hashed.update(b"\0")
    return hashed.hexdigest()[:32]
