"""Studying to a date: the interview plan, readiness and cram, read from the store.

The glue between the progress store and the pure rules of :mod:`quiz.plan` and
:mod:`quiz.readiness`; the CLI (``quiz plan``, ``quiz stats``) and the TUI (the
home panel, cram, the stats screen) both call these, and the words they show
come from :func:`plan_lines`, so the two fronts say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from fsrs import Scheduler

from quiz.bank.model import Bank
from quiz.config import Config
from quiz.formats import percent
from quiz.i18n import t
from quiz.plan import PlanResult, StudyPlan, cap_needed, make_plan, review_gaps
from quiz.queue import start_of_day
from quiz.readiness import Readiness, chosen, cram_queue, interview_moment, readiness
from quiz.scheduling import card_id_for, make_scheduler
from quiz.session import new_cards_left, review_queue
from quiz.stats import DeckStats, deck_stats, forecast, forecast_days, streak, totals
from quiz.store import Store

if TYPE_CHECKING:
    from quiz.history import ChartData


def load_plan(store: Store | None) -> StudyPlan | None:
    """The stored plan, or None."""
    row = store.study_plan() if store is not None else None
    if row is None:
        return None
    return StudyPlan(date.fromisoformat(row["interview"]), tuple(row["decks"]), row["daily_cap"])


def save_plan(store: Store, plan: StudyPlan, now: datetime) -> None:
    store.set_study_plan(plan.interview.isoformat(), list(plan.decks), plan.daily_cap, now)


def planner(config: Config) -> Scheduler:
    """The scheduler plans and readiness use: the user's retention, no fuzz (a plan is an expectation)."""
    return make_scheduler(config.desired_retention, fuzz=False)


@dataclass(frozen=True)
class PlanStatus:
    """The plan as it stands now: what was chosen, the days ahead, and readiness on the day."""

    plan: StudyPlan
    today: date
    result: PlanResult
    readiness: Readiness
    plan_args: dict

    @property
    def days_left(self) -> int:
        return (self.plan.interview - self.today).days

    @property
    def state(self) -> str:
        """passed | today | on_track | behind."""
        if self.days_left < 0:
            return "passed"
        if self.days_left == 0:
            return "today"
        return "on_track" if self.result.feasible else "behind"

    def cap_needed(self) -> int | None:
        """The smallest daily cap that fits every chosen question (a few plans: not for every redraw)."""
        return cap_needed(self.plan_args)


def plan_args(store: Store, bank: Bank, plan: StudyPlan, scheduler: Scheduler, now: datetime,
              cards: dict[str, dict] | None = None) -> dict:
    """The arguments of :func:`quiz.plan.make_plan` for ``plan`` from the stored progress at ``now``."""
    today = now.astimezone().date()
    horizon = max((plan.interview - today).days, 0)
    cards = store.cards() if cards is None else cards
    wanted = {q.id for q in chosen(bank, plan.decks)}
    today_reviews = [r for r in store.reviews(since=start_of_day(now)) if r.card_after is not None]
    introduced = {r.question_id for r in today_reviews if r.card_before is None}
    reviewed = {r.question_id for r in today_reviews} - introduced
    studied = []
    for qid, card in cards.items():
        if qid not in wanted:
            continue
        gaps = review_gaps(scheduler, card, now, horizon)
        if gaps and gaps[0] == 0 and qid in introduced | reviewed:
            gaps = gaps[1:]  # its showing today is already counted as done
        if gaps:
            studied.append(gaps)
    return {
        "today": today, "interview": plan.interview, "cap": plan.daily_cap,
        "to_learn": len(wanted - cards.keys()), "studied": studied,
        "new_gaps": review_gaps(scheduler, None, now, horizon, card_id=card_id_for("plan")),
        "introduced_today": store.new_cards_since(start_of_day(now)),
        "done_today": len(reviewed & wanted),
    }


def plan_status(store: Store | None, bank: Bank, config: Config, now: datetime,
                cards: dict[str, dict] | None = None) -> PlanStatus | None:
    """The stored plan worked out for today, or None without one (or without a store)."""
    plan = load_plan(store)
    return None if plan is None else status_of(plan, store, bank, config, now, cards)


def status_of(plan: StudyPlan, store: Store, bank: Bank, config: Config, now: datetime,
              cards: dict[str, dict] | None = None) -> PlanStatus:
    """``plan`` (stored or not: the plan dialog previews one) worked out for today."""
    cards = store.cards() if cards is None else cards
    scheduler = planner(config)
    args = plan_args(store, bank, plan, scheduler, now, cards)
    ready = readiness(bank, cards, scheduler, interview_moment(plan.interview), plan.decks)
    return PlanStatus(plan, args["today"], make_plan(**args), ready, args)


def new_per_day(status: PlanStatus | None, config: Config) -> int:
    """Today's new-card allowance (introduced ones included): the plan's share, else the config's."""
    if status is None or status.state == "passed" or status.result.today is None:
        return config.new_per_day
    return status.result.today.new + status.plan_args["introduced_today"]


@dataclass(frozen=True)
class TodaySummary:
    """Today's line as home and ``quiz stats`` both print it."""

    due: int
    """Cards of the bank's questions due now."""
    new: int
    """New cards still allowed today (the plan's share, else the config's)."""
    questions: int
    streak: int
    forecast: tuple[int, ...]
    """Cards of the bank's questions falling due on each of the next days (index 0: now and the rest of today)."""

    def text(self, lang: str) -> str:
        return t("home.summary", lang, due=self.due, new=self.new, total=self.questions, streak=self.streak)

    days: tuple[date, ...] = ()
    """The local dates of :attr:`forecast`, today first."""

    def forecast_text(self, lang: str) -> str:
        """The week ahead, each count after its day: "Falling due: today 3 · Fri 0 · Sat 5 …"."""
        names = t("stats.day_names", lang).split(",")
        labels = [t("stats.today", lang)] + [names[d.weekday()] for d in self.days[1:]]
        return t("stats.due_week", lang, days=" · ".join(f"{label} {n}" for label, n in zip(labels, self.forecast, strict=True)))


def today_summary(store: Store, bank: Bank, config: Config, now: datetime, *, status: PlanStatus | None = None,
                  cards: dict[str, dict] | None = None, rows: list[DeckStats] | None = None) -> TodaySummary:
    """Due now, new left today, questions, streak and the week ahead: one count for every front end.

    ``status``: the plan as already worked out (home's panel has it; looked up when not given);
    ``rows``: the deck table's :func:`~quiz.stats.deck_stats`, when already counted. Progress on
    questions no longer in the bank is not counted, here as in the deck table.
    """
    cards = store.cards() if cards is None else cards
    if status is None:
        status = plan_status(store, bank, config, now, cards)
    rows = deck_stats(bank, cards, None, now) if rows is None else rows
    ours = {qid: c for qid, c in cards.items() if qid in bank.questions}
    days = forecast_days(now)
    return TodaySummary(totals(rows).due, new_cards_left(store, new_per_day(status, config), now), len(bank.questions),
                        streak(store.review_times(), now), tuple(forecast(ours, now, days=len(days))), tuple(days))


def today_queue(store: Store, bank: Bank, config: Config, now: datetime, decks: set[str] | None) -> list[str]:
    """Due review as home starts it: with a plan, its decks (unless one is chosen) and its new cards."""
    status = plan_status(store, bank, config, now)
    if status is not None and status.state != "passed" and not decks and status.plan.decks:
        decks = set(status.plan.decks)
    return review_queue(store, bank, new_per_day=new_per_day(status, config), limit=config.session_length, now=now, decks=decks)


def cram(store: Store, bank: Bank, config: Config, now: datetime, decks: set[str] | None = None) -> list[str]:
    """A cram session: the least-recalled questions on the interview day (today without a plan)."""
    plan = load_plan(store)
    target = plan.interview if plan is not None and plan.interview >= now.astimezone().date() else None
    if not decks and plan is not None:
        decks = set(plan.decks) or None
    at = interview_moment(target) if target is not None else now
    return cram_queue(bank, store.cards(), planner(config), at, decks=decks, limit=config.session_length)


# -- words -------------------------------------------------------------------------


def deck_title(bank: Bank, deck: str, lang: str) -> str:
    return bank.decks[deck].title.get(lang) if deck in bank.decks else deck


def when_text(days_left: int, lang: str) -> str:
    if days_left == 0:
        return t("plan.when.today", lang)
    if days_left == 1:
        return t("plan.when.tomorrow", lang)
    return t("plan.when.days", lang, n=days_left)


def plan_lines(status: PlanStatus | None, bank: Bank, lang: str, *, weakest: int = 3) -> dict[str, str]:
    """The plan in words: ``headline`` (date and days left), ``today`` (today's cards),
    ``verdict`` (on track, or not feasible and why) with a ``verdict_short`` form,
    ``readiness``, ``weakest`` (empty when there is one deck) and ``decks`` (the scope).
    Without a plan, or once its date has passed, only ``headline``, saying what to do."""
    if status is None:
        return {"headline": t("plan.none", lang)}
    plan, result = status.plan, status.result
    day = plan.interview.isoformat()
    if status.state == "passed":
        return {"headline": t("plan.passed", lang, date=day)}
    lines = {"headline": t("plan.headline", lang, date=day, when=when_text(status.days_left, lang))}
    if status.state == "today":
        lines["today"] = t("plan.interview_today", lang)
    else:
        today = result.today
        lines["today"] = (t("plan.today_done", lang) if today.due == 0 and today.new == 0
                          else t("plan.today", lang, due=today.due, new=today.new))
        if result.feasible:
            lines["verdict"] = lines["verdict_short"] = t("plan.on_track", lang)
        else:
            lines["verdict"] = t("plan.behind", lang, need=result.needed_per_day, cap=plan.daily_cap, left=result.left_out)
            lines["verdict_short"] = t("plan.behind_short", lang, need=result.needed_per_day)
    lines.update(readiness_lines(status.readiness, bank, lang, on_the_day=True, weakest=weakest))
    sep = t("plan.sep", lang)
    decks = sep.join(deck_title(bank, d, lang) for d in plan.decks) if plan.decks else t("plan.all_decks", lang)
    lines["decks"] = t("plan.scope", lang, decks=decks, cap=plan.daily_cap)
    return lines


def readiness_lines(ready: Readiness, bank: Bank, lang: str, *, on_the_day: bool, weakest: int = 3) -> dict[str, str]:
    """``readiness`` (overall, on the interview day or now) and ``weakest`` (the least ready decks,
    empty when there is only one)."""
    key = "plan.readiness" if on_the_day else "plan.readiness_now"
    names = [f"{deck_title(bank, deck, lang)} {percent(value)}" for deck, value in ready.weakest(weakest)]
    return {"readiness": t(key, lang, pct=percent(ready.overall)),
            "weakest": t("plan.weakest", lang, decks=" · ".join(names)) if len(ready.by_deck) > 1 else ""}


def charts(store: Store, bank: Bank, config: Config, now: datetime, cards: dict[str, dict] | None = None,
           reviews: list | None = None) -> ChartData:
    """The stats charts' data; readiness for the plan's date and decks when one is set."""
    from quiz.history import chart_data  # the stats screen's: home and review never load it

    plan = load_plan(store)
    return chart_data(bank, store.cards() if cards is None else cards, store.reviews() if reviews is None else reviews,
                      planner(config), now, plan.interview if plan else None, plan.decks if plan else None)


def plan_text(lines: dict[str, str]) -> list[str]:
    """The lines as ``quiz plan`` and ``quiz stats`` print them."""
    out = [lines["headline"]]
    if "today" in lines:
        out.append(" · ".join(lines[k] for k in ("today", "verdict") if k in lines))
    out += [lines[k] for k in ("readiness", "weakest", "decks") if lines.get(k)]
    return out
