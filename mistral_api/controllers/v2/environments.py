"""/v2/environments: CRUD of environments, identified by name."""

import json

import pecan
from pecan import rest
from wsme import types as wtypes
from wsmeext import pecan as wsme_pecan

from mistral_api import listing, policies
from mistral_api.hooks import ctx
from mistral_api.resources import types
from mistral_api.resources.environments import Environment, Environments, variables_type
from mistral_api.resources.workflows import SCOPE_TYPES
from mistral_db import models
from mistral_engine import exceptions
from mistral_engine.services import environments as env_service


def _check_body_keys(allowed: list[str], ignore: tuple[str, ...] = ()) -> None:
    """Mistral accepts only the writable fields in the body, not e.g. ``id``."""
    body = json.loads(pecan.request.body.decode("utf-8"))
    if set(body) - set(ignore) - set(allowed):
        raise exceptions.InputException(
            "Please, check your environment definition. Only: "
            f"{allowed} are allowed as definition keys."
        )


def _values(env: Environment, columns) -> dict:
    """The fields the request set (an explicit null counts: it clears the field)."""
    return {
        column: getattr(env, column)
        for column in columns
        if getattr(env, column) is not wtypes.Unset
    }


def _created(wire: dict) -> dict:
    """Mistral answers a create with the columns it set, so empty ones are left out."""
    return {key: value for key, value in wire.items() if value is not None}


class EnvironmentsController(rest.RestController):
    @wsme_pecan.wsexpose(Environment, wtypes.text, types.uniquelist)
    def get(self, name, fields=""):
        policies.enforce("environments:get", ctx())
        listing.validate_fields(fields, Environment.get_fields())
        if fields and "id" not in fields:
            fields.insert(0, "id")
        row = env_service.get_environment(ctx(), name)
        return Environment.wire_from_db(row, fields or None)

    @wsme_pecan.wsexpose(Environment, body=Environment, status_code=201)
    def post(self, env):
        policies.enforce("environments:create", ctx())
        _check_body_keys(["name", "description", "variables", "scope"])
        policies.enforce_scope("environments", env.scope, ctx())
        row = env_service.create_environment(ctx(), _values(env, env_service.FIELDS))
        return _created(Environment.wire_from_db(row))

    @wsme_pecan.wsexpose(Environment, body=Environment)
    def put(self, env):
        policies.enforce("environments:update", ctx())
        if not env.name:
            raise exceptions.InputException("Name of the environment is not provided.")
        _check_body_keys(["description", "variables", "scope"], ignore=("name",))
        policies.enforce_scope("environments", env.scope, ctx())
        values = _values(env, ("description", "variables", "scope"))
        row = env_service.update_environment(ctx(), env.name, values)
        return Environment.wire_from_db(row)

    @wsme_pecan.wsexpose(None, wtypes.text, status_code=204)
    def delete(self, name):
        policies.enforce("environments:delete", ctx())
        env_service.delete_environment(ctx(), name)

    @wsme_pecan.wsexpose(
        Environments,
        types.uuid,
        int,
        types.uniquelist,
        types.list_type,
        types.uniquelist,
        wtypes.text,
        wtypes.text,
        variables_type,
        SCOPE_TYPES,
        wtypes.text,
        wtypes.text,
    )
    def get_all(
        self,
        marker=None,
        limit=None,
        sort_keys="created_at",
        sort_dirs="asc",
        fields="",
        name=None,
        description=None,
        variables=None,
        scope=None,
        created_at=None,
        updated_at=None,
    ):
        policies.enforce("environments:list", ctx())
        filters = {
            "name": name,
            "description": description,
            "variables": variables,
            "scope": scope,
            "created_at": created_at,
            "updated_at": updated_at,
        }
        return listing.get_all(
            Environments,
            Environment,
            models.Environment,
            ctx(),
            marker=marker,
            limit=limit,
            sort_keys=sort_keys,
            sort_dirs=sort_dirs,
            fields=fields,
            filters=filters,
        )
