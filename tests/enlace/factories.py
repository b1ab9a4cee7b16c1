import factory
import faker
from django.contrib.auth.models import Group

from enlace import roles
from enlace.models import Organizacion, Usuario

CONTRASENA = "clave-de-prueba-123"


class OrganizacionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organizacion
        django_get_or_create = ["slug"]

    nombre = factory.Sequence(lambda n: f"Organización {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    tipo = Organizacion.Tipo.EMPRESA


_faker_mx = faker.Faker("es_MX")


class UsuarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Usuario
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"usuario{n}@ejemplo.test")
    # Faker's es_MX list has «Alta  Gracia» with two spaces; HTML and PDFs show names with one.
    first_name = factory.LazyFunction(lambda: " ".join(_faker_mx.first_name().split()))
    last_name = factory.Faker("last_name", locale="es_MX")
    organizacion = factory.SubFactory(OrganizacionFactory)
    password = factory.django.Password(CONTRASENA)

    @factory.post_generation
    def rol(self, create, codigo, **kwargs):
        """``UsuarioFactory(rol="cop")`` puts the user in that role's group."""
        if create and codigo:
            assert codigo in roles.POR_CODIGO, f"rol desconocido: {codigo}"
            self.groups.add(Group.objects.get(name=codigo))
