"""The import graph of ``casys/`` reads top-down and has no cycle (DESIGN.md "Layers", STYLE.md).

Run it alone: ``.venv/bin/python -m pytest tests/test_structure.py -q`` (about a second, no
database: the modules of casys are parsed, never imported).

Every module of ``casys/`` (migrations excepted: Django writes them and they name apps by string)
is parsed; every ``import x`` and ``from x import y`` — at module level, in a class body or inside
a function, relative ones resolved — that names a casys module is an edge. ``from pkg import
name`` is an edge to the submodule ``pkg.name`` when there is one, else to ``pkg`` itself.

Packages and their ``__init__``: a package whose ``__init__`` re-exports its submodules (the
``models/__init__.py`` of each app) has an edge to each of them, because importing the package
runs that ``__init__``. Importing ``pkg.sub`` from *outside* ``pkg`` runs ``pkg/__init__.py``
first, so such an import is also an edge to ``pkg`` (and to every package between). A module
*inside* ``pkg`` gets no such edge: Python has already started ``pkg/__init__.py`` before any
module inside it runs, so counting it would make every re-exporting package a false cycle with
each of its submodules. A module inside ``pkg`` that imports *through* ``pkg``
(``from casys.x.models import Y`` in ``casys/x/models/z.py``) does get the edge, and the cycle it
makes is real: it works only while ``__init__`` happens to import ``Y``'s module before ``z``.

What it cannot see: imports by string — ``INSTALLED_APPS``, ``MIDDLEWARE``, ``ROOT_URLCONF``,
``"app.Model"`` references in models, ``importlib.import_module`` (``casys/demo/__init__.py``
discovers its area modules that way, at call time, after it is fully loaded). Those are Django's
and the demo's wiring, resolved after every module has loaded.

Checks, each listing every violation it finds:

- no import cycle (a strongly connected component of more than one module), function-level
  imports included: an import inside a function is as much a dependency as one at the top;
- no import from a layer to a layer above it (the table ``LAYERS`` below, top-down); within a
  layer modules may import each other, as long as that makes no cycle (the apps do);
- no casys import inside a function, except the Django idioms of ``IDIOMS`` below, which are
  not cycle dodges (the layer and cycle checks still apply to them);
- ``casys.core`` imports no Django (nor django-ninja): it is pure Python.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Layer:
    name: str
    packages: tuple[str, ...]  # second part of a module's name ("accounts": casys.accounts.*; "": casys)
    why: str


#: Top-down. A module belongs to the layer naming its top package (``casys.<package>``);
#: ``casys`` alone is ``casys/__init__.py``. Not in the graph, because they hold no Python:
#: ``casys/locale`` (translations, found by Django's LOCALE_PATHS), ``casys/templates`` and
#: ``casys/static`` (found through settings).
LAYERS: tuple[Layer, ...] = (
    Layer(
        "entry points",
        ("cli", "commands"),
        "what a person runs (the casys command); nothing imports them",
    ),
    Layer(
        "composition",
        ("project", "demo", "bench"),
        "assemble several apps: the site's settings, URLs, API and Django setup (project), the demo"
        " data (demo), the benchmarks (bench); only the entry points use them",
    ),
    Layer(
        "public registry",
        ("registry",),
        "the public face: search, verification pages and API, import/export; it reads every area"
        " and what the attestation layer publishes, and no area imports it (issue 14)",
    ),
    Layer(
        "apps",
        (
            "accreditation",
            "certification",
            "inspection",
            "jobs",
            "laboratory",
            "notifications",
            "persons",
            "proficiency",
            "requirements",
            "verification",
        ),
        "one Django app per bounded context; they may use each other without cycles (a laboratory"
        " report names its accreditation)",
    ),
    Layer(
        "attestations",
        ("attestations", "documents"),
        "what every area uses and that knows no area: issuing, signing, status and publication of"
        " attestations; each body's document template and the one PDF path (documents)",
    ),
    Layer(
        "accounts",
        ("accounts", "auditlog", "clock"),
        "who and when: bodies, people, roles, tenant scoping, the audit log every change writes"
        " (its models use accounts' scoping, accounts' services write to it: one layer, no cycle"
        " between modules), and the clock",
    ),
    Layer(
        "libraries and data",
        ("", "charts", "formats", "schemes"),
        "no Django and no casys above them: SVG charts (plain Python), Django format modules (named"
        " in settings), scheme TOML files (read by core through importlib.resources), the version",
    ),
    Layer(
        "core",
        ("core",),
        "pure rules and computations: no Django, nothing from casys outside core",
    ),
)

#: Apps that assess conformity: the attestation layer, accounts and core never import them.
#: (Implied by the layers; named so that a reshuffled table cannot quietly allow it.)
ASSESSMENT_APPS = frozenset(
    {"accreditation", "certification", "inspection", "laboratory", "persons", "proficiency", "verification"}
)
KNOW_NO_AREA = frozenset({"attestations", "documents", "accounts", "auditlog", "clock", "core"})


@dataclass(frozen=True)
class Idiom:
    name: str
    applies: Callable[[str], bool]  # given the importing module's name
    why: str


#: Imports inside functions that are Django's or the CLI's idioms, not cycle dodges.
IDIOMS: tuple[Idiom, ...] = (
    Idiom(
        "AppConfig methods (apps.py)",
        lambda module: module.rpartition(".")[2] == "apps",
        "Django imports apps.py while it fills the app registry, before any models module can be"
        " imported: ready() imports the app's own actions/receivers/checks to register them, and"
        " nav_links()/landing_url() import models when a request calls them",
    ),
    Idiom(
        "the casys command (cli, commands)",
        lambda module: top_package(module) in {"cli", "commands"},
        "a Typer command imports Django-backed modules after django.setup() in its own body, and"
        " heavy ones only when it runs, so `casys --help` and the pure commands start in no time",
    ),
    Idiom(
        "benchmarks (bench)",
        lambda module: top_package(module) == "bench",
        "a benchmark points DATABASE_URL at its own database and calls django.setup() itself:"
        " no model module can be imported before that",
    ),
)


# --- the graph --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    where: str  # path:line, relative to the tree's root
    function: str | None  # the enclosing function ("Class.method"), None at module level
    through_package: bool = False  # implied: importing pkg.sub from outside pkg runs pkg/__init__

    def describe(self) -> str:
        how = f"in {self.function}()" if self.function else "at module level"
        if self.through_package:
            return f"{self.where} {how}: importing from inside {self.target} runs its __init__.py"
        return f"{self.where} {how}: imports {self.target}"


Import = tuple[str, int, str | None]  # dotted name, line, enclosing function (None: module level)


def top_package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


class Tree:
    """The modules of ``root/casys`` and their imports."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.modules: dict[str, Path] = {}
        for path in sorted((root / "casys").rglob("*.py")):
            inner = path.relative_to(root / "casys").parts
            if len(inner) > 2 and inner[1] == "migrations":
                continue
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            self.modules[".".join(parts)] = path
        self.edges = tuple(edge for module in self.modules for edge in self._edges(module))

    def resolve(self, name: str) -> str | None:
        """The casys module a dotted name refers to (the longest prefix that is one), or None."""
        while name and name not in self.modules:
            name = name.rpartition(".")[0]
        return name or None

    def imports(self, module: str) -> Iterator[Import]:
        """(imported dotted name, line, enclosing function or None) for every import of a module."""
        path = self.modules[module]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]

        def walk(node: ast.AST, names: tuple[str, ...], function: bool) -> Iterator[Import]:
            where = ".".join(names) if function else None
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.Import):
                    for alias in child.names:
                        yield alias.name, child.lineno, where
                elif isinstance(child, ast.ImportFrom):
                    base = child.module or ""
                    if child.level:
                        above = package[: len(package) - child.level + 1]
                        base = ".".join([*above, base] if base else above)
                    for alias in child.names:
                        submodule = f"{base}.{alias.name}"
                        yield (submodule if submodule in self.modules else base), child.lineno, where
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    inside = function or not isinstance(child, ast.ClassDef)
                    yield from walk(child, (*names, child.name), inside)
                elif isinstance(child, ast.Lambda):
                    yield from walk(child, (*names, "<lambda>"), True)
                else:
                    yield from walk(child, names, function)

        yield from walk(tree, (), False)

    def _edges(self, module: str) -> Iterator[Edge]:
        for name, line, function in self.imports(module):
            target = self.resolve(name) if name.split(".")[0] == "casys" else None
            if target is None or target == module:
                continue
            where = f"{self.modules[module].relative_to(self.root)}:{line}"
            yield Edge(module, target, where, function)
            # The packages between casys and the target that the importer is not inside of.
            parts = target.split(".")
            for n in range(2, len(parts)):
                package = ".".join(parts[:n])
                if package in self.modules and not module.startswith(package + "."):
                    yield Edge(module, package, where, function, through_package=True)


def layer_of(module: str) -> int | None:
    package = top_package(module)
    for rank, layer in enumerate(LAYERS):
        if package in layer.packages:
            return rank
    return None


def strongly_connected(nodes: list[str], successors: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def enter(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)

    for start in nodes:
        if start in index:
            continue
        enter(start)
        work = [(start, iter(sorted(successors[start])))]
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    enter(child)
                    work.append((child, iter(sorted(successors[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while not component or component[-1] != node:
                    component.append(stack.pop())
                    on_stack.discard(component[-1])
                components.append(sorted(component))
    return components


def shortest_cycle(start: str, members: set[str], successors: dict[str, set[str]]) -> list[str]:
    """A shortest path start → … → start inside one component, for the message."""
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(successors[node] & members):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if child not in previous:
                    previous[child] = node
                    following.append(child)
        frontier = following
    return [start]


# --- the checks, each returning every violation -----------------------------------------------


def cycles(tree: Tree) -> list[str]:
    successors: dict[str, set[str]] = defaultdict(set)
    for edge in tree.edges:
        successors[edge.source].add(edge.target)
    found = []
    for component in strongly_connected(sorted(tree.modules), successors):
        if len(component) < 2:
            continue
        members = set(component)
        example = shortest_cycle(component[0], members, successors)
        inside = sorted({e.describe() for e in tree.edges if e.source in members and e.target in members})
        found.append(
            f"cycle among {len(component)} modules: {', '.join(component)}\n"
            f"    e.g. {' → '.join(example)}\n" + "\n".join(f"    {line}" for line in inside)
        )
    return found


def upward_imports(tree: Tree) -> list[str]:
    found = set()
    for edge in tree.edges:
        source, target = layer_of(edge.source), layer_of(edge.target)
        if edge.through_package or source is None or target is None or target >= source:
            continue
        found.add(
            f"{edge.describe()} — {edge.source} is in layer '{LAYERS[source].name}',"
            f" {edge.target} in '{LAYERS[target].name}' above it"
        )
    return sorted(found)


def assessment_apps_imported_below(tree: Tree) -> list[str]:
    return sorted(
        {
            edge.describe()
            for edge in tree.edges
            if not edge.through_package
            and top_package(edge.source) in KNOW_NO_AREA
            and top_package(edge.target) in ASSESSMENT_APPS
        }
    )


def hidden_imports(tree: Tree) -> list[str]:
    return sorted(
        {
            edge.describe()
            for edge in tree.edges
            if edge.function and not edge.through_package and not any(i.applies(edge.source) for i in IDIOMS)
        }
    )


def impure_core(tree: Tree) -> list[str]:
    found = set()
    for module, path in tree.modules.items():
        if top_package(module) != "core":
            continue
        for name, line, function in tree.imports(module):
            top = name.split(".")[0]
            outside = top == "casys" and top_package(tree.resolve(name) or name) != "core"
            if top.startswith("django") or top == "ninja" or outside:
                how = f"in {function}()" if function else "at module level"
                found.add(f"{path.relative_to(tree.root)}:{line} {how}: imports {name}")
    return sorted(found)


def fail_on(title: str, violations: list[str]) -> None:
    """Fail with every violation, one per line (not the assertion's repr of a list)."""
    if violations:
        lines = "\n".join(f"  {v}" for v in violations)
        pytest.fail(f"{len(violations)} {title}:\n{lines}", pytrace=False)


@cache
def casys() -> Tree:
    return Tree(ROOT)


# --- casys ------------------------------------------------------------------------------------


def test_it_reads_the_modules_and_their_imports() -> None:
    # The checks below would pass on an empty graph.
    assert len(casys().modules) > 200
    edges = {(e.source, e.target) for e in casys().edges}
    assert ("casys.accounts.services.bodies", "casys.accounts.models") in edges
    assert any(e.function for e in casys().edges), "function-level imports are seen"


def test_every_module_has_a_layer() -> None:
    missing = sorted({top_package(m) or "casys" for m in casys().modules if layer_of(m) is None})
    fail_on("packages in no layer: add each to LAYERS in tests/test_structure.py, with the reason", missing)


def test_there_is_no_import_cycle() -> None:
    fail_on("import cycles (move the shared code to a module both can import)", cycles(casys()))


def test_no_import_runs_up_the_layers() -> None:
    fail_on("imports run up the layers (LAYERS in tests/test_structure.py)", upward_imports(casys()))


def test_the_lower_layers_import_no_assessment_app() -> None:
    fail_on(
        "imports of an assessment app from attestations, documents, accounts or core",
        assessment_apps_imported_below(casys()),
    )


def test_no_casys_import_hides_inside_a_function() -> None:
    allowed = "; ".join(i.name for i in IDIOMS)
    fail_on(
        f"casys imports inside functions (allowed only for: {allowed}); import at the top, and if that"
        " makes a cycle, the code is in the wrong module",
        hidden_imports(casys()),
    )


def test_core_imports_neither_django_nor_casys_outside_core() -> None:
    fail_on("imports in casys/core of Django or of casys outside core", impure_core(casys()))


# --- the checker itself, on small trees -------------------------------------------------------


def tree_of(tmp_path: Path, files: dict[str, str]) -> Tree:
    for name, text in {"casys/__init__.py": "", **files}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return Tree(tmp_path)


def test_a_package_that_re_exports_its_submodules_makes_no_cycle(tmp_path: Path) -> None:
    tree = tree_of(
        tmp_path,
        {
            "casys/accounts/__init__.py": "",
            "casys/accounts/models/__init__.py": "from casys.accounts.models.body import Body\n"
            "from .member import Member\n",
            "casys/accounts/models/body.py": "from casys.accounts.scoping import Manager\n",
            "casys/accounts/models/member.py": "from casys.accounts.models.body import Body\n",
            "casys/accounts/scoping.py": "",
            "casys/accounts/views.py": "from casys.accounts.models.member import Member\n",
        },
    )
    assert cycles(tree) == []
    edges = {(e.source, e.target, e.through_package) for e in tree.edges}
    assert ("casys.accounts.models", "casys.accounts.models.member", False) in edges  # relative
    assert ("casys.accounts.views", "casys.accounts.models", True) in edges  # runs models/__init__


def test_it_reports_a_cycle_through_a_function_and_through_a_package(tmp_path: Path) -> None:
    tree = tree_of(
        tmp_path,
        {
            "casys/accounts/__init__.py": "",
            "casys/accounts/models/__init__.py": "from casys.accounts.models.body import Body\n",
            "casys/accounts/models/body.py": "from casys.accounts.scoping import Manager\n",
            "casys/accounts/scoping.py": "class Manager:\n    def get(self):\n"
            "        from casys.accounts.models.body import Body\n",
            "casys/laboratory/__init__.py": "",
            "casys/laboratory/a.py": "from casys.laboratory import b\n",
            "casys/laboratory/b.py": "import casys.laboratory.a\n",
        },
    )
    found = cycles(tree)
    assert len(found) == 2
    assert found[0].startswith(
        "cycle among 3 modules: casys.accounts.models, casys.accounts.models.body, casys.accounts.scoping"
    )
    through = "casys/accounts/scoping.py:3 in Manager.get(): importing from inside casys.accounts.models"
    assert through in found[0]
    assert "e.g. casys.laboratory.a → casys.laboratory.b → casys.laboratory.a" in found[1]
    assert hidden_imports(tree) == [
        "casys/accounts/scoping.py:3 in Manager.get(): imports casys.accounts.models.body"
    ]


def test_it_reports_every_upward_import_and_allows_the_idioms(tmp_path: Path) -> None:
    tree = tree_of(
        tmp_path,
        {
            "casys/core/__init__.py": "",
            "casys/core/rules.py": "import django\nfrom casys.accounts import models\n",
            "casys/accounts/__init__.py": "",
            "casys/accounts/models.py": "from casys.certification.models import Certificate\n",
            "casys/accounts/apps.py": "def ready():\n    from casys.accounts import models\n",
            "casys/certification/__init__.py": "",
            "casys/certification/models.py": "from ..accounts.models import Body\n",
            "casys/commands/__init__.py": "",
            "casys/commands/run.py": "def run():\n    from casys.certification import models\n",
            "casys/elsewhere/__init__.py": "",
        },
    )
    assert upward_imports(tree) == [
        "casys/accounts/models.py:1 at module level: imports casys.certification.models —"
        " casys.accounts.models is in layer 'accounts', casys.certification.models in 'apps' above it",
        "casys/core/rules.py:2 at module level: imports casys.accounts.models — casys.core.rules is in layer"
        " 'core', casys.accounts.models in 'accounts' above it",
    ]
    assert assessment_apps_imported_below(tree) == [
        "casys/accounts/models.py:1 at module level: imports casys.certification.models"
    ]
    assert impure_core(tree) == [
        "casys/core/rules.py:1 at module level: imports django",
        "casys/core/rules.py:2 at module level: imports casys.accounts.models",
    ]
    assert hidden_imports(tree) == []  # apps.py ready() and a command are idioms
    assert [m for m in tree.modules if layer_of(m) is None] == ["casys.elsewhere"]
