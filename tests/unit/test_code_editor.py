"""The exercise editor's rules, alone: indentation on Enter, find, line numbers (issue 18)."""

from __future__ import annotations

from quiz.tui.widgets.code_editor import find, line_number, matches, newline_indent


def test_enter_keeps_the_indentation_and_indents_after_a_colon() -> None:
    assert newline_indent("def f(x):") == "    "
    assert newline_indent("    for i in range(3):") == "        "
    assert newline_indent("    x = 1") == "    "
    assert newline_indent("") == ""
    assert newline_indent("        return x  # done:") == "        "  # a colon in a comment opens nothing
    assert newline_indent("    if a:  # the case") == "        "
    assert newline_indent('    s = "a # b:"') == "    "  # in a string: not a comment, not a header
    assert newline_indent("\tif a:") == "\t    "


def test_find_goes_forward_and_back_and_wraps() -> None:
    lines = ["z = noise(z)", "def noise(n):", "    return Noise"]
    assert matches(lines, "noise") == [(0, 4), (1, 4), (2, 11)]  # lower case: any case
    assert matches(lines, "Noise") == [(2, 11)]  # a capital: exact case
    assert find(lines, "noise", (0, 0)) == (0, 4)
    assert find(lines, "noise", (0, 4)) == (1, 4)  # from a match: the next one
    assert find(lines, "noise", (2, 11)) == (0, 4)  # past the last: wraps to the first
    assert find(lines, "noise", (1, 4), backwards=True) == (0, 4)
    assert find(lines, "noise", (0, 4), backwards=True) == (2, 11)  # before the first: wraps to the last
    assert find(lines, "absent", (0, 0)) is None and find(lines, "", (0, 0)) is None


def test_line_numbers_are_one_based_and_checked() -> None:
    assert line_number("1", 10) == 0 and line_number(" 10 ", 10) == 9
    assert line_number("0", 10) is None and line_number("11", 10) is None
    assert line_number("x", 10) is None and line_number("", 10) is None and line_number("-3", 10) is None
