"""Companies, the cartera and its assignment policy, the monthly plans (step 1) and the interactions.

None of these writes is a transition: each is one ``acciones.Escritura`` below (who may: a rule of
``rules.py``), enforced here and offered by the pages.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from comercial.empresas.mensajes import (
    EJECUTIVO_INVALIDO,
    NIT_DUPLICADO,
    SIN_EJECUTIVOS,
    SIN_PERMISO_ASIGNAR,
    SIN_PERMISO_CONTACTO,
    SIN_PERMISO_EMPRESA,
    SIN_PERMISO_INTERACCION,
    SIN_PERMISO_PLANIFICAR,
    SIN_PERMISO_PRIORIZAR,
)
from comercial.empresas.meses import mes_de
from comercial.empresas.models import ContactoEmpresa, Empresa, PlanMensual, Prioridad
from comercial.empresas.selectors import usuarios_con_rol
from comercial.empresas.services.comun import ErrorEmpresas, interaccion_crear, registrar_evento
from enlace import acciones, bitacora, roles
from enlace.notificaciones.services import notificar

# Organisation-wide writes take the organisation as their object; the others, the company.
REGISTRAR_EMPRESA = acciones.Escritura(permiso="comercial_empresas.registrar_empresa", sin_permiso=SIN_PERMISO_EMPRESA)
AGREGAR_CONTACTO = acciones.Escritura(permiso="comercial_empresas.agregar_contacto", sin_permiso=SIN_PERMISO_CONTACTO)
REGISTRAR_INTERACCION = acciones.Escritura(
    permiso="comercial_empresas.registrar_interaccion", sin_permiso=SIN_PERMISO_INTERACCION
)
# One company (its page) or every company without ejecutivo (the organisation, on the list).
ASIGNAR_CARTERA = acciones.Escritura(permiso="comercial_empresas.asignar_cartera", sin_permiso=SIN_PERMISO_ASIGNAR)
PRIORIZAR_EMPRESA = acciones.Escritura(permiso="comercial_empresas.priorizar", sin_permiso=SIN_PERMISO_PRIORIZAR)
PLANIFICAR = acciones.Escritura(permiso="comercial_empresas.planificar", sin_permiso=SIN_PERMISO_PLANIFICAR)


def _ejecutivo_valido(organizacion, usuario):
    if usuario is None or not usuarios_con_rol(organizacion, "ejecutivo_empresas").filter(pk=usuario.pk).exists():
        raise ErrorEmpresas(EJECUTIVO_INVALIDO)


def empresa_registrar(*, actor, organizacion, datos, contacto=None):
    """Register a company (a prospect). An ejecutivo's own prospects go into their cartera.

    Validates the NIT (raises ErrorEmpresas with the Spanish message); returns the Empresa.
    Raises AccionRechazada (REGISTRAR_EMPRESA).
    """
    REGISTRAR_EMPRESA.exigir(organizacion, actor)
    empresa = Empresa(organizacion=organizacion, **datos)
    if Empresa.objects.filter(organizacion=organizacion, nit=empresa.nit).exists():
        raise ErrorEmpresas(NIT_DUPLICADO.format(nit=empresa.nit))
    try:
        empresa.full_clean(exclude=["ejecutivo"], validate_constraints=False)
    except ValidationError as error:
        raise ErrorEmpresas(" ".join(m for lista in error.message_dict.values() for m in lista)) from error
    if roles.tiene_rol(actor, "ejecutivo_empresas"):
        empresa.ejecutivo = actor
        empresa.asignada_en = timezone.now()
    try:
        with transaction.atomic():
            empresa.save()
            if contacto and contacto.get("nombre"):
                ContactoEmpresa.objects.create(empresa=empresa, principal=True, **contacto)
            registrar_evento(
                "empresa.registrar",
                actor,
                empresa,
                {"nit": empresa.nit, "giro": empresa.giro, "ejecutivo": empresa.ejecutivo_id},
            )
    except IntegrityError as error:
        raise ErrorEmpresas(NIT_DUPLICADO.format(nit=empresa.nit)) from error
    return empresa


def contacto_agregar(*, actor, empresa, datos):
    """Add a contact person to a company; returns it. Raises AccionRechazada (AGREGAR_CONTACTO)."""
    with transaction.atomic():
        AGREGAR_CONTACTO.exigir(empresa, actor)
        contacto = ContactoEmpresa.objects.create(empresa=empresa, **datos)
        registrar_evento("empresa.contacto", actor, empresa, {"contacto": contacto.nombre})
    return contacto


def empresa_priorizar(*, actor, empresa, prioridad):
    """Set the priority of a company of the cartera (1 alta … 3 baja); returns it.

    Raises AccionRechazada (PRIORIZAR_EMPRESA: its ejecutivo or the Responsable).
    """
    prioridad = Prioridad(int(prioridad))
    with transaction.atomic():
        empresa = Empresa.objects.select_for_update().get(pk=empresa.pk)
        PRIORIZAR_EMPRESA.exigir(empresa, actor)
        anterior = empresa.prioridad
        empresa.prioridad = prioridad
        empresa.save(update_fields=["prioridad"])
        registrar_evento("empresa.priorizar", actor, empresa, {"de": anterior, "a": int(prioridad)})
    return empresa


def empresa_asignar(*, actor, empresa, ejecutivo):
    """The Responsable assigns (or reassigns) a company of the cartera to an ejecutivo.

    Raises AccionRechazada (ASIGNAR_CARTERA), or ErrorEmpresas for someone who is not an ejecutivo.
    """
    with transaction.atomic():
        empresa = Empresa.objects.select_for_update().get(pk=empresa.pk)
        ASIGNAR_CARTERA.exigir(empresa, actor)
        _ejecutivo_valido(empresa.organizacion, ejecutivo)
        anterior = empresa.ejecutivo_id
        empresa.ejecutivo = ejecutivo
        empresa.asignada_en = timezone.now()
        empresa.save(update_fields=["ejecutivo", "asignada_en"])
        registrar_evento(
            "cartera.asignar",
            actor,
            empresa,
            {"de": anterior, "a": ejecutivo.pk, "politica": "manual"},
        )
        notificar(
            destinatarios=[ejecutivo],
            titulo=f"Empresa asignada a su cartera: {empresa.razon_social}",
            cuerpo=f"El Responsable le asignó {empresa} ({empresa.get_giro_display()}, {empresa.localidad}).",
            enlace=reverse("comercial:empresas:empresa", args=[empresa.pk]),
            por_correo=False,
        )
    return empresa


def cartera_asignar_automatica(*, actor, organizacion, tolerancia):
    """Assign every company without ejecutivo following the assignment policy; returns how many.

    Policy: prefer the ejecutivo who already serves the most companies of the same giro, unless
    their load exceeds the lightest load by more than ``tolerancia``; otherwise the lightest load
    (ties: fewer of that giro, then the lowest id). Raises AccionRechazada (ASIGNAR_CARTERA), or
    ErrorEmpresas without ejecutivos.
    """
    ASIGNAR_CARTERA.exigir(organizacion, actor)
    ejecutivos = list(usuarios_con_rol(organizacion, "ejecutivo_empresas"))
    if not ejecutivos:
        raise ErrorEmpresas(SIN_EJECUTIVOS)
    with transaction.atomic():
        pendientes = list(
            Empresa.objects.select_for_update()
            .filter(organizacion=organizacion, ejecutivo__isnull=True)
            .order_by("giro", "localidad", "pk")
        )
        if not pendientes:
            return 0
        carga = {e.pk: 0 for e in ejecutivos}
        por_giro = {}
        filas = (
            Empresa.objects.filter(organizacion=organizacion, ejecutivo__in=carga)
            .values("ejecutivo", "giro")
            .annotate(n=Count("pk"))
        )
        for fila in filas:
            carga[fila["ejecutivo"]] += fila["n"]
            por_giro[(fila["ejecutivo"], fila["giro"])] = fila["n"]
        ahora = timezone.now()
        for empresa in pendientes:
            minima = min(carga.values())
            candidatos = [pk for pk in carga if carga[pk] - minima <= tolerancia]
            elegido = min(
                candidatos,
                key=lambda pk: (-por_giro.get((pk, empresa.giro), 0), carga[pk], pk),
            )
            empresa.ejecutivo_id = elegido
            empresa.asignada_en = ahora
            carga[elegido] += 1
            por_giro[(elegido, empresa.giro)] = por_giro.get((elegido, empresa.giro), 0) + 1
        Empresa.objects.bulk_update(pendientes, ["ejecutivo", "asignada_en"], batch_size=1000)
        bitacora.registrar(
            tipo="empresas.cartera.asignar_automatica",
            actor=actor,
            organizacion=organizacion,
            datos={
                "politica": "afinidad por giro con balance de carga",
                "tolerancia": tolerancia,
                "asignadas": len(pendientes),
                "carga_final": {str(k): v for k, v in carga.items()},
            },
        )
        nombres = {e.pk: e for e in ejecutivos}
        recibidas = {}
        for empresa in pendientes:
            recibidas[empresa.ejecutivo_id] = recibidas.get(empresa.ejecutivo_id, 0) + 1
        for pk, n in recibidas.items():
            notificar(
                destinatarios=[nombres[pk]],
                titulo=f"Se asignaron {n} empresa(s) a su cartera",
                cuerpo="Revise su cartera de clientes.",
                enlace=reverse("comercial:empresas:empresas"),
                por_correo=False,
            )
    return len(pendientes)


def plan_guardar(*, actor, organizacion, ejecutivo, mes, modalidad, metas, indicaciones=""):
    """Step 1: create or update an ejecutivo's monthly plan (modalidad and targets); returns it.

    Raises AccionRechazada (PLANIFICAR), or ErrorEmpresas for someone who is not an ejecutivo.
    """
    PLANIFICAR.exigir(organizacion, actor)
    _ejecutivo_valido(organizacion, ejecutivo)
    mes = mes_de(mes)
    with transaction.atomic():
        plan, creado = PlanMensual.objects.select_for_update().update_or_create(
            ejecutivo=ejecutivo,
            mes=mes,
            modalidad=modalidad,
            defaults={"organizacion": organizacion, "creado_por": actor, "indicaciones": indicaciones, **metas},
        )
        registrar_evento(
            "plan.guardar",
            actor,
            plan,
            {"mes": mes.isoformat(), "modalidad": modalidad, "creado": creado, **{k: str(v) for k, v in metas.items()}},
        )
        notificar(
            destinatarios=[ejecutivo],
            titulo=f"Plan de trabajo de {mes:%m/%Y}: {plan.get_modalidad_display()}",
            cuerpo=indicaciones or "El Responsable registró su plan y metas del mes.",
            enlace=reverse("comercial:empresas:planes"),
            por_correo=False,
        )
    return plan


def interaccion_registrar(*, actor, empresa, canal, resultado, fecha=None, venta=None):
    """Log one contact with the client (any role that can see the company); returns it.

    Raises AccionRechazada (REGISTRAR_INTERACCION).
    """
    with transaction.atomic():
        REGISTRAR_INTERACCION.exigir(empresa, actor)
        interaccion = interaccion_crear(
            venta=venta, empresa=empresa, actor=actor, canal=canal, resultado=resultado, fecha=fecha
        )
        registrar_evento(
            "interaccion.registrar", actor, empresa, {"canal": canal, "venta": venta.pk if venta else None}
        )
    return interaccion
