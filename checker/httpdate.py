"""HTTP ``Date`` values and the clock skew they show, parsed by hand.

The ``email.utils`` parser would cost the probe about 70 ms of imports in Pyodide.
"""

from __future__ import annotations

import datetime
from typing import Any


def clock_skew(date_header: Any, received_at_ms: Any) -> float | None:
    """Return local time minus the server's ``Date``, in seconds (None when unknown).

    ``Date`` has one-second resolution and is truncated, so the server's real time lies
    in [Date, Date + 1): compare with the middle of that second.
    """
    if not isinstance(date_header, str) or not isinstance(received_at_ms, (int, float)):
        return None
    server = http_date(date_header)
    if server is None:
        return None
    return round(float(received_at_ms) / 1000 - (server + 0.5), 1)


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_GMT = ("gmt", "ut", "utc", "z", "+0000", "-0000")


def http_date(text: str) -> float | None:
    """Return the POSIX time of an HTTP ``Date`` value, or None if it is not one.

    Accepts the three forms RFC 9110 (section 5.6.7) asks recipients to read, always in
    GMT: ``Sun, 06 Nov 1994 08:49:37 GMT`` (IMF-fixdate), ``Sunday, 06-Nov-94 08:49:37
    GMT`` (RFC 850) and ``Sun Nov  6 08:49:37 1994`` (asctime). Parsed by hand: the
    ``email.utils`` parser would cost the probe about 70 ms of imports in Pyodide.
    """
    parts = text.replace(",", " ").split()
    if parts and parts[0].isalpha() and parts[0][:3].lower() not in _MONTHS:
        parts = parts[1:]  # the day name, which says nothing the date does not
    if len(parts) == 3 and parts[0].count("-") == 2:  # RFC 850: 06-Nov-94 08:49:37 GMT
        parts = [*parts[0].split("-"), *parts[1:]]
    if len(parts) == 4 and parts[0][:3].lower() in _MONTHS:  # asctime: Nov 6 08:49:37 1994
        month, day, clock, year, zone = parts[0], parts[1], parts[2], parts[3], "GMT"
    elif len(parts) == 5:
        day, month, year, clock, zone = parts
    else:
        return None
    hms = clock.split(":")
    numbers = [day, year, *hms]
    if (zone.lower() not in _GMT or month[:3].lower() not in _MONTHS or len(hms) != 3
            or not all(n.isascii() and n.isdigit() for n in numbers)):
        return None
    years = int(year)
    if len(year) == 2:  # RFC 850's two-digit year, read as RFC 5322 does
        years += 1900 if years > 68 else 2000
    try:
        moment = datetime.datetime(years, _MONTHS.index(month[:3].lower()) + 1, int(day),
                                   int(hms[0]), int(hms[1]), int(hms[2]), tzinfo=datetime.UTC)
    except ValueError:  # 31 February, hour 25, ...
        return None
    return moment.timestamp()
