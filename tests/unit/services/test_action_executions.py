"""The API's answer to an ad-hoc action run (POST /v2/action_executions)."""

import pytest

from mistral_db import migration, models
from mistral_db import session as db_session
from mistral_engine.context import RequestContext
from mistral_engine.services import action_executions

AE_ID = "4f1c1a2e-0000-4000-8000-000000000001"


class EngineThatFinishesFirst:
    """Stores the RUNNING execution, then completes it before the API reads anything,
    as a fast executor does."""

    def start_action(self, ctx, name, action_input, **kwargs):
        with db_session.transaction() as session:
            session.add(
                models.ActionExecution(
                    id=AE_ID,
                    name=name,
                    state="SUCCESS",
                    accepted=True,
                    input=action_input,
                    output={"result": "hi"},
                    project_id=ctx.project_id,
                    created_at=models.utcnow(),
                    updated_at=models.utcnow(),
                )
            )
        return {"id": AE_ID, "name": name, "state": "RUNNING", "accepted": False}


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path}/ae.sqlite"
    migration.upgrade(url)
    db_session.configure(url)
    yield url
    db_session.dispose_all()


def test_started_run_is_answered_as_the_engine_started_it(db):
    answer = action_executions.start_action(
        RequestContext(), EngineThatFinishesFirst(), name="std.echo", action_input={"output": "hi"}
    )
    assert answer == {"id": AE_ID, "name": "std.echo", "state": "RUNNING", "accepted": False}


def test_a_run_needs_a_name(db):
    with pytest.raises(Exception, match="Please provide at least action name to run action."):
        action_executions.start_action(RequestContext(), EngineThatFinishesFirst(), name="")
