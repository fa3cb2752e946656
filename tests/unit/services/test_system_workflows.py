"""Preinstalled workflows (``mistral.preinstalled_workflows``) written by populate."""

import sys
import textwrap

import pytest
import sqlalchemy as sa

from mistral_db import migration, models
from mistral_db import session as db_session
from mistral_engine import conf as _conf  # noqa: F401  registers the options (validation mode)
from mistral_engine.services import populate, system_workflows

ONE = textwrap.dedent("""\
    version: '2.0'
    make_vm:
      input: [name]
      tasks:
        t:
          action: std.noop
    """)


@pytest.fixture
def pack(tmp_path, monkeypatch):
    pkg = tmp_path / "wfpack"
    pkg.mkdir()
    (pkg / "make_vm.yaml").write_text(ONE)
    (pkg / "__init__.py").write_text(
        "import os\n\n"
        "def files():\n"
        "    return [os.path.join(os.path.dirname(__file__), 'make_vm.yaml')]\n"
    )
    dist = tmp_path / "wfpack-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: wfpack\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[mistral.preinstalled_workflows]\nwf = wfpack:files\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield str(pkg / "make_vm.yaml")
    sys.modules.pop("wfpack", None)


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path}/w.sqlite"
    migration.upgrade(url)
    db_session.configure(url)
    yield url
    db_session.dispose_all()


def _rows():
    with db_session.transaction(read_only=True) as session:
        model = models.WorkflowDefinition
        return {row.name: row for row in session.execute(sa.select(model)).scalars()}


def test_workflow_files_come_from_the_entry_point(pack):
    # (an installed mistral-extra adds its own files to the list)
    assert [path for path in system_workflows.workflow_files() if "wfpack" in path] == [pack]


def test_populate_writes_public_system_workflows(pack, db):
    populate.populate_system_actions()
    row = _rows()["make_vm"]
    assert (row.scope, row.namespace, row.project_id, row.is_system) == (
        "public",
        "",
        "<default-project>",
        True,
    )
    assert row.definition == ONE
    assert row.spec["input"] == ["name"]


def test_populate_is_idempotent_and_drops_stale_system_rows(pack, db):
    populate.populate_system_actions()
    first = _rows()["make_vm"].id
    with db_session.transaction() as session:
        session.add(
            models.WorkflowDefinition(
                name="gone", namespace="", project_id="<default-project>", is_system=True
            )
        )
    populate.populate_system_actions()
    rows = _rows()
    assert ("make_vm" in rows, "gone" in rows) == (True, False)
    assert (rows["make_vm"].id, rows["make_vm"].updated_at) == (first, None)


def test_a_user_workflow_of_the_same_name_is_kept(pack, db):
    with db_session.transaction() as session:
        session.add(
            models.WorkflowDefinition(
                name="make_vm", namespace="", project_id="<default-project>", definition="mine"
            )
        )
    populate.populate_system_actions()
    row = _rows()["make_vm"]
    assert (row.definition, row.is_system, row.scope) == ("mine", False, "private")
