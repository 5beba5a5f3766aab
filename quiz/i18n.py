"""Interface strings in English and Chinese.

``t(key, lang, **fields)`` returns the string for ``lang`` with ``fields``
formatted in; a missing key is a bug and raises KeyError (a test checks every
key has both languages).
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # app-wide
    "app.title": ("quiz: AIGC interview trainer", "quiz：AIGC 面试训练"),
    "lang.switched": ("Language: English", "语言：中文"),
    "key.quit": ("Quit", "退出"),
    "key.back": ("Back", "返回"),
    "key.help": ("Help", "帮助"),
    "key.lang": ("中文/EN", "中文/EN"),
    "too_small": ("The terminal is {w}×{h}; quiz needs at least 60×18. Enlarge the window.",
                  "终端只有 {w}×{h}，quiz 至少需要 60×18。请放大窗口。"),
    # home
    "home.decks": ("Decks", "题库"),
    "home.col.deck": ("Deck", "题库"),
    "home.col.questions": ("Questions", "题数"),
    "home.col.due": ("Due", "待复习"),
    "home.col.new": ("New", "新题"),
    "home.col.mastery": ("Mastery", "掌握度"),
    "home.summary": ("{due} due · {new} new today · {total} questions · streak {streak} d",
                     "待复习 {due} · 今日新题 {new} · 共 {total} 题 · 连续 {streak} 天"),
    "home.review": ("Review due", "复习到期"),
    "home.practice": ("Practice", "练习"),
    "home.browse": ("Browse", "浏览"),
    "home.mock": ("Mock interview", "模拟面试"),
    "home.exercises": ("Exercises", "编程练习"),
    "home.stats": ("Stats", "统计"),
    "home.nothing_due": ("Nothing is due and today's new cards are done. Practice, browse, or come back later.",
                         "没有到期的卡片，今日新题也已学完。可以练习、浏览，或稍后再来。"),
    "home.bank_problems": ("{n} problem(s) in the question bank; those questions are left out. Run `quiz validate` for details.",
                           "题库中有 {n} 处问题，相关题目已跳过。运行 `quiz validate` 查看详情。"),
    "home.all_decks": ("All decks", "全部题库"),
    # review
    "review.mode.review": ("Review", "复习"),
    "review.mode.practice": ("Practice", "练习"),
    "review.mode.mock": ("Mock interview", "模拟面试"),
    "review.progress": ("{done}/{total}", "{done}/{total}"),
    "review.type_hint": ("Type your answer here (optional; Esc leaves the box)", "在此输入你的回答（可选；Esc 离开输入框）"),
    "review.reveal": ("Reveal", "显示答案"),
    "review.answer": ("Model answer", "参考答案"),
    "review.key_points": ("Key points: tick what you covered (1-6)", "要点：勾选你答到的（1-6）"),
    "review.key_points_done": ("Key points", "要点"),
    "review.suggested": ("Coverage {pct}% suggests {grade}", "覆盖 {pct}%，建议评为「{grade}」"),
    "review.choice_hint": ("Pick with 1-{n}, Enter to submit", "按 1-{n} 选择，回车提交"),
    "review.choice.correct": ("Correct", "回答正确"),
    "review.choice.partial": ("Partly right: some correct options missed", "部分正确：漏选了正确选项"),
    "review.choice.wrong": ("Not right", "回答错误"),
    "review.bug_hint": ("Find the bug: what is wrong, what does it cause, how do you fix it?", "找出 bug：哪里错了？会导致什么？怎么修？"),
    "review.grade_hint": ("Grade: 1 Again · 2 Hard · 3 Good · 4 Easy · Enter accepts the suggestion", "评分：1 忘记 · 2 困难 · 3 良好 · 4 简单 · 回车采用建议"),
    "review.tick_hint": ("Tick key points with 1-{n}, then Enter to grade", "按 1-{n} 勾选要点，然后回车评分"),
    "review.schedule_unchanged": ("practice: schedule unchanged", "练习模式：不影响复习计划"),
    "review.saved": ("Saved: {grade} · next in {interval}", "已保存：{grade} · {interval} 后复习"),
    "review.saved_practice": ("Saved: {grade}", "已保存：{grade}"),
    "review.undone": ("Undone: {qid}", "已撤销：{qid}"),
    "review.nothing_to_undo": ("Nothing to undo", "没有可撤销的评分"),
    "review.done": ("Session complete: {n} cards graded.", "本轮完成：共评分 {n} 张。"),
    "review.empty": ("No cards match.", "没有符合条件的卡片。"),
    "review.related": ("Related", "相关题目"),
    "review.exercise_link": ("Coding exercise: {ex} (press x to open)", "编程练习：{ex}（按 x 打开）"),
    "review.references": ("References", "参考文献"),
    "review.your_answer": ("Your answer", "你的回答"),
    "review.time": ("time", "用时"),
    "grade.1": ("Again", "忘记"),
    "grade.2": ("Hard", "困难"),
    "grade.3": ("Good", "良好"),
    "grade.4": ("Easy", "简单"),
    "kind.open": ("open", "问答"),
    "kind.choice": ("choice", "选择"),
    "kind.bug": ("bug", "找错"),
    "difficulty.easy": ("easy", "简单"),
    "difficulty.medium": ("medium", "中等"),
    "difficulty.hard": ("hard", "困难"),
    "key.reveal": ("Reveal", "显示答案"),
    "key.undo": ("Undo", "撤销"),
    "key.skip": ("Skip", "跳过"),
    "key.type": ("Type answer", "输入回答"),
    "key.grade": ("Grade", "评分"),
    "key.submit": ("Submit", "提交"),
    "key.exercise": ("Open exercise", "打开练习"),
    "key.practise_this": ("Practise this", "练习此题"),
    # practice setup
    "practice.title": ("Practice: choose what to drill", "练习：选择范围"),
    "practice.deck": ("Deck", "题库"),
    "practice.tag": ("Tag", "标签"),
    "practice.difficulty": ("Difficulty", "难度"),
    "practice.kind": ("Kind", "题型"),
    "practice.any": ("Any", "不限"),
    "practice.count": ("{n} questions match", "符合条件：{n} 题"),
    "practice.schedule": ("Also update the review schedule", "同时更新复习计划"),
    "practice.start": ("Start", "开始"),
    "practice.cancel": ("Cancel", "取消"),
    # browse
    "browse.search": ("Search both languages: words, ids, tags…", "搜索（中英文均可）：关键词、题号、标签…"),
    "browse.count": ("{n} of {total}", "{n} / {total}"),
    "browse.none": ("No question matches. Clear the search or the filters.", "没有匹配的题目。请清空搜索或筛选条件。"),
    "browse.frequency": ("asked {n}/5", "面试频率 {n}/5"),
    "browse.choices": ("Options", "选项"),
    "browse.correct": ("correct", "正确"),
    "browse.code": ("Code", "代码"),
    # mock
    "mock.title": ("Mock interview", "模拟面试"),
    "mock.intro": ("{n} questions across topics, {m} minutes. Answer aloud or type; reveal, tick what you covered, grade. Your schedule is not changed.",
                   "共 {n} 题，跨多个主题，限时 {m} 分钟。可口述或输入作答；显示答案后勾选要点并评分。不影响复习计划。"),
    "mock.time_left": ("{t} left", "剩余 {t}"),
    "mock.time_up": ("Time is up.", "时间到。"),
    "mock.report": ("Mock interview report", "模拟面试报告"),
    "mock.score": ("Rubric coverage {pct}% · {good}/{n} answered well · {time} used",
                   "要点覆盖 {pct}% · {good}/{n} 题答得好 · 用时 {time}"),
    "mock.col.question": ("Question", "题目"),
    "mock.col.coverage": ("Coverage", "覆盖"),
    "mock.col.grade": ("Grade", "评分"),
    "mock.col.time": ("Time", "用时"),
    "mock.weakest": ("Review next: {ids}", "建议接着复习：{ids}"),
    # stats
    "stats.title": ("Statistics", "统计"),
    "stats.col.reviews": ("Reviews", "复习次数"),
    "stats.col.retention": ("Retention", "保持率"),
    "stats.col.learned": ("Learned", "已掌握"),
    "stats.total": ("Total", "合计"),
    "stats.per_day": ("Reviews per day (30 days)", "每日复习量（30 天）"),
    "stats.forecast": ("Due in the next 7 days: {days}", "未来 7 天到期：{days}"),
    "stats.streak": ("Streak: {n} day(s)", "连续学习：{n} 天"),
    "stats.none": ("no reviews yet", "尚无复习记录"),
    # errors
    "db.error.title": ("The progress database cannot be used", "无法使用进度数据库"),
    "db.error.move": ("Move it aside and start fresh", "移到一旁并新建"),
    "db.error.quit": ("Quit", "退出"),
    "db.moved": ("Kept the old file as {path}; started a fresh database.", "旧文件已保留为 {path}，已新建数据库。"),
    "exercise.cli_hint": ("Coding exercise {ex}: run `quiz exercise start {ex}`, edit the file it prints, then `quiz check {ex}`.",
                          "编程练习 {ex}：运行 `quiz exercise start {ex}`，编辑它给出的文件，然后运行 `quiz check {ex}`。"),
    # help
    "help.title": ("Keys", "快捷键"),
}

HELP_TEXT = {
    "en": """\
# quiz: keys

**Everywhere**: `ctrl+l` switch language (English / 中文) · `?` this help · `ctrl+p` command palette · `escape` back · `q` quit (from home).

**Home**: `r` review due cards · `p` practice (choose deck, tag, difficulty, kind) · `b` browse and search answers · `m` mock interview · `s` statistics. Coding exercises run from the shell: `quiz exercise list`.

**Review**
- `space` reveal the answer (or `a` to type an answer first; `escape` leaves the box).
- After reveal: `1`-`6` tick the key points you covered, then `enter`.
- Grade: `1` Again · `2` Hard · `3` Good · `4` Easy (the next interval is on each button); `enter` accepts the suggested grade.
- Choice questions: `1`-`n` pick options, `enter` submits; each option is explained.
- `u` undo the last grade · `s` skip · `x` open the linked exercise.

Every grade is saved before the next card appears. Practice and mock sessions do not change your schedule.

**Browse**: type to search both languages; filter by deck, difficulty, kind and tag; `enter` on a question practises it.
""",
    "zh": """\
# quiz：快捷键

**全局**：`ctrl+l` 切换语言（English / 中文）· `?` 帮助 · `ctrl+p` 命令面板 · `escape` 返回 · `q` 退出（首页）。

**首页**：`r` 复习到期卡片 · `p` 练习（按题库、标签、难度、题型）· `b` 浏览和搜索答案 · `m` 模拟面试 · `s` 统计。编程练习在命令行中运行：`quiz exercise list`。

**复习**
- `space` 显示答案（或先按 `a` 输入回答；`escape` 离开输入框）。
- 显示答案后：按 `1`-`6` 勾选你答到的要点，然后按 `enter`。
- 评分：`1` 忘记 · `2` 困难 · `3` 良好 · `4` 简单（按钮上显示下次间隔）；`enter` 采用建议评分。
- 选择题：按 `1`-`n` 选择，`enter` 提交；每个选项都有解析。
- `u` 撤销上一次评分 · `s` 跳过 · `x` 打开关联的编程练习。

每次评分都会在下一张卡片出现前保存。练习和模拟面试不会改变复习计划。

**浏览**：输入即可搜索中英文；按题库、难度、题型、标签筛选；在题目上按 `enter` 开始练习。
""",
}


def t(key: str, lang: str, **fields: object) -> str:
    """The interface string ``key`` in ``lang`` (``en`` or ``zh``)."""
    en, zh = STRINGS[key]
    text = zh if lang == "zh" else en
    return text.format(**fields) if fields else text
