"""Chinese text wraps between characters; English text wraps exactly as Rich did before."""

from __future__ import annotations

import io
import re
from functools import cache

import pytest
from rich import _wrap
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from quiz import locations
from quiz.bank.loader import load_bank
from quiz.tui import cjk_wrap
from quiz.tui.widgets.checklist import row_grid
from quiz.tui.widgets.markdown_text import PlainParagraphs, card_renderable, is_plain

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


@pytest.mark.slow(tensorflow=False)  # every line of the shipped bank, wrapped twice at two widths
def test_english_wraps_exactly_as_before(patched):
    bank, errors = load_bank([locations.questions_dir()], cache_dir=locations.cache_dir() / "bank")  # the run's shared parsed-bank cache (tests/conftest.py)
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


# The two every-width tests check ~4,700 rubric texts and ~600 plain card texts at each
# of the 81 widths. Drawing a text through Rich's table costs ~0.85 ms and wrapping it
# alone ~0.1 ms, so each width is checked in two parts: (1) the real renderable, drawn,
# is exactly its label (or indent) and the lines Rich's own ``Text.wrap`` gives at its
# text column's width with the column's justify and overflow, on a sample of the texts
# that moves with the width (each text is drawn whole at a width or two); (2) that wrap
# keeps every character of every text. A text whose wrap is one line at some width is
# the same one line at every wider one (the wrap only breaks a line that does not fit),
# so wider widths do not wrap it again.
WIDTH_BANDS = [range(40, 61), range(61, 81), range(81, 101), range(101, 121)]  # spread over the xdist workers
SAMPLE_STRIDE = 50  # (1) draws every 50th text at each width, starting at a different one


def bank_texts(kind: str) -> list[str]:
    """Every ``rubric`` (key point and choice option) or plain ``card`` (prompt and answer)
    text of the shipped bank, in both languages."""
    bank, errors = load_bank([locations.questions_dir()], cache_dir=locations.cache_dir() / "bank")  # the run's shared parsed-bank cache (tests/conftest.py)
    assert not errors
    questions = list(bank.questions.values())
    if kind == "rubric":
        return [t for q in questions for pair in (*q.key_points, *(c.text for c in q.choices)) for t in pair]
    return [t for q in questions for pair in (q.prompt, q.answer) for t in pair if is_plain(t)]


def lines_drawn(renderable, console: Console) -> list[str]:
    """The lines ``renderable`` draws on ``console``, trailing spaces removed."""
    lines = console.render_lines(renderable, console.options)
    return ["".join(seg.text for seg in line).rstrip() for line in lines]


def wrapped(text: Text, width: int, console: Console) -> list[str]:
    """The lines Rich's ``Text.wrap`` makes of ``text`` at ``width`` cells."""
    return [line.plain for line in text.wrap(console, width)]


def row_cell(text: str) -> Text:
    """``text`` as a checklist row's text column draws it: with the column's justify,
    overflow and wrapping (the table passes them to the cell when it draws it)."""
    column = row_grid("", "").columns[1]
    return Text(text, justify=column.justify, overflow=column.overflow, no_wrap=column.no_wrap)


def keeps_every_character(lines: list[str], source: str, width: int) -> bool:
    """Every line fits in ``width`` cells and together they hold every visible character of ``source``."""
    return all(cell_len(line) <= width for line in lines) and visible("".join(lines)) == visible(source)


def check_every_width(texts: list[str], widths: range, pieces, draw) -> list[tuple[int, str]]:
    """Parts (1) and (2) above over ``widths``: ``pieces(text)`` → [(Text, the source it
    draws)]; ``draw(text, console)`` → (renderable, its text column's width, the lines
    expected from the wraps at that width). Returns the (width, text) pairs that lose a
    character; fails at once when a drawing is not its wraps."""
    lost = []
    one_line: set[tuple[int, int]] = set()  # (text, piece) already one line at a narrower width
    previous = 0
    parts = [pieces(text) for text in texts]  # Text.wrap leaves the Text it wraps as it was
    for width in widths:
        console = Console(width=width, file=io.StringIO(), legacy_windows=False)
        for text in texts[width % SAMPLE_STRIDE::SAMPLE_STRIDE]:  # (1)
            renderable, column, expected = draw(text, console)
            assert lines_drawn(renderable, console) == expected, (width, text)
        column = draw(texts[0], console)[1]
        assert column > previous, "a wider screen gives the text more room"
        previous = column
        for i, text in enumerate(texts):  # (2)
            for j, (piece, source) in enumerate(parts[i]):
                if (i, j) in one_line:
                    continue
                lines = wrapped(piece, column, console)
                if not keeps_every_character(lines, source, column):
                    lost.append((width, text))
                elif len(lines) == 1:
                    one_line.add((i, j))
    return lost


@cache
def _label_cells(width: int) -> int:
    """How many cells a checklist row's label and its gap take at ``width`` (where its text starts, drawn)."""
    console = Console(width=width, file=io.StringIO(), legacy_windows=False)
    return lines_drawn(row_grid("[ ] 9.", "x"), console)[0].index("x")


def rubric_row(text: str, console: Console) -> tuple[Table, int, list[str]]:
    """A checklist row of ``text`` as drawn at the console's width, and what it should draw."""
    label_width = _label_cells(console.width)
    column = console.width - label_width
    lines = wrapped(row_cell(text), column, console)
    expected = [(("[ ] 9." if k == 0 else "").ljust(label_width) + line).rstrip() for k, line in enumerate(lines)]
    return row_grid("[ ] 9.", text), column, expected


@pytest.mark.slow
@pytest.mark.parametrize("widths", WIDTH_BANDS, ids=lambda band: f"{band.start}-{band.stop - 1}")
def test_every_rubric_and_option_text_keeps_every_character_at_every_width(patched, widths):
    """Every key point and choice option of the bank, in both languages, drawn as a
    checklist row (label, then the text folded beside it) at every width from 40 to 120
    columns keeps every character."""
    texts = bank_texts("rubric")
    assert len(texts) > 3000

    def pieces(text: str) -> list[tuple[Text, str]]:
        return [(row_cell(text), text)]

    lost = check_every_width(texts, widths, pieces, rubric_row)
    assert not lost, f"{len(lost)} texts lose characters, e.g. {lost[:3]}"


def card_paragraphs(text: str) -> list[Text]:
    """The Texts a plain card text draws, one a paragraph (with the card's justify and overflow)."""
    console = Console(width=80, file=io.StringIO(), legacy_windows=False)
    return [part for part in PlainParagraphs(text).__rich_console__(console, console.options) if isinstance(part, Text)]


def card_text(text: str, console: Console) -> tuple[RenderableType, int, list[str]]:
    """A plain card text as the card draws it at the console's width, and what it should draw:
    each paragraph's lines, a blank line between paragraphs."""
    expected: list[str] = []
    for k, paragraph in enumerate(card_paragraphs(text)):
        expected += [""] * (k > 0) + [line.rstrip() for line in wrapped(paragraph, console.width, console)]
    return card_renderable(text), console.width, expected


@pytest.mark.slow
@pytest.mark.parametrize("widths", WIDTH_BANDS, ids=lambda band: f"{band.start}-{band.stop - 1}")
def test_every_plain_prompt_and_answer_keeps_every_character_at_every_width(patched, widths):
    """Prompts and answers without Markdown syntax, in both languages, drawn as the card
    draws them at every width from 40 to 120 columns keep every character (Markdown ones
    change characters by design)."""
    texts = bank_texts("card")
    assert len(texts) > 500
    for text in texts:  # the paragraphs hold every character of the text, whatever the width
        assert visible("".join(PlainParagraphs(text).paragraphs)) == visible(text)

    def pieces(text: str) -> list[tuple[Text, str]]:
        return [(paragraph, paragraph.plain) for paragraph in card_paragraphs(text)]

    lost = check_every_width(texts, widths, pieces, card_text)
    assert not lost, f"{len(lost)} texts lose characters, e.g. {lost[:3]}"
