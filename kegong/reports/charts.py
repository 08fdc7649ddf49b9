"""Report charts as PNG bytes (matplotlib, Agg), lettered in Noto Sans CJK SC.

Each function takes plain data from the report context and returns PNG bytes, or ``None`` when there is
nothing to draw. The font is the Simplified Chinese face of the Noto CJK collection installed under
/usr/share/fonts/opentype/noto; :func:`chart_font` fails loudly when it is missing rather than letting
matplotlib draw empty boxes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import matplotlib

from kegong.core.errors import SetupError

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

FONT_FAMILY = "Noto Sans CJK SC"
FONT_FILES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
              "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
DPI = 150  # 900 px across the 152 mm column: sharp in print, light to render
WIDTH_IN = 6.0  # 152 mm: fits the 156 mm 版心
BLUE, ORANGE, GREY, RED = "#1f5fa8", "#d9822b", "#8c8c8c", "#c0392b"
SERIES_COLOURS = ("#1f5fa8", "#d9822b", "#2e8b57", "#8e44ad", "#c0392b", "#5d6d7e")


class ChartFontError(SetupError):
    """The Chinese chart font is not installed; the message is Chinese."""


@lru_cache(maxsize=1)
def chart_font() -> str:
    """Register the Noto CJK collection with matplotlib and return the SC family name."""
    names = {e.name for e in font_manager.fontManager.ttflist}
    if FONT_FAMILY not in names:  # not in matplotlib's font cache yet: register the collection files
        for f in FONT_FILES:
            if Path(f).exists():
                font_manager.fontManager.addfont(f)
        names = {e.name for e in font_manager.fontManager.ttflist}
    if FONT_FAMILY not in names:
        raise ChartFontError("未找到图表字体 Noto Sans CJK SC（请安装 fonts-noto-cjk）")
    return FONT_FAMILY


@contextmanager
def _style():
    family = chart_font()
    rc = {"font.family": family, "font.size": 9, "axes.unicode_minus": False, "axes.spines.top": False,
          "axes.spines.right": False, "axes.titlesize": 10, "legend.fontsize": 8, "legend.frameon": False,
          "savefig.dpi": DPI}
    with plt.rc_context(rc):
        yield


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", pad_inches=0.08)
    plt.close(fig)
    return buf.getvalue()


def _label_bars(ax, bars, values: Sequence[float], fmt: str = "{:.1f}", horizontal: bool = False) -> None:
    for bar, v in zip(bars, values):
        if horizontal:
            x = bar.get_width()
            ax.annotate(fmt.format(v), (x, bar.get_y() + bar.get_height() / 2), xytext=(3 if x >= 0 else -3, 0),
                        textcoords="offset points", ha="left" if x >= 0 else "right", va="center", fontsize=7)
        else:
            y = bar.get_height()
            ax.annotate(fmt.format(v), (bar.get_x() + bar.get_width() / 2, y), xytext=(0, 2 if y >= 0 else -9),
                        textcoords="offset points", ha="center", fontsize=7)


def trend_chart(series: dict[str, list[tuple[str, float | None]]], title: str = "") -> bytes | None:
    """Cumulative growth (%) through the year, one line per indicator: {name: [(1-2月, 12.3), …]}."""
    series = {k: v for k, v in series.items() if any(y is not None for _, y in v)}
    if not series:
        return None
    labels = list(dict.fromkeys(x for pts in series.values() for x, _ in pts))
    with _style():
        fig, ax = plt.subplots(figsize=(WIDTH_IN, 2.9))
        ends = []
        for (name, pts), colour in zip(series.items(), SERIES_COLOURS):
            xs = [labels.index(x) for x, y in pts if y is not None]
            ys = [y for _, y in pts if y is not None]
            ax.plot(xs, ys, marker="o", markersize=3.5, linewidth=1.6, color=colour, label=name)
            if ys:
                ends.append((ys[-1], xs[-1], colour))
        ax.axhline(0, color=GREY, linewidth=0.8)
        lo, hi = ax.get_ylim()
        for (y, x, colour), y_text in zip(sorted(ends), _spread([e[0] for e in sorted(ends)], 0.06 * (hi - lo))):
            ax.annotate(f"{y:.1f}", (x, y), xytext=(x + 0.12, y_text), textcoords="data", fontsize=7,
                        color=colour, va="center")
        ax.set_xlim(-0.3, len(labels) - 0.45)
        ax.set_xticks(range(len(labels)), labels)
        ax.set_ylabel("累计同比增速（%）")
        ax.grid(axis="y", linewidth=0.3, alpha=0.6)
        if title:
            ax.set_title(title)
        ax.legend(ncol=min(4, len(series)), loc="upper center", bbox_to_anchor=(0.5, -0.12))
        return _png(fig)


def growth_bars(names: Sequence[str], growth: Sequence[float | None], *, average: float | None = None,
                average_label: str = "全县", xlabel: str = "同比增速（%）") -> bytes | None:
    """Horizontal bars of growth per part (towns), largest on top, with the county's growth as a line."""
    rows = [(n, g) for n, g in zip(names, growth) if g is not None]
    if not rows:
        return None
    rows.sort(key=lambda r: r[1])
    labels = [n for n, _ in rows]
    values = [g for _, g in rows]
    with _style():
        fig, ax = plt.subplots(figsize=(WIDTH_IN, max(2.2, 0.26 * len(rows) + 0.8)))
        colours = [BLUE if v >= 0 else ORANGE for v in values]
        bars = ax.barh(range(len(rows)), values, color=colours, height=0.65)
        _label_bars(ax, bars, values, horizontal=True)
        ax.set_yticks(range(len(rows)), labels)
        ax.axvline(0, color=GREY, linewidth=0.8)
        if average is not None:
            ax.axvline(average, color=RED, linewidth=1, linestyle="--", label=f"{average_label} {average:.1f}%")
            ax.legend(loc="lower right")
        lo, hi = min(0.0, min(values)), max(0.0, max(values))
        pad = 0.18 * (hi - lo or 1)
        ax.set_xlim(lo - (pad if lo < 0 else 0), hi + pad)
        ax.set_xlabel(xlabel)
        ax.grid(axis="x", linewidth=0.3, alpha=0.6)
        return _png(fig)


def growth_and_pull(names: Sequence[str], growth: Sequence[float | None],
                    pull: Sequence[float | None]) -> bytes | None:
    """Grouped bars: each part's growth (%) and its 拉动 of the county's growth (percentage points)."""
    if not any(g is not None for g in growth):
        return None
    g = [v if v is not None else 0.0 for v in growth]
    p = [v if v is not None else 0.0 for v in pull]
    n = len(names)
    with _style():
        fig, ax = plt.subplots(figsize=(WIDTH_IN, 2.7))
        w = 0.36
        b1 = ax.bar([i - w / 2 for i in range(n)], g, width=w, color=BLUE, label="同比增速（%）")
        b2 = ax.bar([i + w / 2 for i in range(n)], p, width=w, color=ORANGE, label="拉动全县增长（百分点）")
        _label_bars(ax, b1, g)
        _label_bars(ax, b2, p)
        ax.axhline(0, color=GREY, linewidth=0.8)
        ax.set_xticks(range(n), [_wrap(s) for s in names])
        ax.grid(axis="y", linewidth=0.3, alpha=0.6)
        ax.legend(ncol=2, loc="upper center", bbox_to_anchor=(0.5, -0.22))
        return _png(fig)


@dataclass(frozen=True)
class TargetBar:
    label: str
    value: float
    colour: str
    share: bool


def target_rows(names: Sequence[str], completion_pct: Sequence[float | None], time_progress_pct: float,
                behind: Sequence[bool] | None = None, shares: Sequence[bool] | None = None) -> list[TargetBar]:
    """The bars of :func:`target_progress`: those with a completion, orange where behind (by default: below the
    time progress), a share target's name marked （比重）."""
    behind = list(behind) if behind is not None else [c is not None and c < time_progress_pct
                                                       for c in completion_pct]
    shares = list(shares) if shares is not None else [False] * len(names)
    return [TargetBar(nm + ("（比重）" if sh else ""), c, ORANGE if b else BLUE, sh)
            for nm, c, b, sh in zip(names, completion_pct, behind, shares) if c is not None]


def target_progress(names: Sequence[str], completion_pct: Sequence[float | None], time_progress_pct: float,
                    behind: Sequence[bool] | None = None, shares: Sequence[bool] | None = None) -> bytes | None:
    """Completion of each level, count and share target (%): a bar is orange when the core judged its target
    滞后 (``behind``), blue otherwise. Amounts and counts are judged against the time progress (时间进度, the red
    line); a share target (``shares``: 高新技术产业增加值占GDP比重 …) against its goal itself (100 %, the grey
    line) — a share at 94.7 % of its goal is behind whatever the time of year."""
    rows = target_rows(names, completion_pct, time_progress_pct, behind, shares)
    if not rows:
        return None
    with _style():
        fig, ax = plt.subplots(figsize=(WIDTH_IN, max(1.8, 0.38 * len(rows) + 0.9)))
        values = [r.value for r in rows]
        bars = ax.barh(range(len(rows)), values, color=[r.colour for r in rows], height=0.55)
        _label_bars(ax, bars, values, fmt="{:.1f}%", horizontal=True)
        ax.set_yticks(range(len(rows)), [r.label for r in rows])
        ax.invert_yaxis()
        if not all(r.share for r in rows):
            ax.axvline(time_progress_pct, color=RED, linewidth=1, linestyle="--",
                       label=f"时间进度 {time_progress_pct:.1f}%")
        if any(r.share for r in rows):
            ax.axvline(100.0, color=GREY, linewidth=1, linestyle=":", label="比重目标 100%")
        ax.legend(loc="lower right")
        ax.set_xlim(0, max(110.0, max(values) * 1.15))
        ax.set_xlabel("完成率（%）")
        ax.grid(axis="x", linewidth=0.3, alpha=0.6)
        return _png(fig)


def _spread(values: Sequence[float], gap: float) -> list[float]:
    """Label positions for sorted values, pushed apart so that neighbours are at least ``gap`` apart."""
    out: list[float] = []
    for v in values:
        out.append(max(v, out[-1] + gap) if out else v)
    return out


def _wrap(text: str, width: int = 8) -> str:
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))
