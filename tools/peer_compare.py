#!/usr/bin/env python3
"""Record / compare a fixed battery of Mistral /v2 definition-API requests.

Usage:
  peer_compare.py record  --url http://127.0.0.1:8988 --out golden.json
  peer_compare.py compare --url http://127.0.0.1:8989 --golden golden.json
  peer_compare.py show    --golden golden.json [--step N|NAME]

Every step records method, path, query, a request-body summary, the response
status, content type and the normalized response body:
  * the run prefix (``pc_<hex>``)        -> ``<P>``
  * UUIDs                                -> ``<id1>``, ``<id2>`` ... by order
                                            of first appearance in the run
  * timestamps (``YYYY-MM-DD HH:MM:SS``) -> ``<ts>``
  * 32-hex checksums                     -> ``<md5>``
  * jsonschema messages are cut before ``\n\nFailed validating`` (the
    schema dump), other strings at 4000 characters
  * the endpoint base URL                -> ``<url>``
``project_id`` and everything else is kept.

``compare`` re-runs the battery and prints, per step, differences in status,
faultstring, key sets and values, then ``N same, M differ``.
Needs only ``requests``.
"""

import argparse
import json
import random
import re
import sys
import time

import requests

UUID_RE = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
    r"[0-9a-fA-F]{12}"
)
TS_RE = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?")
MD5_RE = re.compile(r"\b[0-9a-f]{32}\b")
ADMIN = {"X-Roles": "admin"}
TEXT = {"Content-Type": "text/plain"}


class Runner:
    def __init__(self, url, prefix, verbose=False):
        self.url = url.rstrip("/")
        if self.url.endswith("/v2"):
            self.url = self.url[:-3]
        self.prefix = prefix
        self.ids = {}
        self.steps = []
        self.names = set()
        self.verbose = verbose
        self.s = requests.Session()

    # -- normalization -------------------------------------------------
    def _id(self, m):
        u = m.group(0).lower()
        if u not in self.ids:
            self.ids[u] = "<id%d>" % (len(self.ids) + 1)
        return self.ids[u]

    def norm_str(self, s):
        # jsonschema errors ("Invalid DSL: ...") append a dump of the whole
        # schema (up to ~160 KB); keep only the message before it.
        cut = s.find("\n\nFailed validating")
        if cut >= 0:
            s = s[:cut]
        if len(s) > 4000:
            s = s[:4000] + "...<truncated>"
        s = s.replace(self.url, "<url>")
        s = s.replace(self.prefix, "<P>")
        s = UUID_RE.sub(self._id, s)
        s = TS_RE.sub("<ts>", s)
        s = MD5_RE.sub("<md5>", s)
        return s

    def norm(self, v):
        if isinstance(v, dict):
            return {self.norm_str(k): self.norm(x) for k, x in v.items()}
        if isinstance(v, list):
            return [self.norm(x) for x in v]
        if isinstance(v, str):
            return self.norm_str(v)
        return v

    # -- one request ---------------------------------------------------
    def step(
        self, name, method, path, params=None, body=None, json_body=None, headers=None, note=None
    ):
        """Run one request; record it; return (status, parsed body)."""
        params = list(params or [])
        hdrs = dict(headers or {})
        kw = {}
        if json_body is not None:
            kw["data"] = json.dumps(json_body)
            hdrs.setdefault("Content-Type", "application/json")
            req_summary = {"json": self.norm(json_body)}
        elif body is not None:
            kw["data"] = body.encode("utf-8") if isinstance(body, str) else body
            req_summary = {
                "text": self.norm_str(
                    body if isinstance(body, str) else body.decode("utf-8", "replace")
                )
            }
        else:
            req_summary = None
        try:
            resp = self.s.request(
                method,
                self.url + path,
                params=params,
                headers=hdrs,
                allow_redirects=False,
                timeout=120,
                **kw,
            )
        except requests.ConnectionError:
            # The peer drops keep-alive connections after some 500s.
            self.s.close()
            self.s = requests.Session()
            time.sleep(0.5)
            resp = self.s.request(
                method,
                self.url + path,
                params=params,
                headers=hdrs,
                allow_redirects=False,
                timeout=120,
                **kw,
            )
        ctype = resp.headers.get("Content-Type", "")
        try:
            data = resp.json()
        except ValueError:
            data = None
        if data is None:
            norm_body = {"_text": self.norm_str(resp.text[:1500])} if resp.text else None
        else:
            norm_body = self.norm(data)
        rec = {
            "n": len(self.steps) + 1,
            "name": name,
            "method": method,
            "path": self.norm_str(path),
            "query": [[k, self.norm_str(str(v))] for k, v in params],
            "headers": {k: v for k, v in hdrs.items() if k.lower() in ("content-type", "x-roles")},
            "request": req_summary,
            "status": resp.status_code,
            "content_type": ctype.split(";")[0].strip(),
            "body": norm_body,
        }
        if note:
            rec["note"] = note
        self.steps.append(rec)
        if self.verbose:
            print(
                "%3d %-45s %s %s -> %s" % (rec["n"], name, method, rec["path"], resp.status_code),
                file=sys.stderr,
            )
        return resp.status_code, data

    def quiet(self, method, path, **kw):
        """Unrecorded request (cleanup)."""
        try:
            return self.s.request(method, self.url + path, timeout=60, allow_redirects=False, **kw)
        except requests.RequestException:
            return None


# ----------------------------------------------------------------------
# Battery
# ----------------------------------------------------------------------


def wf_doc(P):
    return f"""---
version: '2.0'

{P}_wf1:
  description: First workflow
  tags: [{P}_tag, shared]
  input:
    - a
    - b: 1
    - c: null
  output:
    res: <% $.a %>
  tasks:
    t1:
      action: std.echo output=<% $.a %>
      publish:
        x: <% task().result %>
      on-success: t2
    t2:
      action: std.noop
"""


def wf_multi(P):
    return f"""---
version: '2.0'

{P}_wf2:
  type: direct
  tags: [{P}_tag, other]
  input:
    - name: World
  tasks:
    hello:
      action: std.echo output="Hello <% $.name %>"

{P}_wf3:
  type: reverse
  description: Reverse one
  tasks:
    a:
      action: std.noop
    b:
      action: std.noop
      requires: [a]
"""


def wf_simple(name, desc="simple", indent_tasks="t"):
    return f"""---
version: '2.0'
{name}:
  description: {desc}
  tasks:
    {indent_tasks}:
      action: std.noop
"""


def battery(r):
    P = r.prefix
    V = "/v2"
    WF = V + "/workflows"
    ctx = {}

    # ---------------- root -------------------------------------------
    r.step("root", "GET", "/")
    r.step("v2 no slash", "GET", "/v2")
    r.step("v2 slash", "GET", "/v2/")

    # ---------------- workflows: create ------------------------------
    st, d = r.step("wf create single", "POST", WF, body=wf_doc(P), headers=TEXT)
    if st == 201 and d and d.get("workflows"):
        ctx["wf1"] = d["workflows"][0]
    time.sleep(1.1)
    st, d = r.step("wf create multi (2 in one doc)", "POST", WF, body=wf_multi(P), headers=TEXT)
    if st == 201 and d and d.get("workflows"):
        for w in d["workflows"]:
            ctx[w["name"]] = w
    time.sleep(1.1)
    st, d = r.step(
        "wf create in namespace",
        "POST",
        WF,
        params=[("namespace", P + "_ns")],
        body=wf_doc(P),
        headers=TEXT,
    )
    if st == 201 and d and d.get("workflows"):
        ctx["wf1ns"] = d["workflows"][0]
    time.sleep(1.1)
    st, d = r.step(
        "wf create wf4 (for delete by id)",
        "POST",
        WF,
        body=wf_simple(P + "_wf4", "to delete"),
        headers=TEXT,
    )
    if st == 201 and d and d.get("workflows"):
        ctx["wf4"] = d["workflows"][0]
    r.step(
        "wf create public scope",
        "POST",
        WF,
        params=[("scope", "public")],
        body=wf_simple(P + "_wfpub", "public one"),
        headers=TEXT,
    )
    r.step("wf create duplicate -> 409", "POST", WF, body=wf_doc(P), headers=TEXT)
    r.step(
        "wf create duplicate in ns -> 409",
        "POST",
        WF,
        params=[("namespace", P + "_ns")],
        body=wf_doc(P),
        headers=TEXT,
    )

    # invalid documents
    bad = [
        ("invalid yaml", f"version: '2.0'\n{P}_bad: [unclosed\n"),
        ("yaml not a mapping", "- just\n- a list\n"),
        ("missing version", f"{P}_bad:\n  tasks:\n    t:\n      action: std.noop\n"),
        ("version 1.0", f"version: '1.0'\n{P}_bad:\n  tasks:\n    t:\n      action: std.noop\n"),
        (
            "unknown task key",
            f"version: '2.0'\n{P}_bad:\n  tasks:\n    t:\n      actoin: std.noop\n",
        ),
        (
            "unknown workflow key",
            f"version: '2.0'\n{P}_bad:\n  taskz: {{}}\n  tasks:\n    t:\n      action: std.noop\n",
        ),
        (
            "transition to unknown task",
            f"version: '2.0'\n{P}_bad:\n  tasks:\n    t:\n      action: std.noop\n"
            "      on-success: nope\n",
        ),
        (
            "bad yaql",
            f"version: '2.0'\n{P}_bad:\n  tasks:\n    t:\n"
            "      action: std.echo output=<% $.a + %>\n",
        ),
        (
            "bad jinja",
            f"version: '2.0'\n{P}_bad:\n  tasks:\n    t:\n"
            "      action: std.echo output='{{ _.a + }}'\n",
        ),
        ("no tasks", f"version: '2.0'\n{P}_bad:\n  description: x\n"),
        (
            "action and workflow both",
            f"version: '2.0'\n{P}_bad:\n  tasks:\n    t:\n      action: std.noop\n"
            "      workflow: other\n",
        ),
        (
            "bad workflow type",
            f"version: '2.0'\n{P}_bad:\n  type: sideways\n  tasks:\n    t:\n"
            "      action: std.noop\n",
        ),
        ("only version", "version: '2.0'\n"),
        ("empty body", ""),
    ]
    for i, (label, doc) in enumerate(bad):
        doc = doc.replace(P + "_bad", "%s_bad%d" % (P, i + 1))
        r.step("wf create invalid: " + label, "POST", WF, body=doc, headers=TEXT)
    r.step(
        "wf create wrong content-type (json body)",
        "POST",
        WF,
        json_body={"definition": wf_simple(P + "_json")},
    )
    r.step(
        "wf create yaml with content-type application/json",
        "POST",
        WF,
        body=wf_simple(P + "_jsonct"),
        headers={"Content-Type": "application/json"},
    )
    r.step(
        "wf create bad scope",
        "POST",
        WF,
        params=[("scope", "weird")],
        body=wf_simple(P + "_badscope"),
        headers=TEXT,
    )

    # ---------------- workflows: list --------------------------------
    has = ("name", "has:" + P)
    r.step("wf list name has, sort name", "GET", WF, params=[has, ("sort_keys", "name,namespace")])
    st, d = r.step(
        "wf list limit=2 (next link)",
        "GET",
        WF,
        params=[has, ("sort_keys", "name,namespace"), ("limit", "2")],
    )
    if st == 200 and d and d.get("next"):
        ctx["next"] = d["next"]
        ctx["marker"] = d["workflows"][-1]["id"]
    if "marker" in ctx:
        r.step(
            "wf list page 2 via marker",
            "GET",
            WF,
            params=[
                has,
                ("sort_keys", "name,namespace"),
                ("limit", "2"),
                ("marker", ctx["marker"]),
            ],
        )
    if "next" in ctx:
        r.step("wf list follow next link verbatim", "GET", ctx["next"][len(r.url) :])
    r.step(
        "wf list sort name desc",
        "GET",
        WF,
        params=[has, ("sort_keys", "name,namespace"), ("sort_dirs", "desc")],
    )
    r.step(
        "wf list sort namespace,name desc,asc",
        "GET",
        WF,
        params=[has, ("sort_keys", "namespace,name"), ("sort_dirs", "desc,asc")],
    )
    r.step(
        "wf list default sort (created_at), in filter",
        "GET",
        WF,
        params=[("name", f"in:{P}_wf1,{P}_wf4")],
    )
    r.step(
        "wf list fields=name,tags",
        "GET",
        WF,
        params=[has, ("sort_keys", "name,namespace"), ("fields", "name,tags")],
    )
    r.step(
        "wf list fields=NAME,Namespace (case)",
        "GET",
        WF,
        params=[has, ("sort_keys", "name,namespace"), ("fields", "NAME,Namespace")],
    )
    r.step(
        "wf list fields=input,interface (no spec)",
        "GET",
        WF,
        params=[("name", f"eq:{P}_wf1"), ("fields", "input,interface")],
    )
    r.step("wf list fields=id", "GET", WF, params=[("name", f"eq:{P}_wf1"), ("fields", "id")])
    r.step("wf list fields unknown -> 400", "GET", WF, params=[("fields", "name,bogus")])
    r.step("wf list name plain", "GET", WF, params=[("name", P + "_wf1")])
    r.step("wf list name eq", "GET", WF, params=[("name", f"eq:{P}_wf1")])
    if "wf1" in ctx:
        t0 = ctx["wf1"]["created_at"]
        r.step(
            "wf list name neq + created_at gte",
            "GET",
            WF,
            params=[
                ("name", f"neq:{P}_wf1"),
                ("created_at", "gte:" + t0),
                ("sort_keys", "name,namespace"),
            ],
        )
        r.step(
            "wf list created_at gt",
            "GET",
            WF,
            params=[has, ("created_at", "gt:" + t0), ("sort_keys", "name,namespace")],
        )
        r.step(
            "wf list created_at lt",
            "GET",
            WF,
            params=[has, ("created_at", "lt:" + t0), ("sort_keys", "name,namespace")],
        )
        r.step("wf list created_at bad date", "GET", WF, params=[("created_at", "gt:not-a-date")])
    r.step(
        "wf list name in",
        "GET",
        WF,
        params=[("name", f"in:{P}_wf1,{P}_wf2"), ("sort_keys", "name,namespace")],
    )
    r.step(
        "wf list name nin (+has via namespace)",
        "GET",
        WF,
        params=[("name", f"nin:{P}_wf1,{P}_wf2"), ("namespace", P + "_ns")],
    )
    r.step("wf list namespace eq", "GET", WF, params=[("namespace", P + "_ns")])
    r.step(
        "wf list tags plain",
        "GET",
        WF,
        params=[("tags", P + "_tag"), ("sort_keys", "name,namespace")],
    )
    r.step(
        "wf list tags eq",
        "GET",
        WF,
        params=[("tags", f"eq:{P}_tag"), ("sort_keys", "name,namespace")],
    )
    r.step(
        "wf list tags has",
        "GET",
        WF,
        params=[has, ("tags", "has:other"), ("sort_keys", "name,namespace")],
    )
    r.step(
        "wf list tags two values",
        "GET",
        WF,
        params=[("tags", f"{P}_tag,other"), ("sort_keys", "name,namespace")],
    )
    r.step("wf list scope public", "GET", WF, params=[has, ("scope", "public")])
    r.step("wf list limit=0 -> 400", "GET", WF, params=[("limit", "0")])
    r.step("wf list limit=-1", "GET", WF, params=[("limit", "-1")])
    r.step("wf list limit=abc", "GET", WF, params=[("limit", "abc")])
    r.step("wf list bad sort dir", "GET", WF, params=[("sort_keys", "name"), ("sort_dirs", "up")])
    r.step(
        "wf list more dirs than keys",
        "GET",
        WF,
        params=[("sort_keys", "name"), ("sort_dirs", "asc,desc")],
    )
    r.step("wf list unknown sort key (peer 500)", "GET", WF, params=[has, ("sort_keys", "bogus")])
    r.step(
        "wf list marker unknown uuid",
        "GET",
        WF,
        params=[("marker", "00000000-0000-4000-8000-000000000000")],
    )
    r.step("wf list marker not uuid", "GET", WF, params=[("marker", "not-a-uuid")])
    r.step("wf list unknown filter param", "GET", WF, params=[has, ("bogus_filter", "x")])
    r.step("wf list bad operator", "GET", WF, params=[("name", f"like:{P}")])

    # ---------------- workflows: get ---------------------------------
    r.step("wf get by name", "GET", WF + f"/{P}_wf1")
    if "wf1" in ctx:
        r.step("wf get by id", "GET", WF + "/" + ctx["wf1"]["id"])
    r.step(
        "wf get by name in namespace", "GET", WF + f"/{P}_wf1", params=[("namespace", P + "_ns")]
    )
    if "wf1ns" in ctx:
        r.step("wf get ns wf by id (no ns param)", "GET", WF + "/" + ctx["wf1ns"]["id"])
    r.step("wf get multi-doc wf3 (definition fragment)", "GET", WF + f"/{P}_wf3")
    r.step("wf get fields=name,input", "GET", WF + f"/{P}_wf1", params=[("fields", "name,input")])
    r.step("wf get 404 name", "GET", WF + f"/{P}_missing")
    r.step("wf get 404 uuid", "GET", WF + "/00000000-0000-4000-8000-000000000000")
    r.step("wf get 404 wrong namespace", "GET", WF + f"/{P}_wf2", params=[("namespace", P + "_ns")])

    # ---------------- workflows: update ------------------------------
    upd = wf_doc(P).replace("First workflow", "First workflow v2")
    r.step("wf update PUT by doc", "PUT", WF, body=upd, headers=TEXT)
    r.step(
        "wf update PUT by doc in namespace",
        "PUT",
        WF,
        params=[("namespace", P + "_ns")],
        body=upd,
        headers=TEXT,
    )
    r.step(
        "wf update PUT multi doc",
        "PUT",
        WF,
        body=wf_multi(P).replace("Reverse one", "Reverse two"),
        headers=TEXT,
    )
    r.step("wf update PUT unknown wf", "PUT", WF, body=wf_simple(P + "_nosuch"), headers=TEXT)
    r.step(
        "wf update PUT invalid dsl",
        "PUT",
        WF,
        body=f"version: '2.0'\n{P}_wf1:\n  tasks:\n    t:\n      actoin: x\n",
        headers=TEXT,
    )
    if "wf4" in ctx:
        r.step(
            "wf update PUT /{id}",
            "PUT",
            WF + "/" + ctx["wf4"]["id"],
            body=wf_simple(P + "_wf4", "updated by id"),
            headers=TEXT,
        )
        r.step(
            "wf update PUT /{id} renaming",
            "PUT",
            WF + "/" + ctx["wf4"]["id"],
            body=wf_simple(P + "_wf4renamed", "renamed"),
            headers=TEXT,
        )
        r.step("wf get after rename by id", "GET", WF + "/" + ctx["wf4"]["id"])
        r.step(
            "wf update PUT /{id} with 2 workflows",
            "PUT",
            WF + "/" + ctx["wf4"]["id"],
            body=wf_multi(P),
            headers=TEXT,
        )
    r.step("wf update PUT /{name}", "PUT", WF + f"/{P}_wf1", body=upd, headers=TEXT)
    r.step(
        "wf update PUT /{unknown uuid}",
        "PUT",
        WF + "/00000000-0000-4000-8000-000000000000",
        body=wf_simple(P + "_wf4"),
        headers=TEXT,
    )
    r.step("wf get after update", "GET", WF + f"/{P}_wf1")

    # ---------------- workflows: validate ----------------------------
    r.step("wf validate valid", "POST", WF + "/validate", body=wf_doc(P), headers=TEXT)
    r.step(
        "wf validate invalid (unknown key)",
        "POST",
        WF + "/validate",
        body=f"version: '2.0'\n{P}_bad:\n  tasks:\n    t:\n      actoin: std.noop\n",
        headers=TEXT,
    )
    r.step(
        "wf validate invalid yaml",
        "POST",
        WF + "/validate",
        body="version: '2.0'\nx: [\n",
        headers=TEXT,
    )
    r.step(
        "wf validate missing version",
        "POST",
        WF + "/validate",
        body=f"{P}_bad:\n  tasks:\n    t:\n      action: std.noop\n",
        headers=TEXT,
    )
    r.step(
        "wf validate bad yaql",
        "POST",
        WF + "/validate",
        body=f"version: '2.0'\n{P}_bad:\n  tasks:\n    t:\n"
        "      action: std.echo output=<% $.a + %>\n",
        headers=TEXT,
    )
    r.step("wf validate empty", "POST", WF + "/validate", body="", headers=TEXT)

    # ---------------- members without auth ---------------------------
    if "wf1" in ctx:
        wid = ctx["wf1"]["id"]
        r.step("members list (auth off)", "GET", WF + f"/{wid}/members")
        r.step(
            "members create (auth off)",
            "POST",
            WF + f"/{wid}/members",
            json_body={"member_id": "other"},
        )
        r.step("members get (auth off)", "GET", WF + f"/{wid}/members/other")
    r.step("members list by name (auth off)", "GET", WF + f"/{P}_wf1/members")

    # ---------------- workflows: delete ------------------------------
    r.step("wf delete by name", "DELETE", WF + f"/{P}_wf2")
    r.step("wf get deleted -> 404", "GET", WF + f"/{P}_wf2")
    r.step("wf delete again -> 404", "DELETE", WF + f"/{P}_wf2")
    if "wf4" in ctx:
        r.step("wf delete by id", "DELETE", WF + "/" + ctx["wf4"]["id"])
        r.step("wf get deleted by id -> 404", "GET", WF + "/" + ctx["wf4"]["id"])
    r.step("wf delete in namespace", "DELETE", WF + f"/{P}_wf1", params=[("namespace", P + "_ns")])
    r.step(
        "wf get ns deleted, default remains",
        "GET",
        WF,
        params=[("name", f"eq:{P}_wf1"), ("fields", "name,namespace")],
    )

    # ---------------- workbooks --------------------------------------
    WB = V + "/workbooks"
    wb = f"""---
version: '2.0'
name: {P}_wb
description: My workbook
tags: [{P}_wbtag]

actions:
  greet:
    description: Greeting action
    base: std.echo
    base-input:
      output: "Hello <% $.who %>"
    input:
      - who

workflows:
  wf:
    input:
      - who: you
    tasks:
      t:
        action: greet who=<% $.who %>
  wf_b:
    type: reverse
    tasks:
      x:
        action: std.noop
"""
    r.step("wb create", "POST", WB, body=wb, headers=TEXT)
    r.step("wb create duplicate -> 409", "POST", WB, body=wb, headers=TEXT)
    r.step(
        "wb create in namespace",
        "POST",
        WB,
        params=[("namespace", P + "_ns")],
        body=wb,
        headers=TEXT,
    )
    r.step(
        "wb create invalid (no name)",
        "POST",
        WB,
        body="version: '2.0'\nworkflows:\n  w:\n    tasks:\n      t:\n        action: std.noop\n",
        headers=TEXT,
    )
    r.step(
        "wb create invalid (bad task key)",
        "POST",
        WB,
        body=f"version: '2.0'\nname: {P}_wbbad\nworkflows:\n  w:\n"
        "    tasks:\n      t:\n        actoin: std.noop\n",
        headers=TEXT,
    )
    r.step("wb create invalid yaml", "POST", WB, body="name: [\n", headers=TEXT)
    r.step("wb get", "GET", WB + f"/{P}_wb")
    r.step("wb get in namespace", "GET", WB + f"/{P}_wb", params=[("namespace", P + "_ns")])
    r.step("wb get 404", "GET", WB + f"/{P}_nowb")
    r.step("wb list", "GET", WB, params=[has, ("sort_keys", "namespace")])
    r.step("wb list bad field", "GET", WB, params=[("fields", "bogus")])
    r.step(
        "wb list fields=name,tags",
        "GET",
        WB,
        params=[has, ("sort_keys", "namespace"), ("fields", "name,tags")],
    )
    r.step("wb list limit=1", "GET", WB, params=[has, ("sort_keys", "namespace"), ("limit", "1")])
    r.step(
        "wb workflows created",
        "GET",
        WF,
        params=[("name", f"has:{P}_wb."), ("sort_keys", "name,namespace")],
    )
    r.step("wb workflow get <wb>.wf", "GET", WF + f"/{P}_wb.wf")
    r.step("wb action get <wb>.greet", "GET", V + f"/actions/{P}_wb.greet")
    r.step(
        "wb update",
        "PUT",
        WB,
        body=wb.replace("My workbook", "My workbook v2").replace(
            "  wf_b:\n    type: reverse", "  wf_c:\n    type: reverse"
        ),
        headers=TEXT,
    )
    r.step(
        "wb workflows after update",
        "GET",
        WF,
        params=[
            ("name", f"has:{P}_wb."),
            ("namespace", ""),
            ("sort_keys", "name"),
            ("fields", "name,definition"),
        ],
    )
    r.step(
        "wb update unknown",
        "PUT",
        WB,
        body=f"version: '2.0'\nname: {P}_nowb\nworkflows:\n  w:\n"
        "    tasks:\n      t:\n        action: std.noop\n",
        headers=TEXT,
    )
    r.step("wb validate valid", "POST", WB + "/validate", body=wb, headers=TEXT)
    r.step(
        "wb validate invalid",
        "POST",
        WB + "/validate",
        body="version: '2.0'\nname: x\nworkflows:\n  w:\n"
        "    tasks:\n      t:\n        actoin: std.noop\n",
        headers=TEXT,
    )
    r.step("wb delete", "DELETE", WB + f"/{P}_wb")
    r.step("wb get deleted -> 404", "GET", WB + f"/{P}_wb")
    r.step("wb delete again -> 404", "DELETE", WB + f"/{P}_wb")
    r.step(
        "wb workflows after wb delete",
        "GET",
        WF,
        params=[
            ("name", f"has:{P}_wb."),
            ("namespace", ""),
            ("sort_keys", "name"),
            ("fields", "name"),
        ],
    )
    r.step(
        "wb actions after wb delete",
        "GET",
        V + "/actions",
        params=[("name", f"has:{P}_wb."), ("fields", "name")],
    )
    r.step("wb delete in namespace", "DELETE", WB + f"/{P}_wb", params=[("namespace", P + "_ns")])

    # ---------------- actions ----------------------------------------
    AC = V + "/actions"
    sysnames = "std.echo,std.http,std.noop,std.fail"
    r.step(
        "action list system by name in",
        "GET",
        AC,
        params=[("name", "in:" + sysnames), ("sort_keys", "name")],
    )
    r.step(
        "action list limit=3 (next)", "GET", AC, params=[("name", "in:" + sysnames), ("limit", "3")]
    )
    r.step(
        "action list is_system=true filter",
        "GET",
        AC,
        params=[("name", "in:std.echo,std.noop"), ("is_system", "true")],
    )
    r.step(
        "action list fields=name (ignored on peer)",
        "GET",
        AC,
        params=[("name", "eq:std.noop"), ("fields", "name")],
    )
    for n in (
        "std.http",
        "std.echo",
        "std.noop",
        "std.fail",
        "std.mistral_http",
        "std.ssh",
        "std.sleep",
        "std.js",
        "std.javascript",
        "std.email",
        "std.async_noop",
        "std.test_dict",
    ):
        r.step("action get system " + n, "GET", AC + "/" + n)
    act = f"""---
version: '2.0'

{P}_act1:
  description: My action
  tags: [{P}_atag]
  base: std.echo
  base-input:
    output: "<% $.greeting %>, <% $.name %>"
  input:
    - greeting: Hello
    - name
  output: <% $ %>

{P}_act2:
  base: std.noop
"""
    st, d = r.step("action create (2 in doc)", "POST", AC, body=act, headers=TEXT)
    if st == 201 and d and d.get("actions"):
        ctx["act1"] = d["actions"][0]
    r.step("action create duplicate -> 409", "POST", AC, body=act, headers=TEXT)
    r.step(
        "action create in namespace",
        "POST",
        AC,
        params=[("namespace", P + "_ns")],
        body=f"version: '2.0'\n{P}_act1:\n  base: std.noop\n",
        headers=TEXT,
    )
    r.step(
        "action create invalid (unknown key)",
        "POST",
        AC,
        body=f"version: '2.0'\n{P}_abad:\n  base: std.noop\n  foo: 1\n",
        headers=TEXT,
    )
    r.step(
        "action create invalid (no base)",
        "POST",
        AC,
        body=f"version: '2.0'\n{P}_abad:\n  input: [a]\n",
        headers=TEXT,
    )
    r.step("action create invalid yaml", "POST", AC, body="x: [\n", headers=TEXT)
    r.step(
        "action create missing version",
        "POST",
        AC,
        body=f"{P}_abad:\n  base: std.noop\n",
        headers=TEXT,
    )
    r.step("action get ad-hoc by name", "GET", AC + f"/{P}_act1")
    if "act1" in ctx:
        r.step("action get ad-hoc by id", "GET", AC + "/" + ctx["act1"]["id"])
    r.step("action get in namespace", "GET", AC + f"/{P}_act1", params=[("namespace", P + "_ns")])
    r.step("action get 404", "GET", AC + f"/{P}_noact")
    r.step("action list ad-hoc", "GET", AC, params=[has, ("namespace", ""), ("sort_keys", "name")])
    r.step("action list ad-hoc namespace", "GET", AC, params=[has, ("namespace", P + "_ns")])
    r.step("action list tags", "GET", AC, params=[("tags", P + "_atag")])
    r.step("action list limit=0", "GET", AC, params=[("limit", "0")])
    r.step(
        "action list bad field", "GET", AC, params=[("name", "eq:std.noop"), ("fields", "bogus")]
    )
    r.step(
        "action update PUT doc",
        "PUT",
        AC,
        body=act.replace("My action", "My action v2"),
        headers=TEXT,
    )
    if "act1" in ctx:
        r.step(
            "action update PUT /{id}",
            "PUT",
            AC + "/" + ctx["act1"]["id"],
            body=f"version: '2.0'\n{P}_act1:\n  description: by id\n  base: std.noop\n",
            headers=TEXT,
        )
        r.step("action get after PUT /{id}", "GET", AC + f"/{P}_act1")
    r.step(
        "action update PUT /{name}",
        "PUT",
        AC + f"/{P}_act1",
        body=f"version: '2.0'\n{P}_act1:\n  description: by name\n  base: std.noop\n",
        headers=TEXT,
    )
    r.step(
        "action update unknown",
        "PUT",
        AC,
        body=f"version: '2.0'\n{P}_noact:\n  base: std.noop\n",
        headers=TEXT,
    )
    r.step(
        "action update system",
        "PUT",
        AC,
        body="version: '2.0'\nstd.echo:\n  base: std.noop\n",
        headers=TEXT,
    )
    r.step("action validate valid", "POST", AC + "/validate", body=act, headers=TEXT)
    r.step(
        "action validate invalid",
        "POST",
        AC + "/validate",
        body="version: '2.0'\nx:\n  base: std.noop\n  foo: 1\n",
        headers=TEXT,
    )
    r.step("action delete", "DELETE", AC + f"/{P}_act2")
    r.step("action get deleted -> 404", "GET", AC + f"/{P}_act2")
    r.step("action delete again -> 404", "DELETE", AC + f"/{P}_act2")
    r.step("action delete system", "DELETE", AC + "/std.echo")
    r.step(
        "action delete in namespace", "DELETE", AC + f"/{P}_act1", params=[("namespace", P + "_ns")]
    )
    # a DB action may shadow a system name; update/delete then hit it
    r.step(
        "action create shadowing system name",
        "POST",
        AC,
        body="version: '2.0'\nstd.echo:\n  base: std.noop\n",
        headers=TEXT,
    )
    r.step("action get shadowed system name", "GET", AC + "/std.echo")
    r.step("action delete shadowing action", "DELETE", AC + "/std.echo")
    r.step("action get system after shadow delete", "GET", AC + "/std.echo")

    # ---------------- environments -----------------------------------
    EN = V + "/environments"
    r.step(
        "env create variables object",
        "POST",
        EN,
        json_body={
            "name": P + "_env1",
            "description": "Env one",
            "variables": {"a": 1, "b": {"c": [1, 2]}, "s": "x"},
        },
    )
    r.step(
        "env create variables JSON string",
        "POST",
        EN,
        json_body={"name": P + "_env2", "variables": json.dumps({"k": "v"})},
    )
    r.step("env create no variables", "POST", EN, json_body={"name": P + "_env3"})
    r.step(
        "env create duplicate -> 409", "POST", EN, json_body={"name": P + "_env1", "variables": {}}
    )
    r.step(
        "env create variables list -> 400",
        "POST",
        EN,
        json_body={"name": P + "_envbad", "variables": [1, 2]},
    )
    r.step(
        "env create variables bad json string",
        "POST",
        EN,
        json_body={"name": P + "_envbad", "variables": "{not json"},
    )
    r.step(
        "env create malformed JSON body",
        "POST",
        EN,
        body=f'{{"name": "{P}_envbad", ',
        headers={"Content-Type": "application/json"},
    )
    # (POST without "name" answers 201 and stores a row with name null
    # that no API call can delete, so it is not part of the battery.)
    r.step(
        "env create unknown attribute", "POST", EN, json_body={"name": P + "_envbad", "bogus": 1}
    )
    r.step(
        "env create public scope", "POST", EN, json_body={"name": P + "_envpub", "scope": "public"}
    )
    r.step("env get", "GET", EN + f"/{P}_env1")
    r.step("env get 404", "GET", EN + f"/{P}_noenv")
    r.step("env list", "GET", EN, params=[has, ("sort_keys", "name")])
    r.step(
        "env list fields=name,variables",
        "GET",
        EN,
        params=[has, ("sort_keys", "name"), ("fields", "name,variables")],
    )
    r.step("env list limit=2", "GET", EN, params=[has, ("sort_keys", "name"), ("limit", "2")])
    r.step(
        "env update by name in body",
        "PUT",
        EN,
        json_body={"name": P + "_env1", "description": "Env one v2", "variables": {"a": 2}},
    )
    r.step(
        "env update only description",
        "PUT",
        EN,
        json_body={"name": P + "_env2", "description": "d2"},
    )
    r.step("env get after update", "GET", EN + f"/{P}_env2")
    r.step("env update unknown", "PUT", EN, json_body={"name": P + "_noenv", "variables": {}})
    r.step("env update no name", "PUT", EN, json_body={"variables": {}})
    r.step("env delete", "DELETE", EN + f"/{P}_env3")
    r.step("env get deleted -> 404", "GET", EN + f"/{P}_env3")
    r.step("env delete again -> 404", "DELETE", EN + f"/{P}_env3")

    # ---------------- code sources -----------------------------------
    CS = V + "/code_sources"
    code = (
        "from mistral_lib import actions\n\n\n"
        "class Hello(actions.Action):\n"
        "    def __init__(self, name='x'):\n"
        "        self.name = name\n\n"
        "    def run(self, context):\n"
        "        return 'hello ' + self.name\n"
    )
    r.step("cs list without admin -> 403", "GET", CS)
    r.step(
        "cs create without admin -> 403",
        "POST",
        CS,
        params=[("name", P + "_csx")],
        body=code,
        headers=TEXT,
    )
    st, d = r.step(
        "cs create",
        "POST",
        CS,
        params=[("name", P + "_cs")],
        body=code,
        headers=dict(TEXT, **ADMIN),
    )
    if st == 201 and d:
        ctx["cs"] = d
    r.step(
        "cs create in namespace",
        "POST",
        CS,
        params=[("name", P + "_cs"), ("namespace", P + "_ns")],
        body="x = 1\n",
        headers=dict(TEXT, **ADMIN),
    )
    r.step(
        "cs create duplicate -> 409",
        "POST",
        CS,
        params=[("name", P + "_cs")],
        body=code,
        headers=dict(TEXT, **ADMIN),
    )
    r.step("cs create no name", "POST", CS, body=code, headers=dict(TEXT, **ADMIN))
    r.step(
        "cs create syntax error content (accepted)",
        "POST",
        CS,
        params=[("name", P + "_cs2")],
        body="def broken(:\n",
        headers=dict(TEXT, **ADMIN),
    )
    r.step("cs get by name", "GET", CS + f"/{P}_cs", headers=ADMIN)
    if "cs" in ctx:
        r.step("cs get by id", "GET", CS + "/" + ctx["cs"]["id"], headers=ADMIN)
    r.step("cs get 404", "GET", CS + f"/{P}_nocs", headers=ADMIN)
    r.step("cs list", "GET", CS, params=[has, ("sort_keys", "name,namespace")], headers=ADMIN)
    r.step(
        "cs list fields=name,version",
        "GET",
        CS,
        params=[has, ("sort_keys", "name,namespace"), ("fields", "name,version")],
        headers=ADMIN,
    )
    r.step(
        "cs update PUT ?identifier (v2)",
        "PUT",
        CS,
        params=[("identifier", P + "_cs")],
        body=code.replace("hello ", "hi "),
        headers=dict(TEXT, **ADMIN),
    )
    r.step(
        "cs update PUT same content (v3)",
        "PUT",
        CS,
        params=[("identifier", P + "_cs")],
        body=code.replace("hello ", "hi "),
        headers=dict(TEXT, **ADMIN),
    )
    if "cs" in ctx:
        r.step(
            "cs update PUT identifier=id (v4)",
            "PUT",
            CS,
            params=[("identifier", ctx["cs"]["id"])],
            body=code,
            headers=dict(TEXT, **ADMIN),
        )
    r.step(
        "cs update unknown",
        "PUT",
        CS,
        params=[("identifier", P + "_nocs")],
        body=code,
        headers=dict(TEXT, **ADMIN),
    )
    r.step("cs update no identifier", "PUT", CS, body=code, headers=dict(TEXT, **ADMIN))
    r.step("cs get after updates", "GET", CS + f"/{P}_cs", headers=ADMIN)

    # ---------------- dynamic actions --------------------------------
    DA = V + "/dynamic_actions"
    r.step("da list without admin -> 403", "GET", DA)
    st, d = r.step(
        "da create by code_source_name",
        "POST",
        DA,
        json_body={"name": P + "_da1", "class_name": "Hello", "code_source_name": P + "_cs"},
        headers=ADMIN,
    )
    if st == 201 and d:
        ctx["da1"] = d
    if "cs" in ctx:
        r.step(
            "da create by code_source_id",
            "POST",
            DA,
            json_body={
                "name": P + "_da2",
                "class_name": "Hello",
                "code_source_id": ctx["cs"]["id"],
            },
            headers=ADMIN,
        )
    r.step(
        "da create missing code source ref -> 400",
        "POST",
        DA,
        json_body={"name": P + "_da3", "class_name": "Hello"},
        headers=ADMIN,
    )
    r.step(
        "da create unknown code source",
        "POST",
        DA,
        json_body={"name": P + "_da3", "class_name": "Hello", "code_source_name": P + "_nocs"},
        headers=ADMIN,
    )
    r.step(
        "da create duplicate -> 409",
        "POST",
        DA,
        json_body={"name": P + "_da1", "class_name": "Hello", "code_source_name": P + "_cs"},
        headers=ADMIN,
    )
    r.step(
        "da create unknown class (accepted)",
        "POST",
        DA,
        json_body={"name": P + "_da4", "class_name": "Nope", "code_source_name": P + "_cs"},
        headers=ADMIN,
    )
    r.step("da get by name", "GET", DA + f"/{P}_da1", headers=ADMIN)
    if "da1" in ctx:
        r.step("da get by id", "GET", DA + "/" + ctx["da1"]["id"], headers=ADMIN)
    r.step("da get 404", "GET", DA + f"/{P}_noda", headers=ADMIN)
    r.step("da list", "GET", DA, params=[has, ("sort_keys", "name")], headers=ADMIN)
    r.step(
        "da list limit=1",
        "GET",
        DA,
        params=[has, ("sort_keys", "name"), ("limit", "1")],
        headers=ADMIN,
    )
    r.step("da visible in actions get", "GET", AC + f"/{P}_da1")
    r.step("da visible in actions list", "GET", AC, params=[("name", f"eq:{P}_da1")])
    r.step(
        "da update by name",
        "PUT",
        DA,
        json_body={"name": P + "_da1", "class_name": "Hello2"},
        headers=ADMIN,
    )
    r.step("da update without class_name", "PUT", DA, json_body={"name": P + "_da2"}, headers=ADMIN)
    if "da1" in ctx:
        r.step(
            "da update by id",
            "PUT",
            DA,
            json_body={"id": ctx["da1"]["id"], "class_name": "Hello"},
            headers=ADMIN,
        )
    r.step(
        "da update no name/id -> 400", "PUT", DA, json_body={"class_name": "Hello"}, headers=ADMIN
    )
    r.step(
        "da update unknown",
        "PUT",
        DA,
        json_body={"name": P + "_noda", "class_name": "X"},
        headers=ADMIN,
    )
    r.step("da delete", "DELETE", DA + f"/{P}_da4", headers=ADMIN)
    r.step("da get deleted -> 404", "GET", DA + f"/{P}_da4", headers=ADMIN)
    r.step("da delete again -> 404", "DELETE", DA + f"/{P}_da4", headers=ADMIN)
    r.step("cs delete (with dynamic actions)", "DELETE", CS + f"/{P}_cs", headers=ADMIN)
    r.step("cs get deleted -> 404", "GET", CS + f"/{P}_cs", headers=ADMIN)
    r.step(
        "da after cs delete",
        "GET",
        DA,
        params=[has, ("sort_keys", "name"), ("fields", "name")],
        headers=ADMIN,
    )
    r.step("cs delete again -> 404", "DELETE", CS + f"/{P}_cs", headers=ADMIN)
    return ctx


def cleanup(r):
    P = r.prefix
    V = "/v2"
    for coll, key, adm in (
        ("dynamic_actions", "dynamic_actions", True),
        ("code_sources", "code_sources", True),
        ("workbooks", "workbooks", False),
        ("workflows", "workflows", False),
        ("actions", "actions", False),
        ("environments", "environments", False),
    ):
        h = ADMIN if adm else {}
        resp = r.quiet("GET", f"{V}/{coll}", params={"name": "has:" + P, "limit": 1000}, headers=h)
        if resp is None or resp.status_code != 200:
            continue
        for item in resp.json().get(key, []):
            ident = (
                item.get("id")
                if coll in ("workflows", "dynamic_actions", "code_sources")
                else item.get("name")
            )
            if ident is None:
                continue
            if coll in ("workflows", "code_sources", "dynamic_actions", "environments"):
                r.quiet("DELETE", f"{V}/{coll}/{ident}", headers=h)
            else:
                r.quiet(
                    "DELETE",
                    f"{V}/{coll}/{ident}",
                    params={"namespace": item.get("namespace") or ""},
                    headers=h,
                )


def run(url, verbose=False, keep=False):
    prefix = f"pc_{random.randrange(16**6):06x}"
    r = Runner(url, prefix, verbose)
    try:
        battery(r)
    finally:
        if not keep:
            cleanup(r)
    return r


# ----------------------------------------------------------------------
# Compare
# ----------------------------------------------------------------------


def _diff(a, b, path, out, limit=40):
    if len(out) >= limit:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        ka, kb = set(a), set(b)
        if ka != kb:
            miss, extra = sorted(ka - kb), sorted(kb - ka)
            out.append("{} keys: missing {} extra {}".format(path or "$", miss, extra))
        for k in sorted(ka & kb):
            _diff(a[k], b[k], f"{path}.{k}", out, limit)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append("%s len: golden %d, got %d" % (path or "$", len(a), len(b)))
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            _diff(x, y, "%s[%d]" % (path, i), out, limit)
    elif a != b:
        out.append("{}: golden {}, got {}".format(path or "$", _short(a), _short(b)))


def _short(v, n=160):
    s = json.dumps(v)
    return s if len(s) <= n else s[:n] + "..."


_ID_TOKEN = re.compile(r"<id\d+>")


def _loosen_ids(value):
    """Every id placeholder becomes ``<id>``: ids are opaque, and one extra id early on
    (say, a system action with a UUID) would otherwise renumber every later one."""
    return json.loads(_ID_TOKEN.sub("<id>", json.dumps(value)))


def compare_steps(golden, got, loose_ids=False):
    if loose_ids:
        golden, got = _loosen_ids(golden), _loosen_ids(got)
    same = differ = 0
    by_name = {}
    for s in got:
        by_name.setdefault(s["name"], []).append(s)
    lines = []
    for g in golden:
        cands = by_name.get(g["name"]) or []
        if not cands:
            differ += 1
            lines.append("[%3d] %s: MISSING in this run" % (g["n"], g["name"]))
            continue
        s = cands.pop(0)
        out = []
        if g["status"] != s["status"]:
            out.append("status: golden {}, got {}".format(g["status"], s["status"]))
        gb, sb = g.get("body"), s.get("body")
        gf = gb.get("faultstring") if isinstance(gb, dict) else None
        sf = sb.get("faultstring") if isinstance(sb, dict) else None
        if gf != sf:
            out.append(f"faultstring:\n      golden: {gf}\n      got:    {sf}")
        if g.get("content_type") != s.get("content_type"):
            out.append(
                "content-type: golden {}, got {}".format(
                    g.get("content_type"), s.get("content_type")
                )
            )
        body_out = []
        if isinstance(gb, dict) and isinstance(sb, dict):
            gb2 = {k: v for k, v in gb.items() if k != "faultstring"}
            sb2 = {k: v for k, v in sb.items() if k != "faultstring"}
            _diff(gb2, sb2, "", body_out)
        else:
            _diff(gb, sb, "", body_out)
        out.extend(body_out)
        if out:
            differ += 1
            lines.append(
                "[%3d] %s  (%s %s%s) DIFF"
                % (g["n"], g["name"], g["method"], g["path"], _q(g["query"]))
            )
            lines.extend("    " + x for x in out)
        else:
            same += 1
    return same, differ, lines


def _q(query):
    if not query:
        return ""
    return "?" + "&".join(f"{k}={v}" for k, v in query)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("record")
    a.add_argument("--url", required=True)
    a.add_argument("--out", required=True)
    a.add_argument("-v", "--verbose", action="store_true")
    a.add_argument("--keep", action="store_true", help="skip cleanup")
    b = sub.add_parser("compare")
    b.add_argument("--url", required=True)
    b.add_argument("--golden", required=True)
    b.add_argument("-v", "--verbose", action="store_true")
    b.add_argument("--keep", action="store_true", help="skip cleanup")
    b.add_argument("--save", help="also write this run's record here")
    b.add_argument("--loose-ids", action="store_true", help="treat all ids as equal")
    c = sub.add_parser("show")
    c.add_argument("--golden", required=True)
    c.add_argument("--step", help="step number or substring of its name")
    args = ap.parse_args()

    if args.cmd == "show":
        with open(args.golden) as f:
            g = json.load(f)
        for s in g["steps"]:
            if args.step and not (args.step == str(s["n"]) or args.step in s["name"]):
                continue
            print(
                "[%3d] %s  %s %s%s -> %s"
                % (s["n"], s["name"], s["method"], s["path"], _q(s["query"]), s["status"])
            )
            if args.step:
                print(json.dumps(s, indent=2))
        return 0

    r = run(args.url, args.verbose, args.keep)
    doc = {"url": "<url>", "steps": r.steps}
    if args.cmd == "record":
        with open(args.out, "w") as f:
            json.dump(doc, f, indent=1, sort_keys=True)
            f.write("\n")
        print("recorded %d steps to %s" % (len(r.steps), args.out))
        return 0
    if args.save:
        with open(args.save, "w") as f:
            json.dump(doc, f, indent=1, sort_keys=True)
            f.write("\n")
    with open(args.golden) as f:
        golden = json.load(f)["steps"]
    same, differ, lines = compare_steps(golden, r.steps, loose_ids=args.loose_ids)
    for ln in lines:
        print(ln)
    print("%d same, %d differ" % (same, differ))
    return 0 if differ == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
