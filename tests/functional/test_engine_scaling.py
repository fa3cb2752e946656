"""Several engines and executors share the work: events of one execution are applied one
at a time under the root execution lock, whichever engine receives them, so parallel
branches joining on different engines still produce exactly one join run."""

import json
import time
import uuid

from tests.functional.conftest import Api


def test_parallel_branches_join_once_across_two_engines(scaled_deployment):
    api = Api(scaled_deployment.url)
    name = f"wf_{uuid.uuid4().hex[:8]}"
    branches = 8
    tasks = "".join(
        f'    b{i}:\n      action: std.test_dict size=1 key_prefix="b{i}_" val={i}\n'
        f"      publish: {{v{i}: <% task().result %>}}\n      on-success: [done]\n"
        for i in range(branches)
    )
    text = (
        f"version: '2.0'\n{name}:\n  tasks:\n{tasks}"
        "    done:\n      join: all\n      action: std.noop\n"
    )
    assert api.post_text("/v2/workflows", text).status_code == 201
    ids = [api.post("/v2/executions", json={"workflow_name": name}).json()["id"] for _ in range(6)]
    deadline = time.monotonic() + 60
    results = {}
    while len(results) < len(ids) and time.monotonic() < deadline:
        for ex_id in ids:
            ex = api.get(f"/v2/executions/{ex_id}").json()
            if ex["state"] != "RUNNING":
                results[ex_id] = ex
        time.sleep(0.1)
    assert sorted(ex["state"] for ex in results.values()) == ["SUCCESS"] * len(ids)
    for ex_id, ex in results.items():
        output = json.loads(ex["output"])
        assert output == {f"v{i}": {f"b{i}_0": i} for i in range(branches)}
        tasks = api.get(f"/v2/tasks?workflow_execution_id={ex_id}").json()["tasks"]
        assert sorted(t["name"] for t in tasks) == sorted(
            [f"b{i}" for i in range(branches)] + ["done"]
        )
