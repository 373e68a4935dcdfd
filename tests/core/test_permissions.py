"""Permissions are data: grants, constraints, tokens filled from the user, and failing closed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from muster.core.models import ObjectPermission
from muster.core.permissions import enforce_scope
from muster.core.testing import make_user
from muster.force.models import Contingent, Movement
from muster.missions.models import Country
from muster.sources.models import Source
from tests.factories import ContingentFactory, MovementFactory, SourceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_world")]


@pytest.fixture
def contingents():
    return ContingentFactory(country_id="GTM"), ContingentFactory(country_id="KEN")


def test_a_user_token_in_a_constraint_serves_every_countrys_liaison(contingents):
    guatemala, kenya = contingents
    role = [(["force.contingent"], ["view"], {"country": "$user.country"})]
    gtm, ken = make_user("gtm", grants=role, country="GTM"), make_user("ken", grants=role, country="KEN")
    assert list(Contingent.objects.restrict(gtm, "view")) == [guatemala]
    assert list(Contingent.objects.restrict(ken, "view")) == [kenya]


def test_a_constraint_may_name_several_values(contingents):
    user = make_user("two", grants=[(["force.contingent"], ["view"], {"country": ["GTM", "KEN"]})])
    assert Contingent.objects.restrict(user, "view").count() == 2


def test_grants_add_up_and_an_unconstrained_one_gives_everything(contingents):
    user = make_user("both", grants=[(["force.contingent"], ["view"], {"country": "GTM"}),
                                     (["force.contingent"], ["view"], None)])
    assert Contingent.objects.restrict(user, "view").count() == 2


def test_a_grant_for_one_action_gives_no_other(contingents):
    user = make_user("viewer", grants=[(["force.contingent"], ["view"], None)])
    assert Contingent.objects.restrict(user, "change").count() == 0
    assert user.has_perm("force.view_contingent") and not user.has_perm("force.change_contingent")


def test_has_perm_with_an_object_checks_the_constraint(contingents):
    guatemala, kenya = contingents
    user = make_user("gtm", grants=[(["force.contingent"], ["change"], {"country": "GTM"})])
    assert user.has_perm("force.change_contingent", guatemala)
    assert not user.has_perm("force.change_contingent", kenya)


def test_a_liaison_without_a_country_gets_nothing_from_a_country_token(contingents):
    user = make_user("nobody", grants=[(["force.contingent"], ["view"], {"country": "$user.country"})])
    assert Contingent.objects.restrict(user, "view").count() == 0


def test_a_constraint_the_model_cannot_express_is_refused_when_saved():
    permission = ObjectPermission(name="bad", object_types=["sources.source"], actions=["view"],
                                  constraints={"country": "GTM"})
    with pytest.raises(ValidationError, match="sources.source has no scope attribute country"):
        permission.full_clean()


def test_a_constraint_that_cannot_apply_grants_nothing_rather_than_everything():
    SourceFactory()
    user = make_user("odd")
    permission = ObjectPermission.objects.create(name="odd", object_types=["sources.source"], actions=["view"],
                                                 constraints={"country": "GTM"})  # saved without clean()
    permission.users.add(user)
    assert Source.objects.restrict(user, "view").count() == 0


def test_unknown_actions_and_types_are_refused():
    with pytest.raises(ValidationError, match="Choose from"):
        ObjectPermission(name="x", object_types=["force.movement"], actions=["fly"]).full_clean()
    with pytest.raises(ValidationError, match="Unknown object type"):
        ObjectPermission(name="y", object_types=["force.nothing"], actions=["view"]).full_clean()


def test_constraints_through_a_many_to_many_relation_give_each_object_once():
    from tests.factories import ClaimFactory

    claim = ClaimFactory(countries=["BHS", "BLZ"])
    user = make_user("caribbean", grants=[(["sources.claim"], ["view"], {"country": ["BHS", "BLZ"]})])
    assert list(claim.__class__.objects.restrict(user, "view")) == [claim]


def test_anonymous_and_inactive_users_get_nothing(contingents):
    from django.contrib.auth.models import AnonymousUser

    assert Contingent.objects.restrict(AnonymousUser(), "view").count() == 0
    user = make_user("gone", grants=[(["force.contingent"], ["view"], None)])
    user.is_active = False
    assert Contingent.objects.restrict(user, "view").count() == 0


def test_a_write_moved_out_of_scope_is_refused_inside_the_transaction(contingents):
    guatemala, kenya = contingents
    user = make_user("gtm", grants=[(["force.movement"], ["add", "change", "view"], {"country": "GTM"})])
    movement = MovementFactory(contingent=guatemala)
    movement.contingent = kenya
    movement.save()
    with pytest.raises(PermissionDenied, match="outside what you may change"):
        enforce_scope(user=user, instance=movement, action="change")


def test_countries_are_every_iso_3166_country():
    assert Country.objects.count() == 249
    assert Country.objects.get(pk="HTI").iso2 == "HT"


def test_country_names_follow_the_language(settings):
    from django.utils import translation

    haiti = Country.objects.get(pk="HTI")
    with translation.override("es"):
        assert Country.objects.get(pk="DEU").local_name == "Alemania"
    with translation.override("fr"):
        assert Country.objects.get(pk="DEU").local_name == "Allemagne"
    assert haiti.local_name == "Haiti"


def test_movement_is_restricted_through_its_contingent(contingents):
    guatemala, kenya = contingents
    MovementFactory(contingent=guatemala)
    MovementFactory(contingent=kenya)
    user = make_user("gtm", grants=[(["force.movement"], ["view"], {"country": "GTM"})])
    assert {m.contingent.country_id for m in Movement.objects.restrict(user, "view")} == {"GTM"}
