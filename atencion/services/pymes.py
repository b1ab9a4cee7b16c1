"""A PYME's onboarding (diagnosis → configuration → active) and its protocol: profile and channels, service
hours, days off, SLA targets, contact reasons and scripts. Only who configures PYMEs may write them: each
write raises AccionRechazada otherwise (its Escritura in atencion.escrituras)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from atencion import escrituras
from atencion.mensajes import (
    MSG_GIRO_INACTIVO,
    MSG_PYME_REPETIDA,
    MSG_REGISTRAR_SIN_PERMISO,
    MSG_SLA_INVALIDO,
    MSG_SUSPENDER_SIN_MOTIVO,
    MSG_ZONA_DE_OTRO_PAIS,
)
from atencion.models import (
    DiaInhabil,
    Giro,
    Guion,
    HorarioAtencion,
    MotivoContacto,
    ObjetivoSla,
    PerfilPyme,
    validar_marcadores,
)
from atencion.services.comun import ErrorAtencion
from enlace import acciones, bitacora, cuentas
from enlace.models import Organizacion
from enlace.roles import tiene_rol

# ENROK serves PYMES in these countries: their currency and the time zones a director can choose.
MONEDA_POR_PAIS = {"MX": Organizacion.Moneda.MXN, "CO": Organizacion.Moneda.COP, "BO": Organizacion.Moneda.BOB}
ZONAS_POR_PAIS = {
    "MX": ("America/Mexico_City", "America/Monterrey", "America/Cancun", "America/Tijuana"),
    "CO": ("America/Bogota",),
    "BO": ("America/La_Paz",),
}


def pyme_registrar(
    *, actor, nombre, giro, pais, zona_horaria, contrato_inicio, servicios="", objetivos=None, **canales
):
    """ENROK's director or gerente de operaciones registers a client PYME: its organisation under ENROK
    and its profile in diagnosis, with the contracted channels (``canal_llamada``, ``canal_whatsapp``,
    ``canal_correo``), a giro of the catalogue (a Giro or its code) and its SLA targets per priority
    (``{prioridad: (primera_respuesta_min, resolucion_min)}``, for every contracted channel). Raises
    AccionRechazada for another role, ErrorAtencion for a taken name, an inactive giro, a time zone not of
    the country or a resolution target shorter than its response."""
    nombre = " ".join((nombre or "").split())
    if not tiene_rol(actor, "director", "gerente_operaciones") or actor.organizacion_id is None:
        raise acciones.AccionRechazada(MSG_REGISTRAR_SIN_PERMISO)
    if zona_horaria not in ZONAS_POR_PAIS.get(pais, ()):
        raise ErrorAtencion(MSG_ZONA_DE_OTRO_PAIS)
    giro = Giro.objects.filter(codigo=getattr(giro, "codigo", giro), activo=True).first()
    if giro is None:
        raise ErrorAtencion(MSG_GIRO_INACTIVO)
    objetivos = objetivos or {}
    if any(not r or not s or s < r for r, s in objetivos.values()):
        raise ErrorAtencion(MSG_SLA_INVALIDO)
    enrok = actor.organizacion
    if Organizacion.objects.filter(padre=enrok, tipo=Organizacion.Tipo.PYME, nombre__iexact=nombre).exists():
        raise ErrorAtencion(MSG_PYME_REPETIDA.format(nombre=nombre))
    with transaction.atomic():
        pyme = Organizacion.objects.create(
            nombre=nombre,
            slug=_slug_libre(nombre),
            tipo=Organizacion.Tipo.PYME,
            padre=enrok,
            pais=pais,
            moneda=MONEDA_POR_PAIS[pais],
            zona_horaria=zona_horaria,
        )
        perfil = PerfilPyme.objects.create(
            pyme=pyme, giro=giro, contrato_inicio=contrato_inicio, servicios=servicios.strip(), **canales
        )
        ObjetivoSla.objects.bulk_create(
            [
                ObjetivoSla(pyme=pyme, canal=canal, prioridad=p, primera_respuesta_min=r, resolucion_min=s)
                for canal in perfil.canales()
                for p, (r, s) in objetivos.items()
            ]
        )
        bitacora.registrar(
            tipo="atencion.pyme.alta",
            actor=actor,
            objeto=perfil,
            organizacion=pyme,
            datos={
                "giro": giro.codigo,
                "pais": pais,
                "contrato_inicio": contrato_inicio,
                "sla": {p: list(v) for p, v in objetivos.items()},
            },
        )
        return perfil


def _slug_libre(nombre):
    base = slugify(nombre)[:70] or "pyme"
    ocupados = set(Organizacion.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    return next(s for s in (base, *(f"{base}-{n}" for n in range(2, len(ocupados) + 3))) if s not in ocupados)


def pyme_invitar_usuario(*, actor, pyme, correo, nombre):
    """Open an account for a person of the PYME (its portal) and mail the set-password link."""
    escrituras.USUARIO_PYME_INVITAR.exigir(pyme, actor)
    return cuentas.invitar(actor=actor, organizacion=pyme, rol="pyme", correo=correo, nombre=nombre)


def perfil_obtener_o_crear(*, actor, pyme):
    """The PYME's profile, created in diagnosis when it does not exist yet. Raises AccionRechazada."""
    with transaction.atomic():
        escrituras.PERFIL_OBTENER_O_CREAR.exigir(pyme, actor)
        perfil, creado = PerfilPyme.objects.get_or_create(pyme=pyme)
        if creado:
            bitacora.registrar(tipo="atencion.pyme.alta", actor=actor, objeto=perfil, organizacion=pyme, datos={})
        return perfil


def perfil_actualizar(*, actor, perfil, **campos):
    """Update the PYME's profile (giro, diagnosis, channels, WhatsApp number, inbound email, escalation)."""
    with transaction.atomic():
        perfil = PerfilPyme.objects.select_for_update().get(pk=perfil.pk)
        escrituras.PERFIL_ACTUALIZAR.exigir(perfil, actor)
        for campo, valor in campos.items():
            setattr(perfil, campo, valor)
        perfil.save(update_fields=[*campos, "actualizado"])
        bitacora.registrar(
            tipo="atencion.pyme.perfil",
            actor=actor,
            objeto=perfil,
            organizacion=perfil.pyme,
            datos={"campos": sorted(campos)},
        )
        return perfil


def perfil_terminar_diagnostico(*, actor, perfil):
    """Diagnosis written: the PYME moves to the configuration of its protocols. Raises AccionRechazada."""
    return acciones.ejecutar(
        perfil, "terminar_diagnostico", actor=actor, evento="atencion.pyme.diagnostico", organizacion=perfil.pyme
    )


def perfil_activar(*, actor, perfil):
    """Activate a configured PYME (hours, an SLA target and a contact reason). Raises AccionRechazada."""
    return acciones.ejecutar(perfil, "activar", actor=actor, evento="atencion.pyme.activa", organizacion=perfil.pyme)


def perfil_suspender(*, actor, perfil, motivo):
    """The director suspends a client PYME (from any onboarding state) with a reason its users read on
    their portal: its campaigns stop being sent and its tickets no longer get surveys. Raises
    ErrorAtencion for a blank reason, AccionRechazada for another role or a suspended PYME."""
    motivo = (motivo or "").strip()
    if not motivo:
        raise ErrorAtencion(MSG_SUSPENDER_SIN_MOTIVO)
    return acciones.ejecutar(
        perfil,
        "suspender",
        actor=actor,
        argumentos={"motivo": motivo},
        evento="atencion.pyme.suspendida",
        datos={"motivo": motivo},
        organizacion=perfil.pyme,
    )


def perfil_reactivar(*, actor, perfil):
    """The director lifts the suspension: the PYME returns to the state it was suspended in. Raises
    AccionRechazada for another role or a PYME that is not suspended."""
    return acciones.ejecutar(
        perfil, "reactivar", actor=actor, evento="atencion.pyme.reactivada", organizacion=perfil.pyme
    )


def horario_guardar(*, actor, pyme, tramos):
    """Replace the PYME's weekly hours with ``[(weekday, opens, closes), ...]``."""
    with transaction.atomic():
        pyme = Organizacion.objects.select_for_update().get(pk=pyme.pk)
        escrituras.HORARIO_GUARDAR.exigir(pyme, actor)
        HorarioAtencion.objects.filter(pyme=pyme).delete()
        HorarioAtencion.objects.bulk_create(
            [HorarioAtencion(pyme=pyme, dia_semana=d, abre=a, cierra=c) for d, a, c in tramos]
        )
        bitacora.registrar(
            tipo="atencion.pyme.horario",
            actor=actor,
            objeto=pyme,
            organizacion=pyme,
            datos={"tramos": [[d, a.isoformat(), c.isoformat()] for d, a, c in tramos]},
        )


def dia_inhabil_agregar(*, actor, pyme, fecha, descripcion):
    with transaction.atomic():
        escrituras.DIA_INHABIL_AGREGAR.exigir(pyme, actor)
        dia, _ = DiaInhabil.objects.update_or_create(pyme=pyme, fecha=fecha, defaults={"descripcion": descripcion})
        bitacora.registrar(
            tipo="atencion.pyme.dia_inhabil",
            actor=actor,
            objeto=dia,
            organizacion=pyme,
            datos={"fecha": fecha.isoformat()},
        )
        return dia


def objetivo_sla_guardar(*, actor, pyme, canal, prioridad, primera_respuesta_min, resolucion_min):
    with transaction.atomic():
        escrituras.OBJETIVO_SLA_GUARDAR.exigir(pyme, actor)
        objetivo, _ = ObjetivoSla.objects.update_or_create(
            pyme=pyme,
            canal=canal,
            prioridad=prioridad,
            defaults={"primera_respuesta_min": primera_respuesta_min, "resolucion_min": resolucion_min},
        )
        bitacora.registrar(
            tipo="atencion.pyme.sla",
            actor=actor,
            objeto=objetivo,
            organizacion=pyme,
            datos={
                "canal": canal,
                "prioridad": prioridad,
                "respuesta": primera_respuesta_min,
                "resolucion": resolucion_min,
            },
        )
        return objetivo


def motivo_agregar(*, actor, pyme, nombre):
    with transaction.atomic():
        escrituras.MOTIVO_AGREGAR.exigir(pyme, actor)
        motivo, _ = MotivoContacto.objects.update_or_create(pyme=pyme, nombre=nombre.strip(), defaults={"activo": True})
        bitacora.registrar(
            tipo="atencion.pyme.motivo", actor=actor, objeto=motivo, organizacion=pyme, datos={"nombre": motivo.nombre}
        )
        return motivo


def guion_guardar(*, actor, guion=None, **campos):
    """Create or update a script (per giro when ``pyme`` is None); an edit is a new version.

    Raises ErrorAtencion for a placeholder the ticket cannot fill, changing nothing."""
    if isinstance(campos.get("giro"), str):  # a giro's code, as the catalogue stores it
        campos["giro_id"] = campos.pop("giro")
    for campo in ("saludo", "desarrollo", "cierre"):
        try:
            validar_marcadores(campos.get(campo, ""))
        except ValidationError as exc:
            raise ErrorAtencion(exc.messages[0]) from exc
    with transaction.atomic():
        escrituras.GUION_GUARDAR.exigir(guion.pyme if guion else campos.get("pyme"), actor)
        if guion is None:
            guion = Guion.objects.create(**campos)
        else:
            guion = Guion.objects.select_for_update().get(pk=guion.pk)
            for campo, valor in campos.items():
                setattr(guion, campo, valor)
            guion.version += 1
            guion.save(update_fields=[*campos, "version"])
        bitacora.registrar(
            tipo="atencion.guion",
            actor=actor,
            objeto=guion,
            organizacion=guion.pyme,
            datos={"giro": guion.giro_id, "version": guion.version},
        )
        return guion
