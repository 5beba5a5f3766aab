"""Load bank files: read, parse (safe YAML only), validate, link-check, locate errors.

The happy path is fast: each file's parsed data is cached as JSON (orjson reads
it far faster than LibYAML parses YAML), so a large bank starts quickly. A cache
entry stands for "these bytes passed this validator": its key hashes the file's
bytes together with the source of the validator and the model it builds
(:data:`VALIDATION_SOURCES`), so a changed rule re-validates every file. Only
when a file has problems is it composed again with marks, to give each problem a
line and column.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from quiz.atomic import write_atomic
from quiz.bank.errors import BankError, Message
from quiz.bank.model import Bank, Deck
from quiz.bank.validate import KeyPath, Problems, build_validated, validate_document

if TYPE_CHECKING:
    import yaml

def yaml_and_loader():
    """PyYAML and its safe loader, imported on first parse: a start-up that hits
    the cache for every file never needs them (~25 ms of imports)."""
    import yaml

    try:  # LibYAML's C loader when present: ~4x faster than the pure-Python one.
        loader = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - depends on how PyYAML was built
        loader = yaml.SafeLoader
    return yaml, loader


CACHE_VERSION = "3"
#: The code whose verdict a cache entry records: editing either invalidates the cache.
VALIDATION_SOURCES = (Path(__file__).with_name("validate.py"), Path(__file__).with_name("model.py"))
MAX_FILE_BYTES = 20 * 1024 * 1024


def bank_files(paths: Iterable[Path]) -> list[Path]:
    """YAML files named by ``paths``: files as given, directories expanded (sorted)."""
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        else:
            files.append(path)
    return files


def _read_raw(path: Path) -> tuple[bytes | None, BankError | None]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, BankError(path, 0, 0, Message(f"file is {size:,} bytes; bank files are limited to {MAX_FILE_BYTES:,}",
                                                       f"文件有 {size:,} 字节；题库文件最多 {MAX_FILE_BYTES:,} 字节"))
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, BankError(path, 0, 0, Message("no such file", "文件不存在"))
    except IsADirectoryError:
        return None, BankError(path, 0, 0, Message("is a directory, not a YAML file", "是文件夹，不是 YAML 文件"))
    except OSError as exc:
        return None, BankError(path, 0, 0, Message(f"cannot read the file: {exc.strerror or exc}", f"无法读取文件：{exc.strerror or exc}"))
    return raw, None


def _decode(path: Path, raw: bytes) -> tuple[str | None, BankError | None]:
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        byte = f"0x{raw[exc.start]:02x}"
        return None, BankError(path, line, column, Message(f"the file is not UTF-8 text (byte {byte}); save it as UTF-8",
                                                           f"文件不是 UTF-8 文本（字节 {byte}）；请存为 UTF-8"))


def _yaml_error(path: Path, exc: Exception) -> BankError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    problem = getattr(exc, "problem", None) or str(exc)
    yaml, _loader = yaml_and_loader()
    if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in str(problem):
        message = Message(f"{problem}: YAML tags that build objects are not allowed; bank files hold plain data only",
                          f"{problem}：不允许构造对象的 YAML 标签；题库文件只含普通数据")
    else:  # the parser's own words stay English: they quote the YAML
        context = getattr(exc, "context", None)
        detail = f"{problem}" + (f" ({context})" if context else "")
        message = Message(f"invalid YAML: {detail}", f"YAML 无效：{detail}")
    return BankError(path, line, column, message)


def _parse(path: Path, text: str) -> tuple[Any, BankError | None]:
    yaml, safe_loader = yaml_and_loader()
    try:
        return yaml.load(text, Loader=safe_loader), None  # noqa: S506 - SafeLoader/CSafeLoader only
    except yaml.YAMLError as exc:
        return None, _yaml_error(path, exc)
    except RecursionError:
        return None, BankError(path, 0, 0, Message("the YAML is nested too deeply to be a question bank", "YAML 嵌套太深，不可能是题库"))


def locate(text: str, keypath: KeyPath) -> tuple[int, int]:
    """1-based line and column of the node at ``keypath`` (or its nearest ancestor)."""
    return locate_all(text, [keypath])[0]


def locate_all(text: str, keypaths: Sequence[KeyPath]) -> list[tuple[int, int]]:
    """:func:`locate` for many key paths, composing the YAML once (a file with
    thousands of problems must not be re-parsed thousands of times)."""
    if not keypaths:
        return []
    yaml, safe_loader = yaml_and_loader()
    try:
        root = yaml.compose(text, Loader=safe_loader)  # noqa: S506 - compose builds no objects
    except (yaml.YAMLError, RecursionError):
        return [(0, 0)] * len(keypaths)
    if root is None:
        return [(1, 1)] * len(keypaths)
    return [_walk(root, keypath, yaml.MappingNode, yaml.SequenceNode) for keypath in keypaths]


def _walk(node: yaml.Node, keypath: KeyPath, mapping: type, sequence: type) -> tuple[int, int]:
    mark = node.start_mark
    for part in keypath:
        if isinstance(node, mapping):
            for key_node, value_node in node.value:
                if key_node.value == part:
                    mark = key_node.start_mark
                    node = value_node
                    break
            else:
                break
        elif isinstance(node, sequence) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            mark = node.start_mark
        else:
            break
    return mark.line + 1, mark.column + 1


def validator_fingerprint() -> bytes:
    """A digest of the cache version and the validation code (read once per :func:`load_bank`)."""
    digest = hashlib.sha256(CACHE_VERSION.encode())
    for source in VALIDATION_SOURCES:
        try:
            digest.update(b"\0" + source.read_bytes())
        except OSError:  # pragma: no cover - a bytecode-only install: trust the version alone
            digest.update(b"\0?")
    return digest.digest()


def _cache_file(cache_dir: Path, raw: bytes, fingerprint: bytes) -> Path:
    return cache_dir / f"{hashlib.sha256(fingerprint + raw).hexdigest()}.json"


def load_file(path: Path, cache_dir: Path | None = None, fingerprint: bytes | None = None) -> tuple[Deck | None, list[BankError]]:
    """Load and validate one deck file; returns the deck (valid questions only) and its problems.

    ``fingerprint``: :func:`validator_fingerprint`, when the caller already has it.
    """
    path = Path(path)
    raw, error = _read_raw(path)
    if error is not None:
        return None, [error]
    assert raw is not None
    cached = None
    if cache_dir is not None:
        cached = _cache_file(cache_dir, raw, fingerprint or validator_fingerprint())
    if cached is not None:
        try:
            # a hit means these exact bytes were valid UTF-8 and passed this validator
            return build_validated(orjson.loads(cached.read_bytes()), path), []
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # no cache file, or a damaged one: parse the YAML
    text, error = _decode(path, raw)
    if error is not None:
        return None, [error]
    assert text is not None
    data, error = _parse(path, text)
    if error is not None:
        return None, [error]
    problems = Problems()
    deck = validate_document(data, path, problems)
    places = locate_all(text, [kp for kp, _msg in problems.items])
    errors = [BankError(path, *place, msg) for place, (_kp, msg) in zip(places, problems.items)]
    if cached is not None and not errors:
        _write_cache(cached, data)
    return deck, errors


def _write_cache(cached: Path, data: Any) -> None:
    """Best effort: a cache that cannot be written only costs speed next time."""
    try:
        write_atomic(cached, orjson.dumps(data))
    except (OSError, TypeError, ValueError, orjson.JSONEncodeError):
        pass


def load_bank(
    paths: Iterable[Path],
    *,
    exercise_ids: set[str] | None = None,
    cache_dir: Path | None = None,
    known_ids: set[str] | None = None,
) -> tuple[Bank, list[BankError]]:
    """Load every deck under ``paths`` into one bank.

    Invalid questions and files are left out and reported; a duplicate deck or
    question id keeps the first definition. ``related`` and ``exercise`` links are
    checked once everything is loaded (``exercise_ids=None`` skips the latter);
    ``known_ids``: questions outside ``paths`` that a link may also point to (the
    rest of the bank, when only some files are validated).
    """
    bank = Bank()
    errors: list[BankError] = []
    seen_ids: dict[str, Path] = {}
    fingerprint = validator_fingerprint() if cache_dir is not None else None
    for path in bank_files(paths):
        deck, file_errors = load_file(path, cache_dir, fingerprint)
        errors += file_errors
        if deck is None:
            continue
        if deck.id in bank.decks:
            other = bank.decks[deck.id].source
            errors.append(BankError(path, *_locate_in(path, ("deck", "id")), Message(
                f"deck id {deck.id!r} is already used by {other}; give this deck another id",
                f"题库 id {deck.id!r} 已被 {other} 使用；请给这个题库换一个 id")))
            continue
        kept = []
        for index, q in enumerate(deck.questions):
            if q.id in seen_ids:
                errors.append(BankError(path, *_locate_question(path, q.id), Message(
                    f"duplicate question id {q.id!r} (first defined in {seen_ids[q.id]})",
                    f"题目 id {q.id!r} 重复（最先定义于 {seen_ids[q.id]}）")))
                continue
            seen_ids[q.id] = path
            kept.append(q)
        bank.add(Deck(deck.id, deck.title, deck.description, tuple(kept), deck.source))
    errors += check_links(bank, exercise_ids, known_ids)
    return bank, errors


def check_links(bank: Bank, exercise_ids: set[str] | None, known_ids: set[str] | None = None) -> list[BankError]:
    """Problems with ``related`` ids and ``exercise`` ids that point nowhere (in ``bank`` or ``known_ids``)."""
    errors = []
    known = known_ids or set()
    for q in bank.questions.values():
        for rid in q.related:
            if rid not in bank.questions and rid not in known:
                errors.append(BankError(q.source, *_locate_question(q.source, q.id), Message(
                    f"{q.id}: related question {rid!r} does not exist", f"{q.id}：相关题目 {rid!r} 不存在")))
            elif rid == q.id:
                errors.append(BankError(q.source, *_locate_question(q.source, q.id), Message(
                    f"{q.id}: lists itself as related", f"{q.id}：把自己列为相关题目")))
        if exercise_ids is not None and q.exercise is not None and q.exercise not in exercise_ids:
            known = ", ".join(sorted(exercise_ids)) or "—"
            errors.append(BankError(q.source, *_locate_question(q.source, q.id), Message(
                f"{q.id}: exercise {q.exercise!r} does not exist (known: {known})",
                f"{q.id}：编程题 {q.exercise!r} 不存在（已有：{known}）")))
    return errors


def _locate_in(path: Path | None, keypath: KeyPath) -> tuple[int, int]:
    if path is None:
        return 0, 0
    try:
        return locate(path.read_text(encoding="utf-8-sig"), keypath)
    except (OSError, UnicodeDecodeError):
        return 0, 0


def _locate_question(path: Path | None, qid: str) -> tuple[int, int]:
    """Line and column of the ``id:`` of question ``qid`` in ``path`` (a text scan: cheap)."""
    if path is None:
        return 0, 0
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0, 0
    for number, line in enumerate(lines, 1):
        stripped = line.lstrip(" -")
        if stripped.startswith("id:") and stripped[3:].strip().strip("'\"") == qid:
            return number, line.index("id:") + 1
    return 0, 0
