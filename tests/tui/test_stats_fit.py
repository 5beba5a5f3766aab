"""The stats table fits 80 columns: every figure in view, the deck titles wrap (issue 18, broken 6)."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from quiz.tui.screens.stats import StatsScreen, deck_column_width


def test_the_deck_column_gives_up_what_the_figures_need() -> None:
    labels = ["Deck", "Questions", "Mastery"]
    rows = [("Coding: GANs, VAEs, Attention, Decoding, DDPM", "46", "0%")]
    assert deck_column_width(200, labels, rows) is None  # fits as it is
    width = deck_column_width(40, labels, rows)
    assert width == 40 - (9 + 2) - (7 + 2) - 2
    assert deck_column_width(20, labels, rows) == 8  # never narrower than a word


LONG_TITLE = """format: 1
deck:
  id: long
  title: {en: "Coding: GANs, VAEs, Attention, Decoding, DDPM", zh: "编码实战：GAN、VAE、注意力、解码与 DDPM"}
questions:
  - id: long.one
    kind: open
    difficulty: easy
    prompt: {en: "A question?", zh: "一个问题？"}
    answer: {en: "An answer.", zh: "一个回答。"}
    key_points:
      - {en: "A point", zh: "一个要点"}
"""


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_stats_at_80x24_shows_every_column_without_a_sideways_scroll(make_app, lang, tmp_path, test_bank_dir) -> None:
    (tmp_path / "long").mkdir()
    (tmp_path / "long" / "long.yaml").write_text(LONG_TITLE, encoding="utf-8")
    app = make_app(lang, banks=[test_bank_dir, tmp_path / "long"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        table = app.screen.query_one("#stats-table", DataTable)
        assert table.max_scroll_x == 0, (table.virtual_size, table.size)
        assert table.region.right <= app.screen.query_one("#stats").scrollable_content_region.right
