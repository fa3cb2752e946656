import hashlib

from mistral_engine.workflow import data_flow, states
from tests.unit.workflow.helpers import task, wf_view


def h(key: str) -> str:
    return hashlib.md5(key.encode()).hexdigest()


def test_layers_first_hit_wins():
    assert data_flow.layered({"a": 1}, None, {"a": 2, "b": 2}) == {"a": 1, "b": 2}


def test_merge_strategy_deep_merges_layers():
    data_flow.configure(merge_strategy="merge")
    try:
        assert data_flow.layered({"d": {"x": 1}}, {"d": {"y": 2}}) == {"d": {"x": 1, "y": 2}}
    finally:
        data_flow.configure()


def test_task_context_priority_of_section_14_2():
    wf = wf_view(
        "wf:\n  tasks:\n    t: {action: std.noop}\n",
        input={"a": "in", "v": "in"},
        context={"__execution": {"id": "wf1"}, "v": "var"},
        env={"e": 1},
    )
    t = task("t", states.RUNNING, in_context={"a": "ctx"})
    assert data_flow.task_context(wf, t, {"item": 1}) == {
        "__task_execution": {"id": "t-id", "name": "t"},
        "__env": {"e": 1},
        "item": 1,
        "a": "ctx",
        "v": "var",
        "__execution": {"id": "wf1"},
    }


def test_outbound_context_bumps_versions_of_published_leaves():
    t = task(
        "t",
        in_context={"k": 1, "__versions": {h("k"): 1}},
        published={"k": 2, "d": {"x": 1}},
    )
    assert data_flow.outbound_context(t) == {
        "k": 2,
        "d": {"x": 1},
        "__versions": {h("k"): 2, h("d.x"): 1},
    }


def test_higher_version_wins_a_merge_regardless_of_order():
    a2 = task("a2", in_context={"k": "a1", "__versions": {h("k"): 1}}, published={"k": "a2"})
    b = task("b", published={"k": "b1", "vb": 1})
    for order in ([a2, b], [b, a2]):
        ctx = data_flow.upstream_context(order)
        assert ctx == {"k": "a2", "vb": 1, "__versions": {h("k"): 2, h("vb"): 1}}


def test_on_a_version_tie_the_base_context_keeps_its_value():
    a, b = task("a", published={"k": "a"}), task("b", published={"k": "b"})
    assert data_flow.upstream_context([a, b])["k"] == "b"


def test_without_versioning_later_task_wins():
    data_flow.configure(versioning=False)
    try:
        a, b = task("a", published={"k": "a"}), task("b", published={"k": "b", "y": 1})
        assert data_flow.upstream_context([b, a]) == {"k": "a", "y": 1}
    finally:
        data_flow.configure()


PUB = """
wf:
  input: [a]
  tasks:
    t:
      action: std.noop
      publish: {a: new, b: <% $.a %>}
      publish-on-error: {err: <% task().result %>}
"""


def test_publish_entries_see_the_context_before_the_publish():
    wf = wf_view(PUB, input={"a": "in"})
    pub = data_flow.publication(wf, task("t", published={}))
    assert pub == data_flow.Publication({"a": "new", "b": "in"}, {})


def test_publish_on_error_sees_the_error_result():
    wf = wf_view(PUB, input={"a": "in"})
    pub = data_flow.publication(wf, task("t", states.ERROR, result="boom", published={}))
    assert pub.published == {"err": "boom"}


def test_no_publish_for_the_state_keeps_the_stored_value():
    wf = wf_view(PUB, input={"a": "in"})
    pub = data_flow.publication(wf, task("t", states.SKIPPED, published={"err": "x"}))
    assert pub == data_flow.Publication({"err": "x"}, {})


PRIORITY = """
wf:
  tasks:
    t:
      action: std.noop
      publish: {k: plain, p: plain}
      on-complete:
        publish:
          branch: {k: complete, c: complete}
        next: [u]
      on-success:
        publish:
          branch: {k: success, p: success, s: success}
          global:
            g: <% $.get('c', 'none') %>
        next: [u]
    u:
      action: std.noop
"""


def test_priority_on_complete_over_publish_over_state_clause():
    wf = wf_view(PRIORITY)
    pub = data_flow.publication(wf, task("t", published={}))
    assert pub.published == {"k": "complete", "p": "plain", "s": "success", "c": "complete"}
    assert pub.global_vars == {"g": "none"}


QUIRK = """
wf:
  tasks:
    t1:
      action: std.noop
      publish: {x: 1}
      on-success:
        publish:
          global: {g: 2}
        next: t2
    t2:
      action: std.noop
"""


def test_clause_publish_without_branch_loses_the_task_publish():
    # Observed on Mistral 23.0.0: t1 published null, published_global {"g": 2}.
    pub = data_flow.publication(wf_view(QUIRK), task("t1", published={}))
    assert pub == data_flow.Publication(None, {"g": 2})


def test_task_level_global_key_is_an_ordinary_variable():
    wf = wf_view("wf:\n  tasks:\n    t:\n      action: std.noop\n      publish: {global: {g: 2}}\n")
    assert data_flow.publication(wf, task("t", published={})).published == {"global": {"g": 2}}


def test_globals_are_deep_merged_into_a_new_context():
    ctx = {"__execution": {"id": "wf1"}, "d": {"a": 1}}
    assert data_flow.merge_globals(ctx, {"d": {"b": 2}}) == {
        "__execution": {"id": "wf1"},
        "d": {"a": 1, "b": 2},
    }
    assert ctx == {"__execution": {"id": "wf1"}, "d": {"a": 1}}


def test_published_global_excludes_internal_keys_and_vars():
    ctx = {"__execution": {}, "openstack": {}, "v": 10, "g": 1}
    assert data_flow.published_global(ctx, {"v": 10}) == {"g": 1}
