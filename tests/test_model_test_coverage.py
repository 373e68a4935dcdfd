"""A model without the generic view and API tests fails here: nobody can add a model and forget its scope."""

import importlib
import inspect
from pathlib import Path

from muster.core import testing as kit
from muster.core.models import Job, ObjectChange
from muster.sources.models import Citation

# Models that have no views or endpoints of their own, and why.
EXEMPT = {
    Citation: "as visible and changeable as the record it cites: tests in tests/sources/test_citations.py",
    ObjectChange: "the change log itself: written by every test of the kit and shown on each record's history page",
    Job: "a user's own background jobs, no list or API: their page's need to know in tests/core/test_jobs.py",
}


def _test_classes():
    root = Path(__file__).parent
    for path in root.rglob("test_*.py"):
        if "browser" in path.parts:
            continue  # end-to-end flows, not per-model tests
        module = importlib.import_module(".".join(path.relative_to(root.parent).with_suffix("").parts))
        yield from (obj for _, obj in inspect.getmembers(module, inspect.isclass) if getattr(obj, "model", None))


def test_every_model_has_view_and_api_tests_for_every_persona():
    classes = list(_test_classes())
    missing = []
    for model in kit.muster_models():
        if model in EXEMPT:
            continue
        tested = [c for c in classes if c.model is model]
        views = any(issubclass(c, kit.ReadOnlyViewTests) for c in tested)
        api = any(issubclass(c, kit.ReadOnlyAPITests) for c in tested)
        constrained = any(issubclass(c, kit.ConstrainedReadOnlyViewTests) and
                          issubclass(c, kit.ConstrainedReadOnlyAPITests) for c in tested)
        if not views:
            missing.append(f"{model._meta.label}: no view tests")
        if not api:
            missing.append(f"{model._meta.label}: no API tests")
        if model.scope_paths and not constrained:
            missing.append(f"{model._meta.label}: has scope attributes {sorted(model.scope_paths)} but no "
                           "constrained-persona tests")
    assert not missing, "\n".join(missing)


def test_the_exempt_models_are_still_models_of_muster():
    assert set(EXEMPT) <= set(kit.muster_models())
