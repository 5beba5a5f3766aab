"""Chinese text wraps between characters; English text wraps exactly as Rich did before."""

from __future__ import annotations

import io
import re

import pytest
from rich import _wrap
from rich.cells import cell_len
from rich.console import Console

from quiz import locations
from quiz.bank.loader import load_bank
from quiz.tui import cjk_wrap
from quiz.tui.widgets.checklist import row_grid

ORIGINAL = re.compile(r"\s*\S+\s*")  # Rich's own pattern (rich/_wrap.py)

ZH = (
    "AIGC（AI-Generated Content，人工智能生成内容）指由生成模型产出、而非由人撰写或拍摄的内容："
    "文本、图像、音频、视频、3D 资产、代码等。AIGC 是国内的常用说法，英文语境一般叫 generative AI。"
    "从技术上讲，生成模型学习数据分布 p(x)，或条件分布 p(x|c)（例如“给定提示词生成图像”），再通过从分布中采样得到新内容。"
)


@pytest.fixture
def patched(monkeypatch):
    monkeypatch.setattr(_wrap, "re_word", _wrap.re_word)  # restored after the test
    assert cjk_wrap.install()
    yield


def lines_of(text: str, width: int) -> list[str]:
    offsets = _wrap.divide_line(text, width)
    bounds = [0, *offsets, len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:])]


def test_without_the_patch_chinese_leaves_ragged_lines(monkeypatch):
    monkeypatch.setattr(_wrap, "re_word", ORIGINAL)
    lines = lines_of(ZH, 60)
    assert min(cell_len(line.rstrip()) for line in lines[:-1]) < 30  # the defect this module fixes


@pytest.mark.parametrize("width", [30, 44, 60, 76])
def test_chinese_lines_fill_the_width(patched, width):
    lines = lines_of(ZH, width)
    assert "".join(lines) == ZH
    for line in lines[:-1]:
        used = cell_len(line.rstrip())
        assert used <= width
        # a line ends early only to keep an English word or a mark pair whole
        assert used >= width - 16, (width, line)
    for line in lines[1:]:
        assert line.lstrip()[:1] not in cjk_wrap.CLOSING, line
    for line in lines[:-1]:
        assert line.rstrip()[-1:] not in cjk_wrap.OPENING, line


def test_every_character_is_kept_on_odd_input(patched):
    for text in ["“ ”", "（ ）", "a“b", "“", "，，，", "x" * 100, "中" * 100, " 　中文　 "]:
        assert "".join(lines_of(text, 7)) == text


def test_english_wraps_exactly_as_before(patched):
    bank, errors = load_bank([locations.questions_dir()])
    assert not errors
    texts = [q.answer.en for q in bank.questions.values()] + [q.prompt.en for q in bank.questions.values()]
    texts = [line for text in texts for line in text.splitlines() if line.strip()]
    assert len(texts) > 1000
    for width in (40, 76):
        for text in texts:
            new = _wrap.divide_line(text, width)
            _wrap.re_word, saved = ORIGINAL, _wrap.re_word
            try:
                old = _wrap.divide_line(text, width)
            finally:
                _wrap.re_word = saved
            if any(c in text for c in cjk_wrap.OPENING + "，。：（）"):
                continue  # typographic marks legitimately change break points
            assert new == old, text


def drawn(renderable, width: int) -> str:
    """Every character ``renderable`` draws at ``width``, spaces removed."""
    console = Console(width=width, file=io.StringIO(), legacy_windows=False)
    lines = console.render_lines(renderable, console.options.update_width(width))
    return "".join("".join(seg.text for seg in line).replace(" ", "") for line in lines)


def visible(text: str) -> str:
    return "".join(text.split())


# Issue 18, broken 3: at 74 columns the rubric row drew "…或联合分 …" for "…或联合分布 p(x, y)。".
KEY_POINT = "说明判别模型建模 p(y|x)（或决策边界），生成模型建模 p(x) 或联合分布 p(x, y)。"


@pytest.mark.parametrize("width", [74, 75, 76])
def test_a_checklist_row_never_drops_a_character(patched, width):
    assert drawn(row_grid("[ ] 3.", KEY_POINT), width) == visible("[ ] 3." + KEY_POINT)


@pytest.mark.slow
def test_every_rubric_and_option_text_keeps_every_character_at_every_width(patched):
    """Every key point and choice option of the bank, in both languages, drawn as a
    checklist row at every width from 40 to 120 columns (~3 minutes)."""
    bank, errors = load_bank([locations.questions_dir()])
    assert not errors
    texts = [t for q in bank.questions.values() for pair in (*q.key_points, *(c.text for c in q.choices)) for t in pair]
    assert len(texts) > 3000
    lost = []
    for width in range(40, 121):
        for text in texts:
            if drawn(row_grid("[ ] 9.", text), width) != visible("[ ] 9." + text):
                lost.append((width, text))
    assert not lost, f"{len(lost)} texts lose characters, e.g. {lost[:3]}"


@pytest.mark.slow
def test_every_plain_prompt_and_answer_keeps_every_character_at_every_width(patched):
    """Prompts and answers without Markdown syntax, in both languages, drawn as the card
    draws them at every width from 40 to 120 columns (Markdown ones change characters by design)."""
    from quiz.tui.widgets.markdown_text import card_renderable, is_plain

    bank, errors = load_bank([locations.questions_dir()])
    assert not errors
    texts = [t for q in bank.questions.values() for pair in (q.prompt, q.answer) for t in pair if is_plain(t)]
    assert len(texts) > 500
    lost = [(width, text) for width in range(40, 121) for text in texts if drawn(card_renderable(text), width) != visible(text)]
    assert not lost, f"{len(lost)} texts lose characters, e.g. {lost[:3]}"
