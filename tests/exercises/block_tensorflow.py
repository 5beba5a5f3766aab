"""Run the checker child with TensorFlow and Keras made unimportable (a test wrapper).

``python block_tensorflow.py`` installs an import hook that refuses ``tensorflow``,
``keras`` and their submodules (recording each attempt in ``$BLOCKED_IMPORTS_LOG``),
then runs ``quiz.exercises.child`` as ``__main__``. A suite that imports either
fails to load, and the log says which import was tried.
"""

import importlib.abc
import os
import runpy
import sys

BLOCKED = ("tensorflow", "keras", "tf_keras")


class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            log = os.environ.get("BLOCKED_IMPORTS_LOG")
            if log:
                with open(log, "a", encoding="utf-8") as handle:
                    handle.write(name + "\n")
            raise ImportError(f"{name} is blocked: this checker must not import TensorFlow or Keras")
        return None


sys.meta_path.insert(0, Blocker())
runpy.run_module("quiz.exercises.child", run_name="__main__", alter_sys=True)
