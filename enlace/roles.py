"""The roles of Enlace: one Django group each, with its area, home page and permissions.

This registry is the single source for the data migration that creates the
groups, the navigation, the landing page after login and the demo users.
"""

from dataclasses import dataclass, field

import rules


@dataclass(frozen=True)
class Rol:
    codigo: str
    nombre: str
    area: str  # operaciones | comercial | atencion | admin
    inicio: str  # URL name of the role's home
    organizacion: str  # slug of the demo organisation the role belongs to
    permisos: tuple[str, ...] = field(default=())


SUPERVISION = ("enlace.ver_bitacora",)

ROLES: tuple[Rol, ...] = (
    # operaciones — Enl@ceGrup
    Rol("cop", "Coordinador de Operaciones (COP)", "operaciones", "operaciones:inicio", "enlacegrup", SUPERVISION),
    Rol("asesor", "Asesor", "operaciones", "operaciones:inicio", "concesionario-norte"),
    Rol("gerente_general", "Gerente general", "operaciones", "operaciones:inicio", "concesionario-norte", SUPERVISION),
    Rol("gerente_ventas", "Gerente de ventas", "operaciones", "operaciones:inicio", "concesionario-norte"),
    Rol("gerente_financiera", "Gerente de financiera", "operaciones", "operaciones:inicio", "concesionario-norte"),
    Rol("webmaster", "Webmaster", "operaciones", "operaciones:inicio", "concesionario-norte"),
    # comercial — COMTECO
    Rol(
        "responsable_empresas",
        "Responsable Ventas Empresas",
        "comercial",
        "comercial:empresas:inicio",
        "comteco",
        SUPERVISION,
    ),
    Rol("ejecutivo_empresas", "Ejecutivo(a) de ventas empresas", "comercial", "comercial:empresas:inicio", "comteco"),
    Rol("gestor_comercial", "Gestor(a) comercial", "comercial", "comercial:empresas:inicio", "comteco"),
    Rol("gestor_tecnico", "Gestor(a) técnico comercial", "comercial", "comercial:empresas:inicio", "comteco"),
    Rol("gestion_recursos", "Gestión de recursos", "comercial", "comercial:empresas:inicio", "comteco"),
    Rol("agente_digital", "Agente de ventas digitales", "comercial", "comercial:digitales:inicio", "comteco"),
    Rol(
        "responsable_call_center",
        "Responsable Centro de Llamadas",
        "comercial",
        "comercial:digitales:inicio",
        "comteco",
        SUPERVISION,
    ),
    Rol(
        "gestion_territorios",
        "Div. Gestión Integral Territorios",
        "comercial",
        "comercial:empresas:inicio",
        "comteco",
        SUPERVISION,
    ),
    # comercial — Carrazos
    Rol("lider_crm", "Líder CRM", "comercial", "comercial:crm:inicio", "carrazos", SUPERVISION),
    Rol("asesor_comercial", "Asesor comercial", "comercial", "comercial:crm:inicio", "carrazos"),
    Rol("gerente_comercial", "Gerente comercial", "comercial", "comercial:crm:inicio", "carrazos", SUPERVISION),
    Rol(
        "gerente_general_carrazos",
        "Gerente general (Carrazos)",
        "comercial",
        "comercial:crm:inicio",
        "carrazos",
        SUPERVISION,
    ),
    Rol("coordinador_mercadeo", "Coordinador(a) de mercadeo", "comercial", "comercial:crm:inicio", "carrazos"),
    Rol(
        "coordinador_calidad",
        "Coordinador(a) de sistemas de gestión",
        "comercial",
        "comercial:crm:inicio",
        "carrazos",
        SUPERVISION,
    ),
    # atencion — ENROK
    Rol("director", "Director(a)", "atencion", "atencion:inicio", "enrok", SUPERVISION),
    Rol("gerente_operaciones", "Gerente de operaciones", "atencion", "atencion:inicio", "enrok", SUPERVISION),
    Rol("agente", "Agente de atención", "atencion", "atencion:inicio", "enrok"),
    Rol("analista", "Analista", "atencion", "atencion:inicio", "enrok"),
    Rol("pyme", "Usuario PYME", "atencion", "atencion:inicio", "pyme-estetica-luna"),
)

POR_CODIGO = {rol.codigo: rol for rol in ROLES}


def rol_de(user):
    """The first registered role among the user's groups (cached on the instance)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_rol_cache"):
        codigos = set(user.groups.values_list("name", flat=True))
        user._rol_cache = next((rol for rol in ROLES if rol.codigo in codigos), None)
    return user._rol_cache


def tiene_rol(user, *codigos):
    rol = rol_de(user)
    return rol is not None and rol.codigo in codigos


def con_rol(*codigos):
    """A django-rules predicate (user): the user has one of these roles."""
    return rules.predicate(lambda user: tiene_rol(user, *codigos), name=f"con_rol({', '.join(codigos)})")


def es_el(campo, *codigos):
    """A django-rules predicate (user, obj): the user is ``obj.<campo>`` and has one of these roles."""

    def predicado(user, obj):
        return obj is not None and getattr(obj, f"{campo}_id") == user.pk and tiene_rol(user, *codigos)

    return rules.predicate(predicado, name=f"es_el({campo})")


def sincronizar_grupos(apps=None):
    """Create or update one group per role with exactly its permissions (idempotent).

    Called by the data migration with the historical ``apps`` and after every
    ``migrate`` or ``flush`` (post_migrate) with the live registry, so groups
    follow this registry and survive the database flushes of transactional tests.
    """
    from django.apps import apps as registro
    from django.contrib.auth.management import create_permissions

    apps = apps or registro
    for app_config in apps.get_app_configs():
        if apps is not registro:
            app_config.models_module = True  # historical app configs carry no module
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for rol in ROLES:
        grupo, _ = Group.objects.get_or_create(name=rol.codigo)
        permisos = []
        for nombre in rol.permisos:
            app_label, codename = nombre.split(".")
            permiso = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permiso is None and apps is not registro:
                continue  # its app migrates later; the post_migrate re-sync adds it
            if permiso is None:
                raise LookupError(f"El rol {rol.codigo} pide un permiso inexistente: {nombre}")
            permisos.append(permiso)
        grupo.permissions.set(permisos)
