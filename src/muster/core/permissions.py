"""Permissions as data: which rows a user may view, add, change or delete.

`permission_filter(user, model, action)` turns the user's `ObjectPermission` grants into one `Q`
(or ALL, or None for nothing). `RestrictedQuerySet.restrict`, the auth backend (`user.has_perm`),
form choices, the API and exports all use it, so scope is decided in one place.
"""

from django.db.models import Q

from .models import ACTIONS, ObjectPermission

ALL = object()  # an unconstrained grant: every row of the model

_CACHE_ATTR = "_muster_object_permissions"
_KEPT_ATTR = "_muster_kept_with_grants"


def _grants(user):
    """{(model label, action): [constraint or None, …]} for `user`, loaded once per user object."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    grants = {}
    permissions = ObjectPermission.objects.filter(enabled=True).filter(
        Q(users=user) | Q(groups__user=user)
    ).distinct()
    for permission in permissions:
        for label in permission.object_types:
            for action in permission.actions:
                grants.setdefault((label.lower(), action), []).append(permission.constraints or None)
    setattr(user, _CACHE_ATTR, grants)
    return grants


def clear_cache(user):
    for attr in (_CACHE_ATTR, _KEPT_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def kept_with_grants(user, make):
    """`make(user)`, made once per user object and kept with the user's grants until clear_cache(user): what a caller
    derives from permission_filter alone and would otherwise work out anew at each call (the commune map keys its
    compiled query by the reader's scope, operations.selectors). Read when first asked for, as the grants are: a grant
    or a `$user.` attribute changed afterwards counts from the next user object loaded (the next request) or once
    the cache is cleared. `make` is the key: one value per function."""
    if user is None:
        return make(user)
    kept = getattr(user, _KEPT_ATTR, None)
    if kept is None:
        kept = {}
        setattr(user, _KEPT_ATTR, kept)
    if make not in kept:
        kept[make] = make(user)
    return kept[make]


def _resolve(value, user):
    """Fill a `$user.<attr>` token from the signed-in user."""
    if isinstance(value, list):
        return [_resolve(v, user) for v in value]
    if isinstance(value, str) and value.startswith("$user."):
        attr = value.removeprefix("$user.")
        return getattr(user, f"{attr}_id", None) if hasattr(user, f"{attr}_id") else getattr(user, attr, None)
    return value


def _constraint_q(model, constraint, user):
    """The Q for one grant's constraint, or None when the grant cannot apply to `model`."""
    paths = getattr(model, "scope_paths", {})
    q = Q()
    for key, raw in constraint.items():
        if key not in paths:
            return None  # fail closed: a constraint the model cannot express grants nothing
        value = _resolve(raw, user)
        if value is None or value == []:
            return None  # a token the user cannot fill (a liaison without a country) grants nothing
        path = paths[key]
        q &= Q(**{f"{path}__in": value}) if isinstance(value, list) else Q(**{path: value})
    return q


def _constraints(user, model, action):
    """The constraints of `user`'s grants of `action` on `model` (a list), ALL for a superuser, None for none."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}")
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return ALL
    return _grants(user).get((model._meta.label_lower, action)) or None


def permission_filter(user, model, action):
    """ALL, a Q of the rows `user` may `action` on `model`, or None for none."""
    constraints = _constraints(user, model, action)
    if constraints is None or constraints is ALL:
        return constraints
    combined = None
    for constraint in constraints:
        if constraint is None:
            return ALL
        q = _constraint_q(model, constraint, user)
        if q is not None:
            combined = q if combined is None else combined | q
    return combined


def scope_allows(user, model, attributes, action="view"):
    """Whether a record of `model` whose scope attributes are `attributes` lies within what `user` may `action`:
    what `restrict` decides for a stored record, decided for one kept apart from it (an issued situation report's
    frozen lines, reports.sitrep). `attributes` maps the model's scope attributes to the record's values, a list
    where the record has several (an incident's units' countries: any of them matches, as the join would). None
    for `user` is the system: everything. A constraint on an attribute the model has no path for, or that
    `attributes` does not give, grants nothing (fail closed, as permission_filter)."""
    if user is None:
        return True
    constraints = _constraints(user, model, action)
    if constraints is None or constraints is ALL:
        return constraints is ALL
    paths = getattr(model, "scope_paths", {})
    for constraint in constraints:
        if constraint is None:
            return True
        if all(key in paths and key in attributes and _attribute_matches(attributes[key], _resolve(raw, user))
               for key, raw in constraint.items()):
            return True
    return False


def _attribute_matches(given, allowed):
    if allowed is None or allowed == []:
        return False  # a token the user cannot fill grants nothing
    given = set(given) if isinstance(given, list | tuple | set) else {given}
    return bool(given & (set(allowed) if isinstance(allowed, list) else {allowed}))


def scope_heads(model):
    """The fields of `model` its scope paths start from: the relations that carry a record's scope, if any."""
    return {path.partition("__")[0] for path in getattr(model, "scope_paths", {}).values()}


def related_filter(user, model, action, field_name):
    """ALL, a Q on the records `model.<field_name>` points to, or None: those a record of `model` may point to and
    still lie within what `user` may `action` on it.

    Each grant's constraint keys whose scope path starts at `field_name` (Contingent's "country" for a movement's
    contingent is `contingent__country`: the contingent's `country`; FundingFlow's "organization" is `donor`: the
    donor itself) become a condition on the related record; a grant whose keys are all elsewhere leaves the field
    free (ALL). So a form or the API offers a donor only its own organization as the donor of a flow, and an id
    that would take a record out of scope is refused as an invalid choice, like an id that does not exist.
    """
    constraints = _constraints(user, model, action)
    if constraints is None or constraints is ALL:
        return constraints
    paths = getattr(model, "scope_paths", {})
    combined = None
    for constraint in constraints:
        if constraint is None:
            return ALL
        q, applies = Q(), True
        for key, raw in constraint.items():
            if key not in paths:
                applies = False  # fail closed, as permission_filter does
                break
            head, _, rest = paths[key].partition("__")
            if head != field_name:
                continue
            value = _resolve(raw, user)
            if value is None or value == []:
                applies = False
                break
            lookup = rest or "pk"
            q &= Q(**{f"{lookup}__in": value}) if isinstance(value, list) else Q(**{lookup: value})
        if not applies:
            continue
        if not q.children:
            return ALL  # this grant does not constrain the field at all
        combined = q if combined is None else combined | q
    return combined


class ObjectPermissionBackend:
    """Django auth backend: passwords as usual, `has_perm` from ObjectPermission rows.

    `user.has_perm("force.add_movement")` is true when any grant allows adding movements;
    with `obj`, only when that object lies within a grant's constraint.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        from django.contrib.auth.backends import ModelBackend

        return ModelBackend().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        from django.contrib.auth import get_user_model

        return get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()

    def has_perm(self, user, perm, obj=None):
        from django.apps import apps

        app_label, _, codename = perm.partition(".")
        action, _, model_name = codename.partition("_")
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            return bool(user.is_active and user.is_superuser)
        if action not in ACTIONS:
            return bool(user.is_active and user.is_superuser)
        condition = permission_filter(user, model, action)
        if condition is None:
            return False
        if obj is None or condition is ALL:
            return True
        return model._base_manager.filter(condition, pk=obj.pk).exists()

    def has_module_perms(self, user, app_label):
        return bool(user.is_active and user.is_superuser)


def enforce_scope(*, user, instance, action):
    """Raise PermissionDenied if a just-saved `instance` lies outside what `user` may `action`.

    Called inside the write's transaction, after save(), so that a record moved out of the user's
    scope (or into another country's) is rolled back, whatever path wrote it.
    """
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    if not type(instance).objects.restrict(user, action).filter(pk=instance.pk).exists():
        raise PermissionDenied(
            _("This record would fall outside what you may %(action)s; nothing was saved.") % {"action": action}
        )
