"""Chinese ``--help``: each English paragraph of the command line's help, and argparse's own words.

Keyed by the English text beside the code (a paragraph of a description or an
epilog, an option's help), so the code keeps reading in English;
``tests/unit/test_cli_help.py`` fails when a help text has no Chinese here.
Example lines keep their commands and put the explanation in Chinese.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    # quiz
    "A terminal trainer for generative-AI interviews: flashcards with FSRS review, and coding exercises (GAN, VAE, attention, decoding strategies) checked against reference solutions.":
        "生成式 AI 面试的终端训练工具：按 FSRS 安排复习的抽认卡，以及对照参考实现检查的编程题（GAN、VAE、注意力、解码策略）。",
    "examples:\n  quiz                          open the trainer (TUI)\n  quiz --lang zh                open it in Chinese\n  quiz --bank ~/my-decks        add your own decks to the built-in bank\n  quiz validate questions/      check bank files; errors as file:line:col: message\n  quiz stats                    due cards, reviews and retention per deck\n  quiz plan 2026-12-20          plan the days up to an interview (see: quiz plan --help)\n  quiz check gan                check your GAN exercise (see: quiz exercise --help)\n  quiz export anki ~/quiz.apkg  your decks as an Anki package (or: export csv)\n  quiz import notes.csv --deck my-deck   a CSV/TSV or Anki text export becomes a deck\n  quiz db backup ~/quiz.bak     copy your progress (restore: quiz db restore ~/quiz.bak)\n  quiz serve                    the app in your browser at http://127.0.0.1:8000":
        "示例：\n  quiz                          打开训练界面（TUI）\n  quiz --lang zh                以中文打开\n  quiz --bank ~/my-decks        在内置题库之外加入你自己的题库\n  quiz validate questions/      检查题库文件；错误格式为 文件:行:列: 说明\n  quiz stats                    各题库的待复习、复习次数与保持率\n  quiz plan 2026-12-20          按面试日期安排每天的学习（见 quiz plan --help）\n  quiz check gan                检查你的 GAN 编程题（见 quiz exercise --help）\n  quiz export anki ~/quiz.apkg  把题库导出为 Anki 包（或 export csv）\n  quiz import notes.csv --deck my-deck   把 CSV/TSV 或 Anki 文本导出变成题库\n  quiz db backup ~/quiz.bak     备份学习进度（恢复：quiz db restore ~/quiz.bak）\n  quiz serve                    在浏览器中使用：http://127.0.0.1:8000",
    "exit status: 0 success, 1 failure (invalid bank, failed check, unusable store), 2 bad usage,\n3 the exercise needs TensorFlow, which this environment lacks.":
        "退出状态：0 成功；1 失败（题库无效、检查未通过、进度数据库不可用）；2 用法错误；3 该编程题需要 TensorFlow，而当前环境没有。",
    "data: progress in the user data directory (override with --db or QUIZ_DB / QUIZ_DATA_DIR);\nsettings in config.toml (QUIZ_CONFIG). Run `quiz paths` to see where.":
        "数据：进度保存在用户数据目录（可用 --db 或 QUIZ_DB / QUIZ_DATA_DIR 指定）；设置在 config.toml（QUIZ_CONFIG）。运行 `quiz paths` 查看位置。",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "language of the questions and the interface (default: config, then locale)": "题目和界面的语言（默认：配置文件，其次系统区域设置）",
    "an extra folder (or file) of YAML decks; repeatable": "额外的 YAML 题库文件夹（或文件）；可重复",
    "the progress database to use (default: in the user data directory)": "使用的进度数据库（默认：用户数据目录中的）",
    "language of the output (default: config, then locale)": "输出的语言（默认：配置文件，其次系统区域设置）",
    "check question bank files": "检查题库文件",
    "print progress per deck": "打印各题库的学习进度",
    "show where data, settings and the bank live": "显示数据、设置和题库的位置",
    "progress database maintenance": "进度数据库维护",
    "run an exercise's checks on your code": "对你的代码运行编程题的检查",
    "coding exercises: list, start, reset, hint, solution": "编程题：列表、开始、重置、提示、参考答案",
    "export decks to Anki (.apkg) or CSV": "把题库导出为 Anki（.apkg）或 CSV",
    "turn a CSV/TSV or Anki text export into a deck": "把 CSV/TSV 或 Anki 文本导出变成题库",
    "open the app in a web browser": "在网页浏览器中打开应用",
    "study to an interview date: set, show or clear it": "按面试日期学习：设定、查看或清除",
    # validate, stats, paths, db
    "Check bank files (or folders of them) against the format; print each problem as file:line:col: message.":
        "按格式检查题库文件（或其所在文件夹）；每个问题打印为 文件:行:列: 说明。",
    "example:\n  quiz validate questions/ ~/my-decks/ml.yaml": "示例：\n  quiz validate questions/ ~/my-decks/ml.yaml",
    "with no PATH: the built-in bank plus --bank folders and the config's bank_dirs.\nGiven files, links to other questions are resolved against the whole bank.":
        "不给 PATH 时：检查内置题库、--bank 文件夹和配置文件中的 bank_dirs。\n给出文件时，指向题库中其他题目的链接按整个题库解析。",
    "Print due cards, reviews, retention and mastery per deck.": "打印各题库的待复习卡片、复习次数、保持率和掌握度。",
    "example:\n  quiz stats\n  quiz --db /tmp/other.sqlite3 stats": "示例：\n  quiz stats\n  quiz stats --db /tmp/other.sqlite3",
    "Show the files and folders quiz reads and writes.": "显示 quiz 读写的文件和文件夹。",
    "example:\n  quiz paths": "示例：\n  quiz paths",
    "Maintenance of the progress database.": "进度数据库的维护。",
    "examples:\n  quiz db move-aside    keep a damaged database under a new name and start a fresh one\n  quiz db backup ~/quiz-backup.sqlite3    copy your progress (safe while the app runs)\n  quiz db restore ~/quiz-backup.sqlite3   bring it back (the current database is kept aside)":
        "示例：\n  quiz db move-aside    把损坏的数据库改名保留，并新建一个\n  quiz db backup ~/quiz-backup.sqlite3    备份学习进度（应用运行时也安全）\n  quiz db restore ~/quiz-backup.sqlite3   恢复备份（当前数据库会另存保留）",
    "check: open and verify it; move-aside: rename it (kept) so a fresh one starts; backup FILE: copy it (safe while the app runs); restore FILE: replace it with a backup (the current one is kept)":
        "check：打开并校验；move-aside：改名保留，下次启动新建；backup FILE：复制一份（应用运行时也安全）；restore FILE：用备份替换（当前的会保留）",
    "the backup to write or restore": "要写入或恢复的备份文件",
    # check, exercise
    "Run every check of exercise ID on FILE (default: your workspace copy) in a separate process, and print each check with ✓/✗; the first failure in full with a hint.":
        "在独立进程中对 FILE（默认：你的工作区副本）运行编程题 ID 的全部检查，逐项打印 ✓/✗；第一个失败项给出完整说明和提示。",
    "examples:\n  quiz check gan                 check your workspace copy (see: quiz exercise start gan)\n  quiz check vae my_vae.py       check another file\n  quiz check gan --json          print the report as one JSON object\n  quiz check gan --lang zh       check names, messages and hints in Chinese\n  quiz check gan --reference     check the reference solution itself\n  quiz check gan --watch         check again on every save (q quits, h shows the next hint)":
        "示例：\n  quiz check gan                 检查你的工作区副本（见 quiz exercise start gan）\n  quiz check vae my_vae.py       检查另一个文件\n  quiz check gan --json          以一个 JSON 对象打印报告\n  quiz check gan --lang zh       检查项名称、消息和提示使用中文\n  quiz check gan --reference     检查参考实现本身\n  quiz check gan --watch         每次保存后重新检查（q 退出，h 显示下一条提示）",
    "exit status: 0 every check passed; 1 a check failed, raised, or the run errored or\ntimed out; 2 bad usage (unknown exercise, no workspace copy, bad option); 3 the\nexercise needs TensorFlow, which this environment lacks (the message says why and\nwhat to do).":
        "退出状态：0 全部检查通过；1 有检查未通过、抛出异常，或运行出错、超时；2 用法错误（未知编程题、没有工作区副本、选项有误）；3 该编程题需要 TensorFlow，而当前环境没有（消息会说明原因和解决办法）。",
    "the exercise id (`quiz exercise list` shows them all)": "编程题 id（`quiz exercise list` 列出全部）",
    "the file to check (default: the workspace copy)": "要检查的文件（默认：工作区副本）",
    "print the report as one JSON object": "以一个 JSON 对象打印报告",
    "check the reference solution instead": "改为检查参考实现",
    "train on a local MNIST-format .npz instead of the synthetic digits": "用本地 MNIST 格式的 .npz 训练，代替合成数字数据",
    "seconds for the whole run (default: the exercise's)": "整次运行的秒数上限（默认：编程题自己的）",
    "check again on every save of FILE, on a checker started ahead of time (q or Ctrl+C stops)":
        "每次保存 FILE 后用预先启动的检查程序重新检查（q 或 Ctrl+C 停止）",
    "Manage the coding exercises: your workspace copies, hints and the reference solutions.": "管理编程题：你的工作区副本、提示和参考答案。",
    "examples:\n  quiz exercise list             every exercise and your status on it\n  quiz exercise start gan        copy the starter into your workspace and print its path\n  quiz exercise hint gan         reveal the next hint\n  quiz exercise solution gan     show the reference solution (asks first if you have not passed)":
        "示例：\n  quiz exercise list             全部编程题及你的进度\n  quiz exercise start gan        把初始代码复制到工作区并打印其路径\n  quiz exercise hint gan         显示下一条提示\n  quiz exercise solution gan     显示参考答案（尚未通过时先确认）",
    "every exercise with your status": "全部编程题及你的进度",
    "copy the starter into your workspace": "把初始代码复制到工作区",
    "put the starter back (your file is kept as .bak)": "换回初始代码（原文件保留为 .bak）",
    "reveal the next hint": "显示下一条提示",
    "show the reference solution": "显示参考答案",
    "List the exercises and your status on each: not started, failing, passing.": "列出编程题和你在每个编程题上的进度：未开始、未通过、已通过。",
    "example:\n  quiz exercise list": "示例：\n  quiz exercise list",
    "Copy the exercise's starter into your workspace and print its path. Never overwrites your work without --force (the old file is then kept as .bak).":
        "把编程题的初始代码复制到工作区并打印其路径。没有 --force 时绝不覆盖你的代码（使用时原文件保留为 .bak）。",
    "example:\n  quiz exercise start gan\n  $EDITOR \"$(quiz exercise start gan)\"": "示例：\n  quiz exercise start gan\n  $EDITOR \"$(quiz exercise start gan)\"",
    "replace an existing copy (kept as ID.py.bak)": "替换已有副本（原文件保留为 ID.py.bak）",
    "Replace your workspace copy with the starter; the previous file is kept as ID.py.bak.": "用初始代码替换你的工作区副本；原文件保留为 ID.py.bak。",
    "example:\n  quiz exercise reset vae": "示例：\n  quiz exercise reset vae",
    "Reveal the exercise's next hint (they are remembered; after the last, the last is shown again).":
        "显示编程题的下一条提示（会记住进度；看完最后一条后，再次显示最后一条）。",
    "example:\n  quiz exercise hint gan\n  quiz --lang zh exercise hint gan": "示例：\n  quiz exercise hint gan\n  quiz exercise hint gan --lang zh",
    "Print the reference solution. Asks for confirmation unless you have passed the exercise.": "打印参考答案。尚未通过该编程题时先请你确认。",
    "example:\n  quiz exercise solution gan\n  quiz exercise solution gan --yes | less": "示例：\n  quiz exercise solution gan\n  quiz exercise solution gan --yes | less",
    "do not ask for confirmation": "不再确认",
    # export, import, serve
    "Write decks as an Anki package (one note per question; re-importing updates the notes) or as a CSV table.":
        "把题库写成 Anki 包（每题一条笔记；再次导入会更新这些笔记）或 CSV 表格。",
    "examples:\n  quiz export anki ~/quiz.apkg                       every deck, in your language\n  quiz export anki gan.apkg --decks gan vae --lang both\n  quiz export csv my.csv --decks gan --lang both     a table `quiz import` reads back":
        "示例：\n  quiz export anki ~/quiz.apkg                       全部题库，使用你的语言\n  quiz export anki gan.apkg --decks gan vae --lang both\n  quiz export csv my.csv --decks gan --lang both     `quiz import` 能读回的表格",
    "exit status: 0 written; 1 the file cannot be written; 2 bad usage (a deck that does not exist).":
        "退出状态：0 已写入；1 无法写入文件；2 用法错误（题库不存在）。",
    "anki: an .apkg package; csv: a table for spreadsheets and `quiz import`": "anki：.apkg 包；csv：供电子表格和 `quiz import` 使用的表格",
    "the file to write (replaced whole if it exists)": "要写入的文件（已存在则整体替换）",
    "deck ids to export (default: all)": "要导出的题库 id（默认：全部）",
    "language of the cards (default: yours)": "卡片的语言（默认：你的界面语言）",
    "Turn a front/back table into a validated YAML deck in your bank.": "把正面/背面表格变成题库中经过校验的 YAML 题库。",
    "examples:\n  quiz import notes.txt --deck ml-basics             Anki's \"Notes in Plain Text\" export\n  quiz import cards.csv --deck my-deck --lang zh     a CSV with a header row (front,back,...)\n  quiz import cards.tsv --deck my-deck --out ~/decks --replace":
        "示例：\n  quiz import notes.txt --deck ml-basics             Anki 的“纯文本笔记”导出\n  quiz import cards.csv --deck my-deck --lang zh     带表头行的 CSV（front,back,...）\n  quiz import cards.tsv --deck my-deck --out ~/decks --replace",
    "The deck is written to your deck folder (`quiz paths`), which is always part of\nthe bank, unless --out says otherwise. Columns: front and back (or question and\nanswer) are required; key_points (one per line or separated by ;), tags,\ndifficulty, frequency, id and language-specific ones (front_zh, back_en, ...) are\noptional. Rows with problems are listed as file:line: message and nothing is written.":
        "题库写入你的题库文件夹（见 `quiz paths`，它始终属于题库），除非用 --out 另行指定。列：必须有 front 和 back（或 question 和 answer）；key_points（每行一个或用 ; 分隔）、tags、difficulty、frequency、id 以及分语言的列（front_zh、back_en 等）可选。有问题的行会以 文件:行: 说明 列出，此时不写入任何文件。",
    "exit status: 0 imported; 1 problems in the file (listed), nothing written; 2 bad usage.":
        "退出状态：0 已导入；1 文件有问题（已列出），未写入；2 用法错误。",
    "a .csv, .tsv or Anki .txt file (UTF-8)": ".csv、.tsv 或 Anki 的 .txt 文件（UTF-8）",
    "id of the new deck (lower-case letters, digits, dashes)": "新题库的 id（小写字母、数字、连字符）",
    "the deck's title (default: its id)": "题库标题（默认：其 id）",
    "folder to write DECK.yaml into (default: your deck folder)": "写入 DECK.yaml 的文件夹（默认：你的题库文件夹）",
    "language of the table's text (default: detected)": "表格文字的语言（默认：自动识别）",
    "overwrite an existing DECK.yaml": "覆盖已有的 DECK.yaml",
    "Serve the app as a web page (textual-serve), on 127.0.0.1 unless --host says otherwise.":
        "把应用作为网页提供（textual-serve），默认只在 127.0.0.1 上，可用 --host 指定。",
    "examples:\n  quiz serve                       then open http://127.0.0.1:8000\n  quiz serve --port 8080 --lang zh":
        "示例：\n  quiz serve                       然后打开 http://127.0.0.1:8000\n  quiz serve --port 8080 --lang zh",
    "exit status: 0 stopped with Ctrl+C; 1 the port is in use or cannot be used.": "退出状态：0 按 Ctrl+C 停止；1 端口被占用或不可用。",
    "port to listen on (default: 8000)": "监听的端口（默认：8000）",
    "address to listen on (default: 127.0.0.1, this machine only)": "监听的地址（默认：127.0.0.1，仅本机）",
    # plan
    "Plan the days up to an interview: new cards a day so that every question of the chosen decks is seen and reviewed before the date, most-asked first, within a daily cap.":
        "安排面试前的每一天：每天学多少新题，使所选题库的每道题在面试前都学过并复习过，常考的优先，不超过每日上限。",
    "examples:\n  quiz plan 2026-12-20                      interview on 20 December: plan every deck\n  quiz plan 2026-12-20 --decks gan vae --cap 30\n                                            only these decks, at most 30 cards a day\n  quiz plan                                 show the plan: today's cards, on track or not, readiness\n  quiz plan --clear                         forget the date (progress is kept)":
        "示例：\n  quiz plan 2026-12-20                      12 月 20 日面试：安排全部题库\n  quiz plan 2026-12-20 --decks gan vae --cap 30\n                                            只安排这些题库，每天最多 30 张卡片\n  quiz plan                                 查看计划：今日卡片、进度是否正常、准备度\n  quiz plan --clear                         清除日期（学习进度保留）",
    "The plan is kept in the progress database; the home screen shows it (i changes it, c crams).":
        "计划保存在进度数据库中；首页会显示它（按 i 修改，按 c 突击）。",
    "exit status: 0 done (a plan that cannot fit every question is still saved, and says so);\n1 the progress database cannot be used; 2 bad usage (a date in the past or not YYYY-MM-DD,\nan unknown deck, a cap outside 1-1000).":
        "退出状态：0 完成（排不下全部题目的计划也会保存，并说明）；1 进度数据库不可用；2 用法错误（日期已过或不是 YYYY-MM-DD、未知题库、上限不在 1-1000 之间）。",
    "the interview date (today or later)": "面试日期（今天或以后）",
    "deck ids to plan (default: all; commas also separate)": "要安排的题库 id（默认：全部；也可用逗号分隔）",
    "cards a day at most, reviews and new together (default: 40, or the current plan's)": "每天最多几张卡片，复习和新题合计（默认：40，或当前计划的）",
    "forget the interview date": "清除面试日期",
    # section titles (argparse's)
    "positional arguments": "位置参数",
    "options": "选项",
}

#: argparse's own messages (looked up through its gettext hook; see quiz.cli_text.argparse_language).
ARGPARSE: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少以下参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个参数",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ambiguous option: %(option)s could match %(matches)s": "选项有歧义：%(option)s 可匹配 %(matches)s",
}


def translate(text: str | None) -> str | None:
    """``text`` in Chinese, paragraph by paragraph; a paragraph without a translation stays English."""
    if text is None:
        return None
    paragraphs = text.split("\n\n")
    out = []
    for paragraph in paragraphs:
        body = paragraph.strip("\n")
        out.append(paragraph.replace(body, ZH.get(body, body)) if body else paragraph)
    return "\n\n".join(out)


def missing(text: str | None) -> list[str]:
    """The paragraphs of ``text`` that have no Chinese (for the test that keeps help complete)."""
    if not text:
        return []
    return [p.strip("\n") for p in text.split("\n\n") if p.strip("\n") and p.strip("\n") not in ZH]
