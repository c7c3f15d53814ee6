"""docs/configuration.md and .env.example name every environment variable the
settings read, and nothing else.

The variables are found by reading newsroom/settings.py with the ast module:
every ``env(...)`` or ``env.str/int/bool/float/list/db(...)`` call whose first
argument is a string. A few variables are read by others (docker-compose,
gunicorn, boto3, a management command); they are listed in ``OTHER_READERS``
with the file that reads them, and that file must still name them.
"""

import ast
import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "newsroom" / "settings.py"
DOCS = ROOT / "docs" / "configuration.md"
ENV_EXAMPLE = ROOT / ".env.example"

ENV_METHODS = {"str", "int", "bool", "float", "list", "db", "json", "url", "path", "tuple"}

# Variables that are not Django settings, and what reads each: a file of the
# project (a glob pattern: the demo command may move between apps), or an
# installed module ("module:name").
OTHER_READERS = {
    "DEMO_PASSWORD": "*/management/commands/load_demo.py",
    "SITE_URL": "comments/notifications.py",
    "AWS_ACCESS_KEY_ID": "module:botocore.credentials",
    "AWS_SECRET_ACCESS_KEY": "module:botocore.credentials",
    "POSTGRES_USER": "docker-compose.yml",
    "POSTGRES_DB": "docker-compose.yml",
    "POSTGRES_PASSWORD": "docker-compose.yml",
    "REDIS_MAXMEMORY": "docker-compose.yml",
    "VARNISH_SIZE": "docker-compose.yml",
    "PROXY_PORT": "docker-compose.yml",
    "WEB_CONCURRENCY": "Dockerfile",
}


def _is_env_call(node: ast.Call) -> bool:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id == "env"
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "env"
        and func.attr in ENV_METHODS
    )


def settings_variables(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _is_env_call(node) and node.args:
            first = node.args[0]
            assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                f"line {node.lineno}: env() with a name that is not a string literal"
            )
            names.add(first.value)
    return names


def documented_variables(text: str) -> set[str]:
    """The variables named in the first column of the page's tables."""
    names = set()
    for line in text.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            first_cell = line.split("|")[1]
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", first_cell))
    return names


def example_variables(text: str) -> set[str]:
    """``NAME=value`` lines, set or commented out."""
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, re.MULTILINE))


def test_the_parser_finds_every_kind_of_env_call():
    source = (
        'A = env("ONE")\nB = env.str("TWO", default="")\nC = env.int("THREE", default=1)\n'
        'D = env.bool("FOUR", default=False)\nE = env.float("FIVE", default=0.5)\n'
        'F = env.list("SIX", default=[])\nG = env.db("SEVEN")\n'
        'H = {"k": [env.int("EIGHT", default=2)]}\nI = other.str("NOT_ME")\n'
    )
    assert settings_variables(source) == {
        "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT",
    }  # fmt: skip


def test_the_settings_read_the_variables_this_test_expects():
    found = settings_variables(SETTINGS.read_text())
    # A floor, so that a broken parser cannot pass every check below by finding nothing.
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "COMMENTS_PER_PAGE"} <= found
    assert len(found) > 50


def test_every_variable_the_settings_read_is_documented():
    missing = settings_variables(SETTINGS.read_text()) - documented_variables(DOCS.read_text())
    assert not missing, f"docs/configuration.md does not document: {sorted(missing)}"


def test_every_variable_the_settings_read_is_in_env_example():
    missing = settings_variables(SETTINGS.read_text()) - example_variables(ENV_EXAMPLE.read_text())
    assert not missing, (
        f".env.example lacks (add them commented out with the default): {sorted(missing)}"
    )


def test_the_docs_name_no_variable_nobody_reads():
    known = settings_variables(SETTINGS.read_text()) | set(OTHER_READERS)
    unknown = documented_variables(DOCS.read_text()) - known
    assert not unknown, f"docs/configuration.md names variables nobody reads: {sorted(unknown)}"


def test_env_example_names_no_variable_nobody_reads():
    known = settings_variables(SETTINGS.read_text()) | set(OTHER_READERS)
    unknown = example_variables(ENV_EXAMPLE.read_text()) - known
    assert not unknown, f".env.example names variables nobody reads: {sorted(unknown)}"


def test_the_other_readers_still_read_their_variables():
    for name, reader in OTHER_READERS.items():
        if reader.startswith("module:"):
            paths = [Path(importlib.util.find_spec(reader.removeprefix("module:")).origin)]
        else:
            paths = sorted(ROOT.glob(reader))
        assert paths, f"nothing matches {reader}, the reader of {name}"
        assert any(name in path.read_text() for path in paths), f"{reader} no longer names {name}"
    documented = documented_variables(DOCS.read_text())
    assert set(OTHER_READERS) <= documented, "document every variable of OTHER_READERS too"
