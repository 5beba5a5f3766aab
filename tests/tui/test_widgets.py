"""Widgets that show bank text: brackets in the text are content, never markup."""

from __future__ import annotations

import pytest
from rich.console import Console
from textual.app import App, ComposeResult

from quiz.tui.widgets.checklist import CheckList, CheckRow
from tests.tui.drive import practise

ITEMS = ["Points at x = mean + betas[t] * z: variance used as std", "sup over f of E_p[f] − E_q[f], and [b]not bold[/b]"]


def plain(renderable, width: int = 60) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


class ListApp(App):
    def compose(self) -> ComposeResult:
        yield CheckList(ITEMS, id="kp")


async def test_checklist_rows_keep_brackets_and_indent_wrapped_lines() -> None:
    app = ListApp()
    async with app.run_test(size=(60, 12)) as pilot:
        checklist = app.query_one(CheckList)
        checklist.toggle(0)
        await pilot.pause()
        rows = list(app.query(CheckRow))
        first, second = (plain(row.content, width=40) for row in rows)
        flat = [" ".join(text.split()) for text in (first, second)]
        assert "betas[t] * z" in flat[0]
        assert "E_p[f] − E_q[f]" in flat[1] and "[b]not bold[/b]" in flat[1]
        assert first.startswith("[✓] 1.") and second.startswith("[ ] 2.")
        continuation = first.splitlines()[1]
        assert continuation.startswith(" " * len("[✓] 1. ")), first  # hanging indent under the text


async def test_a_ticked_row_is_drawn_bold_in_the_success_colour_and_unticking_restores_it() -> None:
    app = ListApp()
    async with app.run_test(size=(60, 12)) as pilot:
        checklist = app.query_one(CheckList)
        success = app.theme_variables["success"].lower()

        def styles_of(row: CheckRow) -> set[tuple[bool, str | None]]:
            return {(bool(seg.style and seg.style.bold), seg.style.color.triplet.hex if seg.style and seg.style.color else None)
                    for seg in row.render_line(0) if seg.text.strip()}

        first, second = app.query(CheckRow)
        checklist.toggle(0)
        await pilot.pause()
        assert styles_of(first) == {(True, success)}
        assert all(not bold and colour != success for bold, colour in styles_of(second))
        checklist.toggle(0)
        await pilot.pause()
        assert all(not bold and colour != success for bold, colour in styles_of(first))


async def test_browse_lists_a_prompt_with_brackets_as_written(make_app, tmp_path) -> None:
    from textual.widgets import OptionList

    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "b.yaml").write_text(
        "format: 1\ndeck: {id: b, title: {en: B, zh: B}}\nquestions:\n"
        "  - id: b.q\n    kind: open\n    difficulty: easy\n"
        "    prompt: {en: 'Why scale noise by betas[t] and not sqrt(betas[t])?', zh: '为什么用 betas[t]？'}\n"
        "    answer: {en: 'a', zh: '答'}\n    key_points: [{en: 'x[t]', zh: 'x[t]'}, {en: '[b]y[/b]', zh: '[b]y[/b]'}]\n",
        encoding="utf-8",
    )
    app = make_app(banks=[bank])
    async with app.run_test(size=(160, 30)) as pilot:  # wide enough for the row's one line (long rows end with …)
        await pilot.press("b")
        await pilot.pause()
        results = app.screen.query_one("#results", OptionList)
        line = " ".join(" ".join(results.render_line(y).text for y in range(3)).split())
        assert "betas[t] and not sqrt(betas[t])" in line  # drawn as written, not eaten as a markup tag


async def test_checklist_reuses_rows_across_cards() -> None:
    app = ListApp()
    async with app.run_test(size=(60, 12)) as pilot:
        checklist = app.query_one(CheckList)
        first_rows = list(app.query(CheckRow))
        checklist.set_items(["a", "b", "c"], frozenset({1}))
        await pilot.pause()
        rows = list(app.query(CheckRow))
        assert rows[:2] == first_rows  # the two existing rows were reused, one mounted
        assert [plain(r.content).split()[-1] for r in rows] == ["a", "b", "c"]
        assert plain(rows[1].content).startswith("[✓] 2.")
        checklist.set_items(["x"])
        await pilot.pause()
        assert [r.display for r in app.query(CheckRow)] == [True, False, False]
        assert checklist.count == 1 and checklist.checked == frozenset()
        checklist.toggle(2)  # a hidden row cannot be ticked
        assert checklist.checked == frozenset()
        checklist.set_items(["p", "q", "r", "s"])
        await pilot.pause()
        rows = list(app.query(CheckRow))
        assert len(rows) == 4 and all(r.display for r in rows)
        assert [plain(r.content).split()[-1] for r in rows] == ["p", "q", "r", "s"]


def test_markdown_tables_fold_long_words_instead_of_cutting_them() -> None:
    from rich.markdown import Markdown

    from quiz.tui.widgets.card_markdown import CardMarkdown

    text = "| 模态 | 代表模型 | 常见骨干 |\n|---|---|---|\n| 音频、语音、音乐 | WaveNet、VALL-E、MusicGen | decoder-only Transformer，下一个 token 预测 |\n"
    assert "…" in plain(Markdown(text), width=36)  # Rich's own table cuts words
    drawn = plain(CardMarkdown(text), width=36)
    assert "…" not in drawn
    from collections import Counter

    cells = "音频、语音、音乐" + "WaveNet、VALL-E、MusicGen" + "decoder-only Transformer，下一个 token 预测"
    missing = Counter(cells.replace(" ", "")) - Counter(drawn)
    assert not missing, missing  # every character of every cell is drawn (folded across lines)


def test_card_markdown_sets_what_rich_markdown_sets_and_draws_the_same() -> None:
    """CardMarkdown replaces Rich's __init__ to share one parser; a Rich upgrade that
    adds an attribute must show up here, not as an AttributeError mid-review."""
    from rich.markdown import Markdown

    from quiz.tui.widgets.card_markdown import CODE_THEME, CardMarkdown

    text = "## Title\n\n- a *b* `c`\n- ~~d~~\n\n```python\nx = 1\n```\n\n> quote\n"
    ours, rich = CardMarkdown(text), Markdown(text, code_theme=CODE_THEME, hyperlinks=False)
    assert vars(ours).keys() == vars(rich).keys()
    assert {k: v for k, v in vars(ours).items() if k != "parsed"} == {k: v for k, v in vars(rich).items() if k != "parsed"}
    assert [t.type for t in ours.parsed] == [t.type for t in rich.parsed]
    assert plain(ours) == plain(rich)


def test_rendered_once_reuses_its_segments_per_width() -> None:
    from quiz.tui.widgets.rendered_once import RenderedOnce

    class Counting:
        calls = 0

        def __rich_console__(self, console, options):
            Counting.calls += 1
            yield f"width {options.max_width}"

    wrapped = RenderedOnce(Counting())
    assert plain(wrapped, width=30).strip() == "width 30"
    assert plain(wrapped, width=30).strip() == "width 30"
    assert Counting.calls == 1  # the same width: the segments are reused
    assert plain(wrapped, width=20).strip() == "width 20"
    assert Counting.calls == 2  # a new width renders again


class MarkdownApp(App):
    def compose(self) -> ComposeResult:
        from quiz.tui.widgets.markdown_text import MarkdownText

        yield MarkdownText("first", id="md")


async def test_markdown_text_shows_a_prepared_text_without_rendering_it_again(monkeypatch) -> None:
    from quiz.tui.widgets import markdown_text
    from quiz.tui.widgets.markdown_text import MarkdownText

    app = MarkdownApp()
    async with app.run_test(size=(60, 10)) as pilot:
        md = app.query_one(MarkdownText)
        await pilot.pause()
        md.prepare("## Second\n\n```python\nx = 1\n```")
        built = []
        real = markdown_text.card_renderable
        monkeypatch.setattr(markdown_text, "card_renderable", lambda text: built.append(text) or real(text))
        md.show("## Second\n\n```python\nx = 1\n```")
        await pilot.pause()
        assert built == []  # the prepared render was used
        assert "Second" in md.render_line(0).text and md.source.startswith("## Second")
        md.show("third")  # not prepared: built the usual way
        await pilot.pause()
        assert built == ["third"]
        md.show("third")  # the same text again: nothing to do
        assert built == ["third"]


async def test_the_review_screen_prepares_the_next_prompt_and_this_answer(make_app) -> None:
    from quiz.render import prompt_markdown
    from quiz.tui.widgets.markdown_text import MarkdownText

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await practise(pilot, "mini.open-one", "mini.bug-one")
        prompt, answer = screen.query_one("#prompt", MarkdownText), screen.query_one("#answer", MarkdownText)
        assert prompt._prepared is not None and prompt._prepared[0] == prompt_markdown(screen.session.upcoming, "en")
        assert answer._prepared is not None and "## Model answer" in answer._prepared[0]
        await pilot.press("space")
        await pilot.pause()
        assert answer._prepared is None and "## Model answer" in answer.source  # the reveal used it
        await pilot.press("enter", "3")
        await pilot.pause()
        assert screen.session.current.id == "mini.bug-one"
        assert prompt._prepared is None and "```python" in prompt.source  # so did the grade


class TableApp(App):
    def __init__(self) -> None:
        super().__init__()
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        from quiz.tui.widgets.row_table import RowTable

        yield RowTable(id="t")

    def on_mount(self) -> None:
        from quiz.tui.widgets.row_table import Column, RowTable

        rows = [("a", ("Alpha", "1")), ("b", ("A much longer second name", "22")), ("c", ("生成对抗网络", "333"))]
        self.query_one(RowTable).set_rows([Column("Name"), Column("N", right=True)], rows)

    def on_row_table_selected(self, event) -> None:
        self.selected.append(event.key)


async def test_row_table_moves_with_keys_and_mouse_and_selects() -> None:
    from quiz.tui.widgets.row_table import RowTable

    app = TableApp()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(RowTable)
        assert table.has_focus and table.cursor_key == "a"
        await pilot.press("down", "down", "down")  # stops at the last row
        assert table.cursor_key == "c"
        await pilot.press("home")
        assert table.cursor_key == "a"
        await pilot.press("end", "up", "enter")
        await pilot.pause()
        assert app.selected == ["b"]
        await pilot.click(RowTable, offset=(3, 1))  # first row (the header is line 0): moves the cursor
        await pilot.pause()
        assert table.cursor_key == "a" and app.selected == ["b"]
        await pilot.click(RowTable, offset=(3, 1))  # the row under the cursor: selects it
        await pilot.pause()
        assert app.selected == ["b", "a"]
        await pilot.click(RowTable, offset=(3, 3), times=2)  # a double click selects at once
        await pilot.pause()
        assert app.selected == ["b", "a", "c"]
        lines = [table.render_line(y).text for y in range(4)]
        assert lines[0].rstrip().endswith("N") and lines[3].rstrip().endswith("333")  # numbers right-aligned
        from rich.cells import cell_len

        assert len({cell_len(line.rstrip()) for line in lines}) == 1  # every row ends at the same cell, CJK names too


async def test_row_table_cuts_the_first_column_when_narrow() -> None:
    from quiz.tui.widgets.row_table import RowTable

    app = TableApp()
    async with app.run_test(size=(20, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        lines = [table.render_line(y).text for y in range(4)]
        assert all(len(line.rstrip()) <= 20 for line in lines)
        assert "…" in lines[2] and lines[2].rstrip().endswith("22")  # the name gave way, the number did not


@pytest.mark.slow  # every prompt, answer and key point of the shipped bank, rendered twice at two widths
def test_plain_texts_are_drawn_exactly_as_markdown_draws_them() -> None:
    """The plain path skips the Markdown parser; for every plain prompt, answer and
    key point of the shipped bank its segments equal Rich Markdown's, CJK included."""
    from quiz import locations
    from quiz.bank.loader import load_bank
    from quiz.render import prompt_markdown
    from quiz.tui.widgets.card_markdown import CardMarkdown
    from quiz.tui.widgets.markdown_text import PlainParagraphs, card_renderable, is_plain

    bank, errors = load_bank([locations.questions_dir()], cache_dir=locations.cache_dir() / "bank")  # the run's shared parsed-bank cache (tests/conftest.py)
    assert not errors
    texts = ["a\nb", "  lead\n\n\ntrail  x  \n", "单独一行"]
    for q in bank.questions.values():
        for lang in ("en", "zh"):
            texts += [prompt_markdown(q, lang), q.answer.get(lang), *(p.get(lang) for p in q.key_points)]
    plain = [text for text in texts if is_plain(text)]
    assert len(plain) > 1000  # most of the bank takes the plain path
    for width in (20, 114):
        console = Console(width=width, color_system="truecolor", force_terminal=True)
        for text in plain:
            assert isinstance(card_renderable(text), PlainParagraphs)
            assert list(console.render(PlainParagraphs(text))) == list(console.render(CardMarkdown(text))), (width, text)


def test_anything_markdown_would_read_takes_the_markdown_path() -> None:
    from quiz.tui.widgets.card_markdown import CardMarkdown
    from quiz.tui.widgets.markdown_text import card_renderable

    for text in ["use `x`", "*em*", "a_b", "# Title", "- item", "1. item", "> quote", "| a |", "x  \ny", "&amp;", "<b>",
                 "Title\n===", "    code", "a\\b", "![i](u)", "~~s~~", "+ item", "---"]:
        assert isinstance(card_renderable(text), CardMarkdown), text


def test_chinese_legends_keep_the_chart_frame() -> None:
    """plotext counts a character as one cell; "你的" takes four on screen. Every line of a
    chart with Chinese legends must be as wide as the chart, or the frame breaks and wraps."""
    import plotext
    from rich.text import Text

    from quiz.tui.widgets.loss_charts import plot_label

    def widths(label) -> set[int]:
        plotext.clear_figure()
        plotext.plotsize(40, 8)
        plotext.theme("clear")
        plotext.plot([1, 2, 3], [1, 2, 3], label=label("你的"))
        plotext.plot([1, 2, 3], [3, 2, 1], label=label("参考"))
        plotext.xlabel(label("步"))
        return {line.cell_len for line in Text.from_ansi(plotext.build()).split()}

    assert len(widths(str)) > 1  # the defect: legend lines overflow
    assert widths(plot_label) == {40}
    assert plot_label("you") == "you"


def test_chinese_scatter_legends_keep_the_frame() -> None:
    """The ddpm samples scatter has the same legend problem ("数据", "参考", "你的" overflowed by two cells at 160 columns)."""
    import plotext
    from rich.text import Text

    from quiz.tui.widgets.sample_scatter import draw_scatter

    plotext.clear_figure()
    labels = {"title": "训练后的样本", "data": "数据", "reference": "参考", "submission": "你的"}
    points = [[0.0, 0.0], [1.0, 1.0], [-1.0, 0.5]]
    assert draw_scatter(plotext, {"data": points, "reference": points, "submission": points}, labels)
    plotext.plotsize(50, 12)
    plotext.theme("clear")
    assert {line.cell_len for line in Text.from_ansi(plotext.build()).split()} == {50}
    assert not draw_scatter(plotext, {"data": []}, labels)


async def test_a_submitted_wrong_choice_is_marked_wrong_and_the_missed_one_missed(make_app) -> None:
    """Issue 18, broken 4: a wrong pick was drawn bold green like the right answer, a missed one unmarked."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await practise(pilot, "mini.choice-one")
        q = screen.session.current
        assert q.correct_choices == {1}
        await pilot.press("1", "enter")  # the wrong option
        await pilot.pause()
        wrong, missed = screen.query_one("#choices").query(CheckRow)
        colours = {name: app.theme_variables[name].lower() for name in ("success", "error", "warning")}

        def look(row: CheckRow) -> tuple[str, set]:
            segments = [seg for seg in row.render_line(0) if seg.text.strip()]
            text = "".join(seg.text for seg in row.render_line(0))
            return text, {seg.style.color.triplet.hex for seg in segments if seg.style and seg.style.color}

        text, seen = look(wrong)
        assert "✗ 1." in text and "[" not in text and seen == {colours["error"]}, (text, seen)
        text, seen = look(missed)
        assert "! 2." in text and "[" not in text and seen == {colours["warning"]}, (text, seen)


def test_every_option_gets_one_of_four_distinct_marks() -> None:
    from quiz.tui.widgets.checklist import VERDICT_MARKS, verdict

    picked, correct = frozenset({0, 1}), frozenset({1, 2})
    assert [verdict(i, picked, correct) for i in range(4)] == ["wrong", "right", "missed", "other"]
    assert len({mark for mark, _ in VERDICT_MARKS.values()}) == 4
    assert len({style for _, style in VERDICT_MARKS.values()}) == 4
