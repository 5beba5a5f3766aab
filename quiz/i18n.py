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
    "home.deck_hint": ("↑↓ choose a deck · Enter reviews it · p practises it", "↑↓ 选择题库 · 回车复习该题库 · p 练习该题库"),
    "home.about.review": ("due cards first, then new ones up to the daily limit", "先复习到期卡片，再学新题（不超过每日上限）"),
    "home.about.practice": ("any deck, tag, difficulty or kind; schedule untouched", "按题库、标签、难度或题型出题，不影响复习计划"),
    "home.about.browse": ("search every question and read its model answer", "搜索全部题目，阅读参考答案"),
    "home.about.mock": ("timed mixed questions, with a report at the end", "跨主题限时答题，结束后给出报告"),
    "home.about.exercises": ("write a GAN, a VAE or decoding strategies; the app checks them", "实现 GAN、VAE 或解码策略，由程序检查"),
    "home.about.stats": ("reviews, retention, streak and what falls due next", "复习次数、保持率、连续天数与即将到期"),
    # review
    "review.mode.review": ("Review", "复习"),
    "review.mode.practice": ("Practice", "练习"),
    "review.mode.mock": ("Mock interview", "模拟面试"),
    "review.progress": ("{done}/{total}", "{done}/{total}"),
    "review.type_hint": ("Type your answer here (optional; Esc leaves the box)", "在此输入你的回答（可选；Esc 离开输入框）"),
    "review.reveal": ("Reveal", "显示答案"),
    "review.answer": ("Model answer", "参考答案"),
    "review.key_points": ("Key points: tick what you covered (1-{n})", "要点：勾选你答到的（1-{n}）"),
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
    "mock.weakest": ("Review next (Enter to practise one):", "建议接着复习（回车练习）："),
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
    # exercises list
    "exs.title": ("Coding exercises", "编程练习"),
    "exs.col.id": ("Exercise", "练习"),
    "exs.col.title": ("Title", "标题"),
    "exs.col.difficulty": ("Difficulty", "难度"),
    "exs.col.status": ("Status", "状态"),
    "exs.col.best": ("Best", "最好成绩"),
    "exs.col.attempts": ("Runs", "检查次数"),
    "exs.status.passing": ("passing", "已通过"),
    "exs.status.failing": ("failing", "未通过"),
    "exs.status.started": ("started", "已开始"),
    "exs.status.not started": ("not started", "未开始"),
    "exs.intro": ("Implement generative models and decoding strategies against a fixed contract; the checks run in a "
                  "separate process. Enter opens one.",
                  "按固定接口实现生成模型和解码策略；检查在独立进程中运行。按回车打开。"),
    "exs.none": ("No exercises found.", "没有找到编程练习。"),
    "exs.catalog_error": ("The exercises cannot be listed: {error}", "无法列出编程练习：{error}"),
    "exs.status.unavailable": ("unavailable here", "此环境不可用"),
    "exs.unavailable": ("Unavailable here ({ids}): {reason}", "不可用（{ids}）：{reason}"),
    # exercise availability (quiz/exercises/availability.py): the reason and the way out
    "avail.cannot_check": ("{id} cannot be checked here. {reason}", "无法在此环境检查 {id}。{reason}"),
    "avail.too_new": ("{need} has no build for Python {python} yet: make the virtual environment with Python {suggest} or older, e.g. `{command}`",
                      "{need} 尚未发布适用于 Python {python} 的版本：请用 Python {suggest} 或更早的版本创建虚拟环境，例如 `{command}`"),
    "avail.too_old": ("{need} has no build for Python {python}: make the virtual environment with Python {suggest} or newer, e.g. `{command}`",
                      "{need} 没有适用于 Python {python} 的版本：请用 Python {suggest} 或更新的版本创建虚拟环境，例如 `{command}`"),
    "avail.no_platform": ("{need} has no build for this platform ({platform}): its exercises cannot be checked on this machine",
                          "{need} 没有适用于此平台（{platform}）的版本：无法在本机检查依赖它的练习"),
    "avail.not_installed": ("{need} is not installed in this environment: install it with `{command}` (quiz picks it up without a reinstall)",
                            "此环境未安装 {need}：请用 `{command}` 安装（quiz 无需重新安装即可使用）"),
    "avail.broken": ("{need} is installed but does not import ({error}): reinstall it with `{command}`",
                     "{need} 已安装但无法导入（{error}）：请用 `{command}` 重新安装"),
    "key.open": ("Open", "打开"),
    # one exercise
    "ex.tab.statement": ("Statement", "题目"),
    "ex.tab.code": ("Code", "代码"),
    "ex.tab.results": ("Results", "结果"),
    "ex.tab.pictures": ("Pictures", "图表"),
    "ex.tab.help": ("Help", "帮助"),
    "ex.contract": ("Contract", "接口约定"),
    "ex.run": ("Run checks", "运行检查"),
    "ex.key.save": ("Save", "保存"),
    "ex.key.run": ("Check", "检查"),
    "ex.key.cancel": ("Cancel check", "取消检查"),
    "ex.key.editor": ("$EDITOR", "外部编辑器"),
    "ex.key.hint": ("Hint", "提示"),
    "ex.key.solution": ("Solution", "参考答案"),
    "ex.key.related": ("Related questions", "相关题目"),
    "ex.unknown": ("No exercise {ex!r}: {error}. Open the exercise list with e on the home screen.",
                   "没有练习 {ex!r}：{error}。请在首页按 e 打开练习列表。"),
    "ex.status_line": ("{id}: {title} · {difficulty} · {status}", "{id}：{title} · {difficulty} · {status}"),
    "ex.best": ("best {passed}/{total} · {n} run(s)", "最好 {passed}/{total} · 已检查 {n} 次"),
    "ex.file": ("{path}", "{path}"),
    "ex.file.modified": ("modified, ctrl+s saves", "已修改，ctrl+s 保存"),
    "ex.file.saved": ("saved", "已保存"),
    "ex.file.watching": ("watching for changes", "正在监视文件变化"),
    "ex.file.unreadable": ("cannot be read", "无法读取"),
    "ex.saved": ("Saved {name}; checking…", "已保存 {name}，正在检查…"),
    "ex.save_failed": ("Cannot save {path}: {reason}. Your text is still in the editor; free space or fix permissions, then ctrl+s again.",
                       "无法保存 {path}：{reason}。你的代码仍在编辑器中；请腾出空间或修正权限后再按 ctrl+s。"),
    "ex.hint_failed": ("Cannot remember the hint in {path}: {reason}. Fix the file or its folder, then press h again.",
                       "无法在 {path} 中记录提示进度：{reason}。请修复该文件或其所在文件夹后再按 h。"),
    "ex.read_failed": ("Cannot read {path}: {reason}. The editor is read-only; fix the file or run `quiz exercise reset {ex}` (your file is kept as .bak).",
                       "无法读取 {path}：{reason}。编辑器已设为只读；请修复该文件，或运行 `quiz exercise reset {ex}`（原文件会保留为 .bak）。"),
    "ex.start_failed": ("Cannot create your copy of {ex} in {path}: {reason}. Check the folder's permissions or set QUIZ_DATA_DIR.",
                        "无法在 {path} 创建 {ex} 的副本：{reason}。请检查文件夹权限，或设置 QUIZ_DATA_DIR。"),
    "ex.removed": ("{name} was removed from disk; ctrl+s writes the editor's text back.", "{name} 已从磁盘删除；按 ctrl+s 可写回编辑器中的内容。"),
    "ex.changed_title": ("{name} changed on disk", "{name} 在磁盘上被修改"),
    "ex.changed_body": ("Another program saved the file, and you have unsaved edits here. Load the file from disk (your edits here are lost), or keep your edits (ctrl+s will overwrite the file)?",
                        "其他程序保存了该文件，而这里还有未保存的修改。要从磁盘重新加载（这里的修改会丢失），还是保留这里的修改（ctrl+s 会覆盖该文件）？"),
    "ex.changed_reload": ("Load from disk", "从磁盘加载"),
    "ex.changed_keep": ("Keep my edits", "保留我的修改"),
    "ex.kept": ("Kept your edits; the checks ran on the file on disk.", "已保留你的修改；检查针对的是磁盘上的文件。"),
    "ex.reloaded": ("Reloaded {name} from disk.", "已从磁盘重新加载 {name}。"),
    "ex.leave_title": ("Unsaved changes", "有未保存的修改"),
    "ex.leave_body": ("{name} has edits that are not saved.", "{name} 有尚未保存的修改。"),
    "ex.leave_save": ("Save and leave", "保存并离开"),
    "ex.leave_discard": ("Leave without saving", "不保存，直接离开"),
    "ex.stay": ("Stay", "留下"),
    "ex.no_editor": ("No editor found: set $EDITOR (for example `export EDITOR=nano`), or edit in the Code tab.",
                     "找不到编辑器：请设置 $EDITOR（例如 `export EDITOR=nano`），或在「代码」页中编辑。"),
    "ex.editor_failed": ("Could not start the editor {editor!r}: {reason}. Set $EDITOR to an editor on your PATH, or edit in the Code tab.",
                         "无法启动编辑器 {editor!r}：{reason}。请把 $EDITOR 设为 PATH 中的编辑器，或在「代码」页中编辑。"),
    "ex.editor_status": ("The editor {editor!r} exited with status {code}; the file was reloaded.", "编辑器 {editor!r} 以状态 {code} 退出；文件已重新加载。"),
    "ex.no_suspend": ("This terminal cannot hand over to an external editor; edit in the Code tab.", "此终端无法切换到外部编辑器；请在「代码」页中编辑。"),
    "ex.watch_off": ("Watch mode is off ({reason}); save with ctrl+s or press F5 to check.", "文件监视已关闭（{reason}）；请用 ctrl+s 保存或按 F5 检查。"),
    "ex.idle": ("Not checked yet: F5 runs the checks", "尚未检查：按 F5 运行检查"),
    "ex.short.pass": ("✓ PASS {passed}/{total}", "✓ 通过 {passed}/{total}"),
    "ex.short.fail": ("✗ FAIL at {name}", "✗ 未通过：{name}"),
    "ex.short.error": ("✗ ERROR at {name}", "✗ 出错：{name}"),
    "ex.short.timeout": ("✗ TIMEOUT at {name}", "✗ 超时：{name}"),
    "ex.short.cancelled": ("■ Cancelled", "■ 已取消"),
    "ex.running": ("Checking… {done}/{total}{current}", "检查中… {done}/{total}{current}"),
    "ex.starting": ("Starting the checker…", "正在启动检查程序…"),
    "ex.cancelling": ("Cancelling: stopping the checker…", "正在取消：停止检查程序…"),
    "ex.nothing_running": ("No check is running.", "没有正在运行的检查。"),
    "ex.result.pass": ("PASS: all {passed} checks passed{took}", "通过：全部 {passed} 项检查通过{took}"),
    "ex.result.fail": ("FAIL at {name}: {counts}{took}", "未通过，失败于 {name}：{counts}{took}"),
    "ex.result.error": ("ERROR at {name}: {counts}{took}", "出错，位于 {name}：{counts}{took}"),
    "ex.result.timeout": ("TIMEOUT at {name}: {counts}{took}", "超时，位于 {name}：{counts}{took}"),
    "ex.result.cancelled": ("Cancelled: {counts}", "已取消：{counts}"),
    # quiz check (the command line's report; the counts and labels are the ex.* ones above)
    "check.summary.pass": ("PASS: all {n} checks passed{took}", "通过：全部 {n} 项检查通过{took}"),
    "check.summary.at": (" at {name}", "，位于 {name}"),
    "check.summary.colon": (": ", "："),
    "check.label_end": (":", "："),
    "check.summary.sep": (", ", "，"),
    "check.took": (" in {s:.1f} s", "，用时 {s:.1f} 秒"),
    "check.status.fail": ("FAIL", "未通过"),
    "check.status.error": ("ERROR", "出错"),
    "check.status.timeout": ("TIMEOUT", "超时"),
    "check.status.cancelled": ("CANCELLED", "已取消"),
    "check.checking": ("checking {id}: {path}", "正在检查 {id}：{path}"),
    "ex.took": (" · {s:.1f} s", " · 用时 {s:.1f} 秒"),
    "ex.count.pass": ("{n} passed", "{n} 项通过"),
    "ex.count.fail": ("{n} failed", "{n} 项失败"),
    "ex.count.error": ("{n} raised an error", "{n} 项出错"),
    "ex.count.skip": ("{n} skipped", "{n} 项跳过"),
    "ex.col.check": ("Check", "检查项"),
    "ex.col.time": ("Time", "用时"),
    "ex.col.result": ("Result", "结果"),
    "ex.state.pending": ("waiting", "等待中"),
    "ex.state.running": ("running…", "运行中…"),
    "ex.detail.expected": ("expected", "期望"),
    "ex.detail.actual": ("actual", "实际"),
    "ex.detail.hint": ("hint", "提示"),
    "ex.detail.traceback": ("traceback (your code)", "回溯（你的代码）"),
    "ex.detail.none": ("Select a check to see its details.", "选择一项检查以查看详情。"),
    "ex.pictures.none": ("Loss curves and samples appear here after a run that trains the networks (the training checks).",
                         "运行到训练相关的检查后，这里会显示损失曲线和生成样本。"),
    "ex.pictures.curves": ("Loss per training step: yours and the reference's, same seeds and data", "每个训练步的损失：你的与参考实现的（相同随机种子和数据）"),
    "ex.pictures.curves_scatter": ("Loss per training step, yours and the reference's (same seeds and data); below, samples drawn after training",
                                   "每个训练步的损失：你的与参考实现的（相同随机种子和数据）；下方是训练后采样得到的点"),
    "ex.pictures.scatter_title": ("Samples after training", "训练后的样本"),
    "ex.pictures.scatter_data": ("data", "数据"),
    "ex.pictures.scatter_reference": ("reference", "参考"),
    "ex.pictures.scatter_submission": ("you", "你的"),
    "ex.pictures.you": ("you", "你的"),
    "ex.pictures.reference": ("reference", "参考"),
    "ex.pictures.step": ("step", "步"),
    "ex.pictures.generated": ("Generated by your model", "你的模型生成的样本"),
    "ex.pictures.real": ("Real training images", "真实训练图像"),
    "ex.pictures.distributions": ("Token distributions of crafted rows: the expected one (orange) over yours (cyan); ≠ marks a token off by more than 0.01",
                                  "构造行上的 token 分布：期望的（橙色）在上，你的（青色）在下；≠ 表示相差超过 0.01"),
    "ex.pictures.none_distributions": ("The filtered distribution of a crafted row appears here after a run: the expected one beside yours.",
                                       "运行检查后，这里会显示一个构造行过滤后的分布：期望的与你的并排。"),
    "ex.pictures.expected": ("expected", "期望"),
    "ex.pictures.token": ("token", "token"),
    "ex.hints.title": ("Hints", "提示"),
    "ex.hints.none": ("No hint revealed yet: press h for the first ({total} in all).", "尚未显示提示：按 h 查看第一条（共 {total} 条）。"),
    "ex.hints.item": ("Hint {n} of {total}", "提示 {n}/{total}"),
    "ex.hints.last": ("That was the last hint. The reference solution: press s.", "这是最后一条提示。查看参考答案请按 s。"),
    "ex.help.keys": ("h next hint · s reference solution (as a diff against your code) · p practise the related questions · Enter on one opens it",
                     "h 下一条提示 · s 参考答案（与你的代码对比）· p 练习相关题目 · 在某题上按回车打开该题"),
    "ex.related.title": ("Related questions", "相关题目"),
    "ex.related.none": ("No related questions in the loaded bank.", "已加载的题库中没有相关题目。"),
    "ex.solution.title": ("Reference solution: what differs from your code", "参考答案：与你的代码的差异"),
    "ex.solution.same": ("Your code is the same as the reference solution.", "你的代码与参考答案完全相同。"),
    "ex.solution.ask_title": ("Show the reference solution?", "显示参考答案？"),
    "ex.solution.ask_body": ("You have not passed {ex} yet. Seeing the answer now skips the learning; a hint (h) may be enough.",
                             "你还没有通过 {ex}。现在查看答案会错过练习的机会；也许一条提示（h）就够了。"),
    "ex.solution.show": ("Show it", "显示"),
    "ex.solution.keys": ("Red: your lines · green: the reference's · Esc closes", "红色：你的代码 · 绿色：参考答案 · Esc 关闭"),
    "ex.no_store": ("Progress is not available (database problem), so this run was not recorded.", "进度数据库不可用，本次检查未被记录。"),
    "ex.checker_crashed": ("The checker could not run: {error}", "检查程序无法运行：{error}"),
    # help
    "help.title": ("Keys", "快捷键"),
}

HELP_TEXT = {
    "en": """\
# quiz: keys

**Everywhere**: `ctrl+l` switch language (English / 中文) · `?` this help · `ctrl+p` command palette · `escape` back · `q` quit (from home).

**Home**: `r` review due cards · `p` practice (choose deck, tag, difficulty, kind) · `b` browse and search answers · `m` mock interview · `e` coding exercises · `s` statistics.

**Review**
- `space` reveal the answer (or `a` to type an answer first; `escape` leaves the box).
- After reveal: `1`-`6` tick the key points you covered, then `enter`.
- Grade: `1` Again · `2` Hard · `3` Good · `4` Easy (the next interval is on each button); `enter` accepts the suggested grade.
- Choice questions: `1`-`n` pick options, `enter` submits; each option is explained.
- `u` undo the last grade · `s` skip · `x` open the linked exercise.

Every grade is saved before the next card appears. Practice and mock sessions do not change your schedule.

**Browse**: type to search both languages; filter by deck, difficulty, kind and tag; `enter` on a question practises it.

**Exercises**: `enter` opens one. Inside: `1`-`5` switch tabs (Statement, Code, Results, Pictures, Help) · `ctrl+s` save and check · `F5` or `r` run the checks · `escape` or `x` cancel a running check · `e` edit in `$EDITOR` · `h` next hint · `s` reference solution (as a diff; asks first until you pass) · `p` practise the related questions. Saves made by any editor re-run the checks (watch mode). In the code editor `escape` leaves the editor.
""",
    "zh": """\
# quiz：快捷键

**全局**：`ctrl+l` 切换语言（English / 中文）· `?` 帮助 · `ctrl+p` 命令面板 · `escape` 返回 · `q` 退出（首页）。

**首页**：`r` 复习到期卡片 · `p` 练习（按题库、标签、难度、题型）· `b` 浏览和搜索答案 · `m` 模拟面试 · `e` 编程练习 · `s` 统计。

**复习**
- `space` 显示答案（或先按 `a` 输入回答；`escape` 离开输入框）。
- 显示答案后：按 `1`-`6` 勾选你答到的要点，然后按 `enter`。
- 评分：`1` 忘记 · `2` 困难 · `3` 良好 · `4` 简单（按钮上显示下次间隔）；`enter` 采用建议评分。
- 选择题：按 `1`-`n` 选择，`enter` 提交；每个选项都有解析。
- `u` 撤销上一次评分 · `s` 跳过 · `x` 打开关联的编程练习。

每次评分都会在下一张卡片出现前保存。练习和模拟面试不会改变复习计划。

**浏览**：输入即可搜索中英文；按题库、难度、题型、标签筛选；在题目上按 `enter` 开始练习。

**编程练习**：按 `enter` 打开。打开后：`1`-`5` 切换标签页（题目、代码、结果、图表、帮助）· `ctrl+s` 保存并检查 · `F5` 或 `r` 运行检查 · `escape` 或 `x` 取消正在运行的检查 · `e` 用 `$EDITOR` 编辑 · `h` 下一条提示 · `s` 参考答案（以差异显示；通过前会先确认）· `p` 练习相关题目。任何编辑器保存文件后都会自动重新检查（监视模式）。在代码编辑器中按 `escape` 离开编辑器。
""",
}


def t(key: str, lang: str, **fields: object) -> str:
    """The interface string ``key`` in ``lang`` (``en`` or ``zh``)."""
    en, zh = STRINGS[key]
    text = zh if lang == "zh" else en
    return text.format(**fields) if fields else text
