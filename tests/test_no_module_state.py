"""No module-level mutable state anywhere in the package: every module's syntax tree is read
and these are named (file:line):

- a module-level assignment (also inside a top-level if/try/with/for, and in the body of a
  top-level class: a class attribute is as shared) of a mutable value: a dict, list or set
  display or comprehension, a generator, a call making a mutable object (dict(), list(),
  set(), defaultdict(), OrderedDict(), Counter(), deque(), bytearray(), str.maketrans(), ...),
  an instance of a class defined in the package, or an operation on one of these;
- a mutable default value of a module-level function or method (made once, shared by
  every call);
- a `global` statement, wherever it is (`global` in a function is module state written);
- a memoizing decorator (functools.lru_cache, functools.cache, cached_property) on a
  module-level function, and lru_cache/cache on a method (one cache for the whole class,
  kept for the process, keyed by the instance).

Immutable constants are fine: str, int, tuples (of immutable values), frozenset(...),
re.compile(...), types.MappingProxyType(...). Caching lives in the one cache object a
build is handed (briefing/cache.py).
"""
from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "briefing"

# Calls whose result is mutable, by qualified name (`from collections import deque` and
# `collections.deque` both give "collections.deque").
MUTABLE_CALLS = frozenset({
    "dict", "list", "set", "bytearray", "vars", "str.maketrans", "bytes.maketrans",
    "collections.defaultdict", "collections.OrderedDict", "collections.Counter", "collections.deque",
    "collections.ChainMap", "collections.UserDict", "collections.UserList",
    "array.array", "io.StringIO", "io.BytesIO", "itertools.count", "itertools.cycle",
    "queue.Queue", "queue.SimpleQueue", "threading.Lock", "threading.RLock", "threading.Event",
    "weakref.WeakKeyDictionary", "weakref.WeakValueDictionary", "weakref.WeakSet",
    "types.SimpleNamespace", "multiprocessing.Value", "multiprocessing.Array",
})
MEMOIZING = frozenset({"functools.lru_cache", "functools.cache", "lru_cache", "cache"})
CACHED_PROPERTY = frozenset({"functools.cached_property", "cached_property"})
_MUTABLE_DISPLAYS = {ast.Dict: "a dict", ast.List: "a list", ast.Set: "a set", ast.DictComp: "a dict comprehension",
                     ast.ListComp: "a list comprehension", ast.SetComp: "a set comprehension",
                     ast.GeneratorExp: "a generator"}
_IMPORT_TIME_BLOCKS = (ast.If, ast.Try, ast.With, ast.For, ast.While, *([ast.TryStar] if hasattr(ast, "TryStar") else []))


def _modules() -> list[Path]:
    return sorted(PACKAGE.glob("*.py"))


def _package_classes() -> frozenset[str]:
    """Every top-level class of the package, as "briefing.module.Class"."""
    found = set()
    for path in _modules():
        for node in _top_level(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                found.add(f"briefing.{path.stem}.{node.name}")
    return frozenset(found)


def _top_level(tree: ast.Module) -> Iterator[ast.stmt]:
    """The statements run when the module is imported: its body, and the bodies of its
    top-level if/try/with/for/while blocks (not functions')."""
    todo = list(tree.body)
    while todo:
        node = todo.pop(0)
        yield node
        if isinstance(node, _IMPORT_TIME_BLOCKS):
            for field in ("body", "orelse", "finalbody"):
                todo += getattr(node, field, [])
            for handler in getattr(node, "handlers", []):
                todo += handler.body


class _Checker:
    """The violations in one module's source."""

    def __init__(self, source: str, module: str, package_classes: frozenset[str]) -> None:
        self.tree = ast.parse(source)
        self.module = module  # e.g. "briefing.urls"
        self.package_classes = package_classes | {f"{module}.{node.name}" for node in _top_level(self.tree)
                                                  if isinstance(node, ast.ClassDef)}
        self.names: dict[str, str] = {}  # local name -> qualified name, from imports and classes
        self.mutable_names: set[str] = set()  # module-level names bound to a mutable value so far

    def problems(self) -> Iterator[tuple[int, str]]:
        for node in _top_level(self.tree):
            self._note_names(node)
            yield from self._assignment(node, "")
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield from self._function(node, method=False)
            if isinstance(node, ast.ClassDef):
                for inner in node.body:
                    yield from self._assignment(inner, f"{node.name}.")
                    if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        yield from self._function(inner, method=True)
        for each in ast.walk(self.tree):
            if isinstance(each, ast.Global):
                yield each.lineno, f"global {', '.join(each.names)}"

    def _note_names(self, node: ast.stmt) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.names[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = self.module.rsplit(".", node.level)[0]
                base = f"{package}.{base}" if base else package
            for alias in node.names:
                self.names[alias.asname or alias.name] = f"{base}.{alias.name}"
        elif isinstance(node, ast.ClassDef):
            self.names[node.name] = f"{self.module}.{node.name}"

    def _qualified(self, node: ast.expr) -> str:
        """`node` (a name or a dotted attribute) as a qualified name, or ""."""
        if isinstance(node, ast.Name):
            return self.names.get(node.id, node.id)
        if isinstance(node, ast.Attribute) and (base := self._qualified(node.value)):
            return f"{base}.{node.attr}"
        return ""

    def _assignment(self, node: ast.stmt, prefix: str) -> Iterator[tuple[int, str]]:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            return
        what = self._mutable(value)
        names = [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
        if what:
            if not prefix:
                self.mutable_names.update(names)
            shown = ", ".join(prefix + n for n in names) or ast.unparse(targets[0])
            yield node.lineno, f"{shown} = {what}"

    def _mutable(self, value: ast.expr) -> str:
        """What makes `value` mutable ("a dict display", "a call to list()", ...), or ""."""
        if type(value) in _MUTABLE_DISPLAYS:
            return _MUTABLE_DISPLAYS[type(value)]
        if isinstance(value, ast.Tuple):
            return next((what for e in value.elts if (what := self._mutable(e))), "")
        if isinstance(value, ast.IfExp):
            return self._mutable(value.body) or self._mutable(value.orelse)
        if isinstance(value, ast.BoolOp):
            return next((what for e in value.values if (what := self._mutable(e))), "")
        if isinstance(value, ast.BinOp):  # the left operand's type decides: set | frozenset is a set
            return self._mutable(value.left)
        if isinstance(value, ast.Name) and value.id in self.mutable_names:
            return f"{value.id}, which is mutable"
        if isinstance(value, ast.Call):
            name = self._qualified(value.func)
            if name in MUTABLE_CALLS:
                return f"{name}(...), which is mutable"
            if name in self.package_classes:
                return f"an instance of {name} (a class of the package)"
        return ""

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, method: bool) -> Iterator[tuple[int, str]]:
        """A memoizing decorator, or a mutable default (made once, shared by every call)."""
        for default in [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]:
            if what := self._mutable(default):
                yield default.lineno, f"a default of {node.name}() is {what}, shared by every call"
        for decorator in node.decorator_list:
            name = self._qualified(decorator.func if isinstance(decorator, ast.Call) else decorator)
            if name in MEMOIZING or (name in CACHED_PROPERTY and not method):
                where = "method" if method else "module-level function"
                yield decorator.lineno, f"@{name} on the {where} {node.name}() memoizes for the whole process"


def violations(source: str, module: str = "briefing.example") -> list[tuple[int, str]]:
    return sorted(_Checker(source, module, _package_classes()).problems())


def test_no_module_in_the_package_holds_mutable_state() -> None:
    modules = _modules()
    assert len(modules) > 20 and PACKAGE / "urls.py" in modules, f"the package's modules were not found in {PACKAGE}"
    found = [f"briefing/{path.name}:{line}: {what}"
             for path in modules
             for line, what in violations(path.read_text(encoding="utf-8"), f"briefing.{path.stem}")]
    assert not found, "module-level mutable state:\n" + "\n".join(found)


# The checker itself: it finds what it should, and lets constants be.

def test_the_check_finds_mutable_values_at_module_level() -> None:
    source = '''
import collections
from collections import defaultdict as dd
import functools
KINDS = {"a": 1}
NAMES: list[str] = []
SEEN = set()
BY = dd(list)
ORDER = collections.OrderedDict()
PAIR = ("a", [])
SQUARES = {n: n * n for n in range(3)}
TABLE = str.maketrans({"a": "b"})
MORE = KINDS | {"b": 2}
if True:
    LATER = []
try:
    import fcntl
except ImportError:
    FALLBACK = {}
class Renderer:
    memo = {}
RENDERER = Renderer()
'''
    assert [line for line, _ in violations(source)] == [5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 19, 21, 22]


def test_the_check_finds_globals_and_memoizing_decorators() -> None:
    source = '''
import functools
from functools import lru_cache, cache as remember
_state = None
def set_state(x):
    global _state
    _state = x
@functools.lru_cache(maxsize=None)
def a(x): return x
@lru_cache
def b(x): return x
@remember
def c(x): return x
@functools.cached_property
def d(self): return 1
class K:
    @functools.lru_cache
    def e(self): return 1
    @functools.cached_property
    def f(self): return 1
    def g(self, seen=set(), *, memo={}): return 1
def h(x, seen=[]): return 1
'''
    assert [line for line, _ in violations(source)] == [6, 8, 10, 12, 14, 17, 21, 21, 22]


def test_the_check_finds_an_instance_of_a_class_of_the_package() -> None:
    assert violations("from .cache import Cache\nCACHE = Cache()\n", "briefing.example") == [
        (2, "CACHE = an instance of briefing.cache.Cache (a class of the package)")]
    assert violations("from . import cache\nCACHE = cache.Cache()\n", "briefing.example")[0][0] == 2


def test_the_check_lets_immutable_constants_be() -> None:
    source = '''
import re
from types import MappingProxyType
from typing import TypeVar
ROOT = "@/"
MOST = 2_000
KINDS = ("a", "b")
STOP = frozenset({"a", "the"})
DROPPED = STOP | {"x"}
SECTIONS = MappingProxyType({"event": "events"})
WORD = re.compile(r"\\w+")
_T = TypeVar("_T")
def f(x=None, y=(), z=frozenset()):
    local = {}
    def g():
        nonlocal local
        local = []
    return local
'''
    assert violations(source) == []
