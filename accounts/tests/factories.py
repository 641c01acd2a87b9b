from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from accounts.models import Organisation, User


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"ORG{n:04d}")
    name = factory.Sequence(lambda n: f"经销商{n}")
    kind = Organisation.Kind.DEALER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "王"
    first_name = factory.Sequence(lambda n: f"测{n}")
    organisation = factory.LazyFunction(lambda: Organisation.objects.get(code="HQ"))
    password = factory.PostGenerationMethodCall("set_password", "pw-123456")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))  # type: ignore[attr-defined]
        if create:
            self.save()  # type: ignore[attr-defined]
