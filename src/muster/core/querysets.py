"""Permission-aware querysets: every read starts from `Model.objects.restrict(user, action)`."""

from django.db import models


class RestrictedQuerySet(models.QuerySet):
    # (user, action) once restricted, kept by every queryset derived from this one: what the test kit's meta-test
    # reads to prove that every choice a form, a filter or the API offers went through `restrict`.
    restricted_for = None

    def restrict(self, user, action="view"):
        """The rows `user` may perform `action` on; none at all when no permission grants it."""
        from .permissions import ALL, permission_filter

        condition = permission_filter(user, self.model, action)
        if condition is None:
            restricted = self.none()
        elif condition is ALL:
            restricted = self._chain()
        elif _crosses_many_relation(self.model, condition):
            # A constraint through a many-to-many relation would repeat rows in a join; a subquery
            # on the primary key keeps one row per object without DISTINCT.
            restricted = self.filter(pk__in=self.model._base_manager.filter(condition).values("pk"))
        else:
            restricted = self.filter(condition)
        restricted.restricted_for = (user, action)
        return restricted

    def _clone(self):
        clone = super()._clone()
        clone.restricted_for = self.restricted_for
        return clone


def _crosses_many_relation(model, condition):
    for child in condition.children:
        if isinstance(child, models.Q):
            if _crosses_many_relation(model, child):
                return True
            continue
        path = child[0].split("__")
        current = model
        for part in path:
            try:
                field = current._meta.get_field(part)
            except Exception:
                break
            if field.many_to_many or field.one_to_many:
                return True
            if not field.is_relation:
                break
            current = field.related_model
    return False


RestrictedManager = models.Manager.from_queryset(RestrictedQuerySet)
