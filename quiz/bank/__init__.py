"""The question bank: data model, YAML loading and validation, and a parse cache.

Pure logic: no Textual, and no I/O beyond reading the bank files themselves.
"""

from quiz.bank.model import Bank, Choice, Deck, Question, Text
from quiz.bank.errors import BankError
from quiz.bank.loader import load_bank, load_file

__all__ = ["Bank", "BankError", "Choice", "Deck", "Question", "Text", "load_bank", "load_file"]
