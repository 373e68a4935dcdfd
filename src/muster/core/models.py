"""Framework models every app uses: users, permissions as data, the change log, the base model."""

import datetime
import uuid

from django.apps import apps
from django.contrib.auth.models import AbstractUser, Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .querysets import RestrictedManager

ACTIONS = ("view", "add", "change", "delete")


class StaleEditError(Exception):
    """An edit was based on a version of the record that someone else has since changed."""


class User(AbstractUser):
    """A person who signs in. `country` and `organization` fill `$user.*` tokens in constraints."""

    country = models.ForeignKey(
        "missions.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("For a contributing-country liaison: the country whose records this user keeps."),
        verbose_name=_("country"),
    )
    organization = models.ForeignKey(
        "missions.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("For a donor representative: the organization this user speaks for."),
        verbose_name=_("organization"),
    )


class ObjectPermission(models.Model):
    """A grant of actions on object types, optionally limited by a constraint.

    The constraint is a JSON object of *scope attributes* (``{"country": "GTM"}``) that each model maps
    to its own lookup (`Movement.scope_paths["country"] == "contingent__country"`), so one grant reads
    the same for every object type. A value may be a list (any of) or a token such as
    ``"$user.country"``, filled from the signed-in user, so one role serves every country's liaison.
    """

    name = models.CharField(max_length=100, unique=True, verbose_name=_("name"))
    description = models.CharField(max_length=200, blank=True, verbose_name=_("description"))
    enabled = models.BooleanField(default=True, verbose_name=_("enabled"))
    object_types = models.JSONField(help_text=_('Model labels, e.g. ["force.movement", "force.contingent"].'),
                                    verbose_name=_("object types"))
    actions = models.JSONField(help_text=_('Any of "view", "add", "change", "delete".'), verbose_name=_("actions"))
    constraints = models.JSONField(null=True, blank=True, help_text=_('e.g. {"country": "$user.country"}'),
                                   verbose_name=_("constraints"))
    groups = models.ManyToManyField(Group, blank=True, related_name="object_permissions", verbose_name=_("groups"))
    users = models.ManyToManyField(User, blank=True, related_name="object_permissions", verbose_name=_("users"))

    class Meta:
        verbose_name = _("object permission")
        verbose_name_plural = _("object permissions")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if not isinstance(self.actions, list) or not self.actions or set(self.actions) - set(ACTIONS):
            raise ValidationError({"actions": _("Choose from %s.") % ", ".join(ACTIONS)})
        if not isinstance(self.object_types, list) or not self.object_types:
            raise ValidationError({"object_types": _("Name at least one object type.")})
        for label in self.object_types:
            try:
                model = apps.get_model(label)
            except (LookupError, ValueError):
                raise ValidationError({"object_types": _("Unknown object type %s.") % label}) from None
            for key in (self.constraints or {}):
                if key not in getattr(model, "scope_paths", {}):
                    raise ValidationError(
                        {"constraints": _("%(model)s has no scope attribute %(key)s.") % {"model": label, "key": key}}
                    )
        if self.constraints is not None and not isinstance(self.constraints, dict):
            raise ValidationError({"constraints": _("A constraint is a JSON object.")})


class ChangeLoggedModel(models.Model):
    """Base for every record users change: restricted manager, version for optimistic concurrency.

    `created` and `last_updated` are *record time*; what happened in the world is in each model's own
    effective-date fields. Saves and deletes are written to the change log by `core.changelog`.
    """

    created = models.DateTimeField(auto_now_add=True, editable=False)
    last_updated = models.DateTimeField(auto_now=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RestrictedManager()

    # Scope attribute -> lookup path used by permission constraints; each model fills its own.
    scope_paths: dict = {}

    # Who a form, the API or a service is validating this record for (None: the system). A rule of clean() that
    # reads other records names them in its message only if the editor may see them (editor_may_see); otherwise it
    # says only that the record cannot be saved (DESIGN.md: need to know, in every message).
    editor = None

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None:
            # Claim the next version only if nobody has saved since this copy was read.
            claimed = type(self)._base_manager.filter(pk=self.pk, version=self.version).update(
                version=self.version + 1
            )
            if not claimed:
                raise StaleEditError(
                    _("%(object)s was changed by someone else after you opened it. Reload it, check their "
                      "change, and make yours again.") % {"object": self}
                )
            self.version += 1
        super().save(*args, **kwargs)

    def editor_may_see(self, record):
        if self.editor is None:
            return True
        return type(record).objects.restrict(self.editor, "view").filter(pk=record.pk).exists()

    def clean_delete(self):
        """Raise ValidationError if deleting this record would break an invariant (e.g. leave a balance
        below nothing). Every delete path (page, API) calls it inside the delete's transaction."""


class ObjectChange(models.Model):
    """One create, update or delete of a change-logged record: who, when (record time), before, after."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        DELETE = "delete", _("Deleted")

    time = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("time"))
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes",
                             verbose_name=_("user"))
    user_name = models.CharField(max_length=150, editable=False,
                                 verbose_name=_("user name"))  # frozen: survives the user's deletion
    request_id = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False, verbose_name=_("request id"))
    action = models.CharField(max_length=10, choices=Action.choices, verbose_name=_("action"))
    object_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("object type"))
    object_id = models.CharField(max_length=64, db_index=True, verbose_name=_("object id"))
    object_repr = models.CharField(max_length=200, verbose_name=_("object repr"))
    prechange_data = models.JSONField(null=True, encoder=DjangoJSONEncoder, verbose_name=_("prechange data"))
    postchange_data = models.JSONField(null=True, encoder=DjangoJSONEncoder, verbose_name=_("postchange data"))
    message = models.CharField(max_length=500, blank=True, verbose_name=_("message"))

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("object change")
        verbose_name_plural = _("object changes")
        ordering = ["-time", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id", "time"])]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"

    def diff(self):
        """(field, before, after) for each field this change altered."""
        before, after = self.prechange_data or {}, self.postchange_data or {}
        return [(k, before.get(k), after.get(k)) for k in sorted(set(before) | set(after))
                if before.get(k) != after.get(k)]


class PendingUpload(models.Model):
    """A file sent to be previewed, kept in the database until its user commits it (or for a day at most).

    In the database, not on a server's disk: the preview and the commit may reach different app servers behind one
    load balancer, and none of them keeps anything between requests. Only the user who sent it may commit it.
    """

    KEPT_FOR = datetime.timedelta(days=1)

    # the content's SHA-256 and its extension, named in the commit form
    token = models.CharField(max_length=80, verbose_name=_("token"))
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name=_("user"))
    name = models.CharField(max_length=200, verbose_name=_("name"))
    content = models.BinaryField(verbose_name=_("content"))
    created = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("pending upload")
        verbose_name_plural = _("pending uploads")
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="pending_upload_one_per_user")]

    def __str__(self):
        return f"{self.name} ({self.user_id}, {self.created:%Y-%m-%d %H:%M})"

    @classmethod
    def purge(cls, now=None):
        """Delete the uploads older than a day; the number deleted."""
        return cls.objects.filter(created__lt=(now or timezone.now()) - cls.KEPT_FOR).delete()[0]

    @classmethod
    def keep(cls, *, user, token, name, content):
        """Keep `content` for `user` under `token` (again: its day starts anew), purging the expired first."""
        cls.purge()
        cls.objects.update_or_create(user=user, token=token,
                                     defaults={"name": name, "content": content, "created": timezone.now()})

    @classmethod
    def fetch(cls, *, user, token):
        """The content `user` sent under `token` less than a day ago, or None (expired, or someone else's)."""
        row = cls.objects.filter(user=user, token=token, created__gte=timezone.now() - cls.KEPT_FOR).first()
        return bytes(row.content) if row is not None else None


class JobQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        """The jobs `user` may watch: those they started; every job for the administrator (superuser)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self._chain() if user.is_superuser else self.filter(user=user)


class Job(models.Model):
    """Work that can outlast a request (a backup, a large import, a long report as PDF), run by `muster worker`
    (or in the request where no worker is configured), watched by the user who started it (core/jobs.py).

    Its result is kept here, in the database, not on a server's disk: the worker and the app server that offers
    the download are not the same machine. Jobs are deleted a day after they finish (`Job.purge`).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    KEPT_FOR = datetime.timedelta(days=1)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False,
                          verbose_name=_("id"))  # not guessable, in the address
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name=_("user"))
    title = models.CharField(max_length=200,
                             verbose_name=_("title"))  # what it does, as the user reads it: "Backup of the database"
    work = models.CharField(max_length=200, verbose_name=_("work"))  # the dotted path of the function that does it
    params = models.JSONField(default=dict, encoder=DjangoJSONEncoder, verbose_name=_("params"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, verbose_name=_("status"))
    step = models.CharField(max_length=200, blank=True,
                            verbose_name=_("step"))  # what it is doing now: "Reading the file"
    done = models.PositiveBigIntegerField(default=0, verbose_name=_("done"))
    total = models.PositiveBigIntegerField(null=True, blank=True,
                                           verbose_name=_("total"))  # unknown until the work says
    message = models.TextField(blank=True, verbose_name=_("message"))  # the outcome in words, or why it failed
    result_name = models.CharField(max_length=200, blank=True,
                                   verbose_name=_("result name"))  # a file to download: its name,
    result_content_type = models.CharField(max_length=100, blank=True,
                                           verbose_name=_("result content type"))  # its type,
    result_content = models.BinaryField(null=True, blank=True, verbose_name=_("result content"))  # and its bytes
    result_url = models.CharField(max_length=500, blank=True,
                                  verbose_name=_("result url"))  # or a page to go to once done
    created = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("created"))
    started = models.DateTimeField(null=True, blank=True, verbose_name=_("started"))
    finished = models.DateTimeField(null=True, blank=True, verbose_name=_("finished"))

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("core:job", args=[self.pk])

    @property
    def finished_ok(self):
        return self.status == self.Status.DONE

    @property
    def over(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0

    @classmethod
    def purge(cls, now=None):
        """Delete the jobs (and their files) finished more than a day ago, with the task queue's rows of that age;
        the number of jobs deleted."""
        from django_tasks_db.models import DBTaskResult

        before = (now or timezone.now()) - cls.KEPT_FOR
        DBTaskResult.objects.filter(finished_at__lt=before).delete()
        WorkerHeartbeat.objects.filter(seen__lt=before).delete()
        return cls.objects.filter(finished__lt=before).delete()[0]


class WorkerHeartbeat(models.Model):
    """A `muster worker` process saying it is alive, every few seconds: what `/health/` reads."""

    worker_id = models.CharField(max_length=64, primary_key=True, verbose_name=_("worker id"))
    host = models.CharField(max_length=200, verbose_name=_("host"))
    pid = models.PositiveIntegerField(verbose_name=_("pid"))
    started = models.DateTimeField(default=timezone.now, verbose_name=_("started"))
    seen = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("seen"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.host}:{self.pid} ({self.seen:%Y-%m-%d %H:%M:%S})"
