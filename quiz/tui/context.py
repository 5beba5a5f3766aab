"""Everything the screens share: config, bank, store, scheduler, runtime. Built outside the app so tests can inject it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fsrs import Scheduler

from quiz.bank import Bank, BankError
from quiz.config import Config
from quiz.library import load_user_bank
from quiz.runtime import Runtime
from quiz.scheduling import make_scheduler
from quiz.store import Store, StoreError


@dataclass
class AppContext:
    """Shared state of one app run; ``store`` is None while a store error is unresolved."""

    config: Config
    bank: Bank
    bank_errors: list[BankError]
    store: Store | None
    scheduler: Scheduler
    store_error: StoreError | None = None
    runtime: Runtime = field(default_factory=Runtime)

    @classmethod
    def build(cls, config: Config, extra_banks: Sequence[Path] = (), runtime: Runtime | None = None) -> AppContext:
        """Load the bank and open the store; a store error is kept for the app to resolve, not raised."""
        runtime = runtime or Runtime()
        bank, errors = load_user_bank(config, extra_banks)
        store, store_error = None, None
        try:
            store = runtime.open_store()
        except StoreError as exc:
            store_error = exc
        return cls(config, bank, errors, store, make_scheduler(config.desired_retention), store_error, runtime)
