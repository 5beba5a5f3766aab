"""The stats charts drawn as text line up in both languages at 80 columns: Chinese labels take two
cells a character, and the grid and the bars still start in one column and end inside the width."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from rich.cells import cell_len

from quiz.history import calendar
from quiz.i18n import t
from quiz.tui.widgets import deck_bars, heatmap

TODAY = date(2026, 12, 3)


def labels(lang: str, cal) -> dict:
    return {"weekdays": t("stats.weekdays", lang).split(","), "months": t("stats.months", lang).split(","),
            "less": t("stats.less", lang), "more": t("stats.more", lang),
            "total": t("stats.heatmap_total", lang, n=cal.total, d=cal.active_days)}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [80, 200])
def test_heatmap_rows_start_in_one_column_and_fit(lang: str, width: int) -> None:
    times = [datetime(2026, 11, 1, 10, tzinfo=timezone.utc) + timedelta(days=d, minutes=m) for d in range(0, 30, 2) for m in range(d % 5 + 1)]
    cal = calendar(times, TODAY)
    lines = heatmap.render(cal, labels(lang, cal), width).split("\n")
    assert len(lines) == 9  # months, seven weekdays, the legend
    assert all(cell_len(line.plain) <= width for line in lines)
    label_width = max(cell_len(w) for w in labels(lang, cal)["weekdays"]) + 1
    for row in lines[1:8]:
        first_cell = next(s for s in row.spans if "on " in str(s.style))
        assert cell_len(row.plain[:first_cell.start]) == label_width
    names = labels(lang, cal)["months"]
    assert sum(name in lines[0].plain for name in names) >= 10  # most months named, none cut
    cell = 2 if width >= 200 else 1
    dec_col = cell_len(lines[0].plain[:lines[0].plain.rindex(names[11])])
    assert (dec_col - label_width) % cell == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_deck_bars_start_in_one_column_with_long_names_cut(lang: str) -> None:
    rows = [("AIGC 基础" if lang == "zh" else "AIGC Foundations", 0.91),
            ("编码实战：GAN、VAE、注意力、解码与 DDPM" if lang == "zh" else "Coding: GANs, VAEs, Attention, Decoding, DDPM", 0.5),
            ("变分自编码器" if lang == "zh" else "Variational Autoencoders", None)]
    text = deck_bars.render("title", rows, 80)
    lines = text.split("\n")[1:]
    assert all(cell_len(line.plain) <= 80 for line in lines)
    bar_starts = set()
    for line in lines:
        plain = line.plain
        first_bar = min((i for i, ch in enumerate(plain) if ch in "█░▏▎▍▌▋▊▉"), default=None)
        if first_bar is not None:
            bar_starts.add(cell_len(plain[:first_bar]))
    assert len(bar_starts) == 1
    assert "…" in lines[1].plain  # the long title was cut, by cells
    assert lines[2].plain.rstrip().endswith("—")
