"""``quiz plan``: set, show or clear the interview date; and the plan's lines under ``quiz stats``.

A thin front over :mod:`quiz.study` (the same words the home panel shows).
Bad input (a date in the past or unparsable, an unknown deck, a cap out of
range) is one line on stderr naming the problem and the way out, exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from quiz.exit_codes import ExitStatus
from quiz.runtime import Runtime

EPILOG = """\
examples:
  quiz plan 2026-12-20                      interview on 20 December: plan every deck
  quiz plan 2026-12-20 --decks gan vae --cap 30
                                            only these decks, at most 30 cards a day
  quiz plan                                 show the plan: today's cards, on track or not, readiness
  quiz plan --clear                         forget the date (progress is kept)

The plan is kept in the progress database; the home screen shows it (i changes it, c crams).

exit status: 0 done (a plan that cannot fit every question is still saved, and says so);
1 the progress database cannot be used; 2 bad usage (a date in the past or not YYYY-MM-DD,
an unknown deck, a cap outside 1-1000).
"""

DAYS_SHOWN = 14  # rows of the day-by-day table


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``plan`` to the main parser's ``subparsers``."""
    p = subparsers.add_parser(
        "plan", help="study to an interview date: set, show or clear it",
        description="Plan the days up to an interview: new cards a day so that every question of the chosen decks "
        "is seen and reviewed before the date, most-asked first, within a daily cap.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("date", nargs="?", metavar="YYYY-MM-DD", help="the interview date (today or later)")
    p.add_argument("--decks", nargs="+", metavar="DECK", default=None, help="deck ids to plan (default: all; commas also separate)")
    p.add_argument("--cap", metavar="N", default=None, help="cards a day at most, reviews and new together (default: 40, or the current plan's)")
    p.add_argument("--clear", action="store_true", help="forget the interview date")
    p.set_defaults(func=cmd_plan)


def cmd_plan(args: argparse.Namespace, runtime: Runtime) -> int:
    from quiz.cli_text import warn
    from quiz.config import load_config
    from quiz.library import load_user_bank
    from quiz.plan import DEFAULT_CAP, PlanError, StudyPlan, check_cap, check_decks, parse_interview_date
    from quiz.store import utcnow
    from quiz.study import load_plan, save_plan

    config = load_config(lang=args.lang)
    lang = config.lang
    if args.clear and (args.date or args.decks or args.cap):
        return _usage(_t("plan.usage.clear_alone", lang))
    bank, errors = load_user_bank(config, args.bank)
    warn(errors, lang)
    now = utcnow()
    store = runtime.open_store()
    try:
        current = load_plan(store)
        if args.clear:
            print(_t("plan.cleared" if store.clear_study_plan() else "plan.no_plan_to_clear", lang))
            return ExitStatus.OK
        if args.date is None and (args.decks or args.cap):
            if current is None:
                return _usage(_t("plan.usage.date_first", lang))
            args.date = current.interview.isoformat()
        if args.date is not None:
            try:
                interview = parse_interview_date(args.date, now.astimezone().date())
                decks = current.decks if current and args.decks is None else ()
                if args.decks is not None:
                    decks = check_decks([d for item in args.decks for d in item.split(",") if d], list(bank.decks))
                cap = check_cap(args.cap) if args.cap is not None else (current.daily_cap if current else DEFAULT_CAP)
            except PlanError as exc:
                return _usage(exc.text(lang))
            save_plan(store, StudyPlan(interview, decks, cap), now)
            print(_t("plan.saved", lang))
        print(plan_report(bank, store, config, now, lang))
    finally:
        store.close()
    return ExitStatus.OK


def plan_report(bank, store, config, now: datetime, lang: str) -> str:
    """The plan in full: its lines, what would make it fit, and the next days as a table."""
    from quiz.study import plan_lines, plan_status, plan_text

    status = plan_status(store, bank, config, now)
    if status is None:
        return _t("plan.none_cli", lang)
    lines = plan_text(plan_lines(status, bank, lang))
    if status.state == "behind":
        cap = status.cap_needed()
        lines.append(_t("plan.cap_needed", lang, cap=cap) if cap else _t("plan.cap_impossible", lang))
    days = status.result.days[:DAYS_SHOWN] if status.state not in ("passed", "today") else ()
    if days:
        head = [_t(f"plan.col.{k}", lang) for k in ("day", "due", "new", "total")]
        rows = [head] + [[d.day.isoformat(), str(d.due), str(d.new), str(d.workload)] for d in days]
        lines.append("")
        lines += _columns(rows)
    return "\n".join(lines)


def stats_lines(bank, store, config, now: datetime, lang: str) -> str:
    """What ``quiz stats`` adds: the plan's lines, or readiness now and how to set a date."""
    from quiz.readiness import readiness
    from quiz.study import plan_lines, plan_status, plan_text, planner, readiness_lines

    status = plan_status(store, bank, config, now)
    if status is not None:
        return "\n".join(plan_text(plan_lines(status, bank, lang)))
    lines = readiness_lines(readiness(bank, store.cards(), planner(config), now), bank, lang, on_the_day=False)
    return "\n".join([text for text in lines.values() if text] + [_t("plan.none_cli", lang)])


def _columns(rows: list[list[str]]) -> list[str]:
    from quiz.cli_text import columns

    return columns(rows)


def _t(key: str, lang: str, **fields: object) -> str:
    from quiz.i18n import t

    return t(key, lang, **fields)


def _usage(message: str) -> int:
    print(f"quiz plan: {message}", file=sys.stderr)
    return ExitStatus.USAGE
