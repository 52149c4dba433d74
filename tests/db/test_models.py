"""The model modules are declared on first use (regiodesk.db.models): its maps must be the truth."""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict

import pytest

from regiodesk.db import models


def _module_of(cls: type) -> str:
    return cls.__module__.rsplit(".", 1)[1]


def test_every_table_has_its_class_in_home_and_each_home_is_right():
    tables = {getattr(models, name).__table__.name for name in models.HOME}
    assert tables == {t.name for t in models.all_tables()}  # no table without its class in HOME
    assert {name: _module_of(getattr(models, name)) for name in models.HOME} == models.HOME
    assert {m.__name__ for m in models.record_models().values()} <= set(models.HOME)
    assert set(models.__all__) == set(models.HOME)
    assert set(models.MODULES) == set(models.HOME.values())


def test_refers_names_every_module_a_table_points_to():
    """A foreign key or relationship into a module missing here would break that module alone."""
    models.declare_all()
    module_of_table = {}
    for name, module in models.HOME.items():
        module_of_table[getattr(models, name).__table__.name] = module
    found: dict[str, set[str]] = defaultdict(set)
    for name, module in models.HOME.items():
        cls = getattr(models, name)
        for fk in cls.__table__.foreign_keys:
            target = module_of_table[fk.column.table.name]
            if target != module:
                found[module].add(target)
        for relation in cls.__mapper__.relationships:
            target = _module_of(relation.mapper.class_)
            if target != module:
                found[module].add(target)
    assert {m: set(refs) for m, refs in models.REFERS.items() if refs} == dict(found)


@pytest.mark.parametrize("module", sorted(models.MODULES))
def test_each_module_declared_alone_can_be_used(module, tmp_path):
    """As a command that names one model sees it: its mappers configure, and its tables can be
    created and ordered by their foreign keys (as the unit of work orders a flush)."""
    script = f"""
import sys
from sqlalchemy import create_engine
from sqlalchemy.orm import configure_mappers
from regiodesk.db import models
from regiodesk.db.base import Base
models.declare({module!r})
configure_mappers()
engine = create_engine("sqlite://")
Base.metadata.create_all(engine)
Base.metadata.sorted_tables
loaded = sorted(m.class_.__module__.rsplit(".", 1)[1] for m in Base.registry.mappers)
print(" ".join(sorted(set(loaded))))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    closure, todo = set(), [module]
    while todo:
        name = todo.pop()
        if name not in closure:
            closure.add(name)
            todo.extend(models.REFERS[name])
    assert set(done.stdout.split()) == closure


@pytest.mark.parametrize(
    ("statement", "declared"),
    [
        # listing bodies does not pay for the project, meeting and activity tables, nor for tags
        ("from regiodesk.db.models import Body", ["bodies", "contacts"]),
        (
            "from regiodesk.db.models import Meeting",
            ["bodies", "contacts", "meetings", "projects", "region", "strategy"],
        ),
        # a meeting's documents with every service they read through: not the payments, status
        # history, indicators, written procedures and distribution lists
        (
            "import regiodesk.reports.meeting_docs, regiodesk.office",
            ["bodies", "changelog", "contacts", "meetings", "projects", "region", "strategy"],
        ),
    ],
)
def test_naming_a_class_declares_only_its_module_and_what_it_refers_to(statement, declared):
    script = f"""
{statement}
from regiodesk.db.base import Base
print(" ".join(sorted({{m.class_.__module__.rsplit(".", 1)[1] for m in Base.registry.mappers}})))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == declared


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError):
        models.NoSuchModel  # noqa: B018
    with pytest.raises(ImportError):
        exec("from regiodesk.db.models import NoSuchModel", {})
