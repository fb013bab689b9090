"""cms_pages and research import their own modules one way only: no import circle, not even a hidden one.

A circle is easily hidden behind an import inside a function, so the graph is checked twice: with the
module-level imports Python runs on import, and with the imports inside functions as well. The few imports an
app still makes inside a function are listed below with the reason each one waits.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["cms_pages", "research"]

# (importing module, imported module): why the import waits until the function runs.
LOCAL_IMPORTS = {
    ("cms_pages.apps", "cms_pages.locales"): "imports Wagtail's models, which AppConfig.ready() must wait for",
    ("cms_pages.apps", "cms_pages.signals"): "imports Wagtail's models, which AppConfig.ready() must wait for",
    ("cms_pages.forms", "cms_pages.covers"): "covers loads pypdfium2, needed only when an editor uploads a file",
    ("cms_pages.library_pages", "cms_pages.covers"): "covers loads pypdfium2, needed only when a file is published",
    ("research.apps", "research.signals"): "imports the app's models, which AppConfig.ready() must wait for",
    ("research.apps", "research.workflow"): "imports the app's models, which AppConfig.ready() must wait for",
}


def app_modules(app):
    """Dotted name -> path of each module of `app`, migrations aside."""
    found = {}
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _targets(node, name, is_package, modules):
    """The modules an import statement names: `from x import y` names the module x.y when there is one, else x."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        package = name if is_package else name.rpartition(".")[0]
        for _up in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{node.module}" if node.module else package
    else:
        base = node.module
    return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]


def _is_type_checking(node):
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports(name, path, modules):
    """The app modules `name` imports: {imported: True when only inside a function, False when at module level}."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = {}

    def visit(node, local):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) or _is_type_checking(child):
                visit(child, True)
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                for target in _targets(child, name, path.name == "__init__.py", modules):
                    if target in modules and target != name:
                        found[target] = found.get(target, True) and local
            visit(child, local)

    visit(tree, False)
    return found


def graph(app, *, with_local):
    modules = app_modules(app)
    edges = {}
    for name, path in modules.items():
        edges[name] = sorted(
            target for target, local in imports(name, path, modules).items() if with_local or not local
        )
    return edges


def find_cycle(edges):
    """One import circle as a list of modules (first == last), or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in edges.get(node, ()):
            if state.get(target) == "open":
                return stack[stack.index(target) :] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_find_cycle_finds_a_circle_and_only_a_circle():
    assert find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": ["b", "c"], "b": ["c"], "c": []}) is None


def test_imports_tell_module_level_from_function_local(tmp_path):
    package = tmp_path / "app"
    package.mkdir()
    source = "from . import listings\nfrom .choices import KIND\n\ndef view():\n    from .feeds import feed\n"
    (package / "models.py").write_text(source)
    modules = {f"app.{name}": package / f"{name}.py" for name in ("models", "listings", "choices", "feeds")}
    found = imports("app.models", package / "models.py", modules)
    assert found == {"app.listings": False, "app.choices": False, "app.feeds": True}


@pytest.mark.parametrize("app", APPS)
def test_no_circle_among_module_level_imports(app):
    edges = graph(app, with_local=False)
    assert edges, f"no modules found in {app}"
    assert find_cycle(edges) is None, " -> ".join(find_cycle(edges))


@pytest.mark.parametrize("app", APPS)
def test_no_circle_hidden_behind_imports_inside_functions(app):
    edges = graph(app, with_local=True)
    assert find_cycle(edges) is None, " -> ".join(find_cycle(edges))


@pytest.mark.parametrize("app", APPS)
def test_imports_inside_functions_are_the_listed_ones(app):
    modules = app_modules(app)
    local = {
        (name, target)
        for name, path in modules.items()
        for target, only_local in imports(name, path, modules).items()
        if only_local
    }
    unlisted = sorted(local - set(LOCAL_IMPORTS))
    assert not unlisted, f"import these at module level, or list them with the reason they wait: {unlisted}"
