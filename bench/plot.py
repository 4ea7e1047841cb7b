"""The plot: build seconds against N, for the site and the bare-MkDocs baseline."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def draw(build: list[dict[str, Any]], out: Path, *, title: str) -> None:
    """Draw wall (solid) and CPU (dotted) seconds of both builds against N to ``out``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = sorted(build, key=lambda row: row["codes"])
    n = [row["codes"] for row in rows]
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=120)
    for key, label, color in (("seconds", "site (kb plugin)", "tab:blue"),
                              ("baseline_seconds", "bare MkDocs + Material", "tab:orange")):
        ax.plot(n, [row[key] for row in rows], "o-", color=color, label=f"{label}, wall")
        cpu = key.replace("seconds", "cpu_seconds")
        ax.plot(n, [row[cpu] for row in rows], "o:", color=color, alpha=0.7,
                label=f"{label}, CPU")
    if n:
        # Proportional growth through the site's time at 1,000 codes (or the middle N).
        ref = next((row for row in rows if row["codes"] == 1000), rows[len(rows) // 2])
        ax.plot(n, [ref["seconds"] / ref["codes"] * x for x in n], "--", color="grey",
                linewidth=0.8, label=f"proportional through N={ref['codes']:,}")
    ax.set_xlabel("codes (N)")
    ax.set_ylabel("build seconds")
    ax.set_title(title, fontsize=10)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)
    plt.close(fig)
