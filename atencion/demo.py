"""Demo data of ENROK for ``manage.py demo`` (idempotent: a second run changes nothing)."""

import random
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.utils import timezone

from atencion import selectors, services
from atencion.models import (
    BuzonImap,
    Campana,
    Canal,
    Cliente,
    DiaInhabil,
    Encuesta,
    Etiqueta,
    Guion,
    HorarioAtencion,
    Interaccion,
    MedioWhatsapp,
    MensajeSaliente,
    MotivoContacto,
    ObjetivoSla,
    PerfilPyme,
    PlantillaWhatsapp,
    Prioridad,
    ReporteEjecutivo,
    Ticket,
)
from atencion.services.sla import SLA_POR_OMISION
from enlace.historial import actualizar_con_historial
from enlace.models import Organizacion, Usuario

CONTRASENA = "enlace-demo-2026"

PYMES = {
    "pyme-estetica-luna": {
        "giro": "estetica",
        "diagnostico": "Pierde llamadas en horas pico y no da seguimiento a clientas después del servicio.",
        "wa": "100000000000001",
        "correo": "atencion@esteticaluna.demo",
        "motivos": ["Agendar cita", "Cambiar o cancelar cita", "Precios y promociones", "Queja por servicio"],
        "horario": {d: (time(10), time(20)) for d in range(6)},
    },
    "pyme-veterinaria-patitas": {
        "giro": "veterinaria",
        "diagnostico": "Recibe urgencias por WhatsApp fuera de horario y no mide la satisfacción.",
        "wa": "100000000000002",
        "correo": "atencion@patitas.demo",
        "motivos": ["Agendar consulta", "Vacunas", "Urgencia", "Resultados de laboratorio"],
        "horario": {**{d: (time(9), time(19)) for d in range(5)}, 5: (time(9), time(14))},
    },
}

GUIONES = [
    (
        "estetica",
        "Agenda de citas (estética)",
        "¡Hola! Gracias por comunicarte con {pyme}, te atiende {agente}. ¿En qué te puedo ayudar hoy?",
        "Confirma el servicio, la especialista y el horario; registra alergias o tratamientos previos.",
        "¿Quedó todo claro? Te enviaremos un recordatorio un día antes. ¡Gracias por tu preferencia!",
    ),
    (
        "veterinaria",
        "Atención veterinaria",
        "Hola, gracias por llamar a {pyme}. ¿Cómo se llama tu mascota y qué necesita?",
        "Si hay sangrado, dificultad para respirar o intoxicación, marca prioridad crítica y escala al gerente.",
        "Te confirmamos la cita y te enviaremos una encuesta breve. ¡Que se mejore pronto!",
    ),
    (
        "abogados",
        "Primer contacto (despacho)",
        "Buen día, despacho {pyme}. Con gusto le atiendo; la información que comparta es confidencial.",
        "Registre el tipo de asunto y la urgencia de plazos legales; no dé asesoría legal por este medio.",
        "Un abogado le contactará en el plazo acordado. ¿Hay algo más en que le pueda ayudar?",
    ),
]


def _usuario(email, nombre, grupo, organizacion):
    usuario, creado = Usuario.objects.get_or_create(
        email=email,
        defaults={
            "first_name": nombre,
            "last_name": "(demo)",
            "organizacion": organizacion,
            "zona_horaria": organizacion.zona_horaria,
        },
    )
    if creado:
        usuario.set_password(CONTRASENA)
        usuario.save(update_fields=["password"])
    usuario.groups.add(Group.objects.get(name=grupo))
    return usuario


def _configurar(pyme, datos, gerente):
    perfil, _ = PerfilPyme.objects.update_or_create(
        pyme=pyme,
        defaults={
            "giro_id": datos["giro"],
            "diagnostico": datos["diagnostico"],
            "canal_llamada": True,
            "canal_whatsapp": True,
            "canal_correo": True,
            "whatsapp_phone_number_id": datos["wa"],
            "correo_entrada": datos["correo"],
            "contactos_escalamiento": f"direccion@{datos['correo'].split('@')[1]}",
        },
    )
    for dia, (abre, cierra) in datos["horario"].items():
        HorarioAtencion.objects.update_or_create(pyme=pyme, dia_semana=dia, abre=abre, defaults={"cierra": cierra})
    DiaInhabil.objects.get_or_create(
        pyme=pyme,
        fecha=datetime(timezone.now().year, 12, 24).date(),
        defaults={"descripcion": "Nochebuena: cierre anticipado"},
    )
    metas = {
        Prioridad.CRITICA: (10, 120),
        Prioridad.ALTA: (30, 480),
        Prioridad.MEDIA: (60, 960),
        Prioridad.BAJA: (120, 1920),
    }
    for canal in Canal.values:
        for prioridad, (resp, res) in metas.items():
            ObjetivoSla.objects.update_or_create(
                pyme=pyme,
                canal=canal,
                prioridad=prioridad,
                defaults={"primera_respuesta_min": resp, "resolucion_min": res},
            )
    motivos = [MotivoContacto.objects.get_or_create(pyme=pyme, nombre=m)[0] for m in datos["motivos"]]
    Guion.objects.update_or_create(
        pyme=pyme,
        titulo=f"Bienvenida {pyme.nombre}",
        defaults={
            "giro_id": datos["giro"],
            "motivo": motivos[0],
            "saludo": f"¡Hola! Gracias por contactar a {pyme.nombre}.",
            "desarrollo": f"Pregunta por {motivos[0].nombre.lower()} y ofrece el primer horario disponible.",
            "cierre": "Confirma los datos, agradece y avisa que llegará una encuesta breve.",
        },
    )
    if perfil.estado == PerfilPyme.Estado.DIAGNOSTICO:
        perfil = services.perfil_terminar_diagnostico(actor=gerente, perfil=perfil)
    if perfil.estado == PerfilPyme.Estado.CONFIGURACION:
        perfil = services.perfil_activar(actor=gerente, perfil=perfil)
    return perfil, motivos


DIAS_DE_HISTORIA = 62  # always covers the last complete month and two 30-day windows


def _tickets(pyme, motivos, agentes, *, gerente, hoy):
    """About 70 tickets over the last two months and a few open ones now, across channels and states."""
    if Ticket.objects.filter(pyme=pyme).exists():
        return
    azar = random.Random(pyme.slug)
    tz = ZoneInfo(pyme.zona_horaria)
    for n in range(70):
        dia = hoy - timedelta(days=azar.randrange(1, DIAS_DE_HISTORIA + 1))
        if dia.weekday() == 6:
            dia -= timedelta(days=1)
        ahora = datetime.combine(dia, time(10 + azar.randrange(0, 7), azar.randrange(0, 60)), tzinfo=tz)
        canal = azar.choice([Canal.WHATSAPP, Canal.WHATSAPP, Canal.LLAMADA, Canal.CORREO])
        agente = azar.choice(agentes)
        motivo = azar.choice(motivos)
        contacto = (
            {"telefono": f"+52551{pyme.pk % 1000:03d}{n:04d}"}
            if canal != Canal.CORREO
            else {"correo": f"cliente{n}@{pyme.slug}.demo"}
        )
        if canal == Canal.LLAMADA:
            ticket = services.llamada_registrar(
                actor=agente,
                pyme=pyme,
                nombre=f"Cliente {n}",
                asunto=motivo.nombre,
                motivo=motivo,
                prioridad=Prioridad.MEDIA,
                notas="Llamada atendida según guion.",
                duracion_segundos=240,
                resuelta=azar.random() < 0.8,
                ahora=ahora,
                **contacto,
            )
        else:
            ticket = services.ticket_crear(
                actor=None,
                pyme=pyme,
                canal=canal,
                asunto=motivo.nombre,
                motivo=motivo,
                nombre=f"Cliente {n}",
                contenido="Hola, necesito ayuda.",
                ahora=ahora,
                **contacto,
            )
            espera = timedelta(minutes=azar.choice([5, 15, 30, 45, 90, 180]))
            services.ticket_responder(
                actor=agente, ticket=ticket, texto="¡Hola! Con gusto te ayudo.", ahora=ahora + espera
            )
            if azar.random() < 0.3:
                services.ticket_responder(
                    actor=agente, ticket=ticket, texto="Te confirmo los detalles.", ahora=ahora + espera * 2
                )
            ticket = services.ticket_resolver(actor=agente, ticket=ticket, ahora=ahora + espera * 3)
        encuesta = Encuesta.objects.filter(ticket=ticket).first()
        if encuesta and azar.random() < 0.7:
            services.encuesta_responder(
                token=services.token_encuesta(encuesta),
                csat=azar.choice([3, 4, 4, 5, 5, 5]),
                nps=azar.choice([6, 7, 8, 9, 9, 10, 10]),
                comentario=azar.choice(["", "Muy amables", "Rápido"]),
                ahora=encuesta.enviada_en + timedelta(hours=2),
            )
    _tickets_de_hoy(pyme, motivos, agentes, gerente)


def _tickets_de_hoy(pyme, motivos, agentes, gerente):
    """Today's work: an unassigned ticket, one assigned to the demo agent and an escalated critical one."""
    ahora = timezone.now()
    for n, (canal, prioridad) in enumerate(
        [(Canal.WHATSAPP, Prioridad.MEDIA), (Canal.CORREO, Prioridad.ALTA), (Canal.WHATSAPP, Prioridad.CRITICA)]
    ):
        contacto = (
            {"telefono": f"+52556{pyme.pk % 1000:03d}{n:04d}"}
            if canal == Canal.WHATSAPP
            else {"correo": f"nuevo{n}@{pyme.slug}.demo"}
        )
        ticket = services.ticket_crear(
            actor=None,
            pyme=pyme,
            canal=canal,
            asunto=f"{motivos[n].nombre} (pendiente)",
            prioridad=prioridad,
            motivo=motivos[n],
            nombre=f"Cliente nuevo {n}",
            contenido="Hola, ¿me pueden ayudar?",
            ahora=ahora - timedelta(minutes=20 * n),
            **contacto,
        )
        if n:
            ticket = services.ticket_asignar(actor=gerente, ticket=ticket, agente=agentes[0])
        if prioridad == Prioridad.CRITICA:
            services.ticket_escalar(actor=agentes[0], ticket=ticket, motivo="Urgencia: el cliente pide al gerente.")


def _reportes_semanales(slugs, organizaciones, *, analista, hoy):
    """Last week's reports still in the works: the analyst's draft of one PYME, the other's to validate."""
    inicio, fin = selectors.periodo_de_reporte(ReporteEjecutivo.Periodicidad.SEMANAL, hoy)
    borrador, a_validar = (organizaciones[slug] for slug in slugs)
    for pyme in (borrador, a_validar):
        if not ReporteEjecutivo.objects.filter(pyme=pyme, periodicidad="semanal", inicio=inicio).exists():
            reporte = services.reporte_crear(actor=analista, pyme=pyme, periodicidad="semanal", inicio=inicio, fin=fin)
            if pyme == a_validar:
                services.reporte_enviar_a_validacion(actor=analista, reporte=reporte)


def _registrar(director, nombre, giro, **extra):
    pyme = Organizacion.objects.filter(padre=director.organizacion, nombre=nombre).first()
    if pyme is not None:
        return pyme.perfil_atencion
    return services.pyme_registrar(
        actor=director,
        nombre=nombre,
        giro=giro,
        pais="MX",
        zona_horaria="America/Mexico_City",
        contrato_inicio=timezone.localdate() - timedelta(days=extra.pop("dias_de_contrato", 3)),
        servicios="Atención multicanal, encuestas y reporte mensual.",
        objetivos=dict(SLA_POR_OMISION),
        canal_llamada=True,
        canal_whatsapp=False,
        canal_correo=True,
        **extra,
    )


def _pymes_en_ciclo(enrok, director):
    """A PYME just registered (onboarding: diagnosis) and one the director suspended."""
    _registrar(director, "Consultorio Dental Sonrisa", "consultorio")
    perfil = _registrar(director, "Restaurante La Fonda", "restaurante", dias_de_contrato=120)
    if perfil.estado == PerfilPyme.Estado.DIAGNOSTICO:
        services.perfil_actualizar(
            actor=director, perfil=perfil, diagnostico="Reservaciones por teléfono sin registro."
        )
        services.perfil_terminar_diagnostico(actor=director, perfil=perfil)
        services.motivo_agregar(actor=director, pyme=perfil.pyme, nombre="Reservaciones")
        services.horario_guardar(actor=director, pyme=perfil.pyme, tramos=[(d, time(12), time(22)) for d in range(6)])
        perfil = services.perfil_activar(actor=director, perfil=perfil)
    if perfil.estado == PerfilPyme.Estado.ACTIVA:
        services.perfil_suspender(
            actor=director, perfil=perfil, motivo="Pago del contrato pendiente desde hace 60 días."
        )


# Birthdays of the demo customers: the first few fall today, the rest over the year.
CUMPLEANEROS_HOY = 3


def _campana_de_cumpleanos(pyme, gerente):
    """Customers with dates and tags, an approved WhatsApp template and a recurring birthday campaign."""
    hoy = timezone.localtime(timezone=ZoneInfo(pyme.zona_horaria)).date()
    frecuente, _ = Etiqueta.objects.get_or_create(pyme=pyme, nombre="Frecuente")
    Etiqueta.objects.get_or_create(pyme=pyme, nombre="Tratamiento facial")
    clientes = list(Cliente.objects.filter(pyme=pyme).order_by("pk")[:40])
    if not any(
        c.fecha_nacimiento and (c.fecha_nacimiento.month, c.fecha_nacimiento.day) == (hoy.month, hoy.day)
        for c in clientes
    ):
        for n, cliente in enumerate(clientes):
            dia = hoy if n < CUMPLEANEROS_HOY else hoy + timedelta(days=7 * n)
            cliente.fecha_nacimiento = _cumple(dia, anio=1975 + n)
            cliente.aniversario = hoy - timedelta(days=365 + 17 * n)
            cliente.ultima_visita = hoy - timedelta(days=9 * n)
            cliente.save(update_fields=["fecha_nacimiento", "aniversario", "ultima_visita"])
            if n % 3 == 0:
                cliente.etiquetas.add(frecuente)
    plantilla, _ = PlantillaWhatsapp.objects.get_or_create(
        pyme=pyme,
        nombre="feliz_cumpleanos",
        idioma="es_MX",
        defaults={
            "cuerpo": "¡Feliz cumpleaños, {{1}}! En {{2}} te regalamos 20 % en tu próximo servicio.",
            "variables": ["cliente", "pyme"],
            "estado": PlantillaWhatsapp.Estado.APROBADA,
        },
    )
    PlantillaWhatsapp.objects.get_or_create(
        pyme=pyme,
        nombre="promo_temporada",
        idioma="es_MX",
        defaults={"cuerpo": "{{1}}, esta semana 15 % en faciales.", "variables": ["cliente"]},
    )
    if not Campana.objects.filter(pyme=pyme, recurrente_por=Campana.FechaBase.NACIMIENTO).exists():
        campana = services.campana_crear(
            actor=gerente,
            pyme=pyme,
            nombre="Feliz cumpleaños",
            tipo=Campana.Tipo.FECHA_ESPECIAL,
            asunto=f"¡Feliz cumpleaños de parte de {pyme.nombre}!",
            mensaje="En tu cumpleaños te regalamos 20 % de descuento en tu próximo servicio.",
            por_whatsapp=True,
            plantilla=plantilla,
            recurrente_por=Campana.FechaBase.NACIMIENTO,
            programada_para=timezone.now() + timedelta(minutes=10),
            hora_envio=time(9),
        )
        services.campana_programar(actor=gerente, campana=campana)


def _cumple(dia, *, anio):
    """``dia``'s day and month in ``anio`` (29 February falls on the 28th in a common year)."""
    try:
        return dia.replace(year=anio)
    except ValueError:
        return dia.replace(year=anio, day=28)


def cargar(*, organizaciones, stdout):
    enrok = organizaciones["enrok"]
    gerente = Usuario.objects.filter(groups__name="gerente_operaciones", organizacion=enrok).first()
    analista = Usuario.objects.filter(groups__name="analista", organizacion=enrok).first()
    agentes = [
        *Usuario.objects.filter(groups__name="agente", organizacion=enrok).order_by("pk")[:1],
        _usuario("agente.2@demo.enlace.mx", "Agente 2", "agente", enrok),
    ]
    _usuario("pyme.patitas@demo.enlace.mx", "Usuario Patitas", "pyme", organizaciones["pyme-veterinaria-patitas"])
    for giro, titulo, saludo, desarrollo, cierre in GUIONES:
        Guion.objects.update_or_create(
            pyme=None,
            giro_id=giro,
            titulo=titulo,
            defaults={"saludo": saludo, "desarrollo": desarrollo, "cierre": cierre},
        )
    hoy = timezone.localdate()
    inicio_mes, fin_mes = selectors.periodo_de_reporte(ReporteEjecutivo.Periodicidad.MENSUAL, hoy)
    for slug, datos in PYMES.items():
        pyme = organizaciones[slug]
        _, motivos = _configurar(pyme, datos, gerente)
        _tickets(pyme, motivos, agentes, gerente=gerente, hoy=hoy)
        actualizar_con_historial(
            Cliente.objects.filter(pyme=pyme, pk__in=Cliente.objects.filter(pyme=pyme).order_by("pk").values("pk")[:1]),
            {"acepta_campanas": False},
            razon="Datos de demostración",
        )
        if not ReporteEjecutivo.objects.filter(pyme=pyme, periodicidad="mensual", inicio=inicio_mes).exists():
            reporte = services.reporte_crear(
                actor=analista, pyme=pyme, periodicidad="mensual", inicio=inicio_mes, fin=fin_mes
            )
            services.reporte_enviar_a_validacion(actor=analista, reporte=reporte)
            services.reporte_validar(actor=gerente, reporte=reporte)
        if not Campana.objects.filter(pyme=pyme).exists():
            campana = services.campana_crear(
                actor=gerente,
                pyme=pyme,
                nombre="Promoción de temporada",
                tipo=Campana.Tipo.PROMOCION,
                asunto=f"{pyme.nombre}: 15 % de descuento esta semana",
                mensaje="Presenta este mensaje en tu próxima visita y obtén 15 % de descuento.",
                por_whatsapp=True,
                programada_para=timezone.now() + timedelta(days=2),
            )
            services.campana_programar(actor=gerente, campana=campana)
    _reportes_semanales(list(PYMES), organizaciones, analista=analista, hoy=hoy)
    _whatsapp_con_medios(organizaciones["pyme-estetica-luna"], PYMES["pyme-estetica-luna"]["wa"], agentes[0])
    _buzon_imap(organizaciones["pyme-estetica-luna"])
    director = Usuario.objects.filter(groups__name="director", organizacion=enrok).first()
    _pymes_en_ciclo(enrok, director)
    _campana_de_cumpleanos(organizaciones["pyme-estetica-luna"], gerente)
    # Demo numbers and addresses are fictitious: nothing of the demo goes out.
    MensajeSaliente.objects.filter(estado=MensajeSaliente.Estado.PENDIENTE).update(
        estado=MensajeSaliente.Estado.FALLIDO, ultimo_error="Mensaje de demostración: no se envía."
    )
    stdout.write(f"atencion: {Ticket.objects.count()} tickets, {ReporteEjecutivo.objects.count()} reportes.")


# --- WhatsApp as customers use it: a photo and a voice note, delivery ticks and a refused send ----------

MUESTRAS = Path(__file__).resolve().parent / "muestras"


def _payload_whatsapp(numero, telefono, nombre, wamid, tipo, cuerpo):
    mensaje = {"from": telefono, "id": wamid, "timestamp": "0", "type": tipo, tipo: cuerpo}
    valor = {
        "messaging_product": "whatsapp",
        "metadata": {"phone_number_id": numero},
        "contacts": [{"wa_id": telefono, "profile": {"name": nombre}}],
        "messages": [mensaje],
    }
    return {"entry": [{"changes": [{"field": "messages", "value": valor}]}]}


def _estado_whatsapp(numero, wamid, status, errores=None):
    estado = {"id": wamid, "status": status, "timestamp": str(int(timezone.now().timestamp()))}
    if errores:
        estado["errors"] = errores
    return {
        "entry": [
            {
                "changes": [
                    {"field": "messages", "value": {"metadata": {"phone_number_id": numero}, "statuses": [estado]}}
                ]
            }
        ]
    }


def _whatsapp_con_medios(pyme, numero, agente):
    """Today: a customer sends a photo and a voice note (stored as the download task would) and reads the reply;
    another customer, who wrote two days ago, gets a reply Meta refuses (131047: outside the 24-hour window)."""
    if Interaccion.objects.filter(externo_id=f"wamid.demo.{pyme.slug}.foto").exists():
        return
    ahora = timezone.now()
    clienta = ("5215587650001", "Mariana Ríos")
    entrantes = [
        ("texto", "text", {"body": "Hola, quiero agendar uñas con este diseño para el sábado"}, 40),
        ("foto", "image", {"id": "demo-foto", "mime_type": "image/jpeg", "caption": "Este es el diseño"}, 39),
        ("voz", "audio", {"id": "demo-voz", "mime_type": "audio/ogg; codecs=opus", "voice": True}, 38),
    ]
    for clave, tipo, cuerpo, minutos in entrantes:
        services.whatsapp_procesar(
            payload=_payload_whatsapp(numero, *clienta, f"wamid.demo.{pyme.slug}.{clave}", tipo, cuerpo),
            ahora=ahora - timedelta(minutes=minutos),
        )
    archivos = {"demo-foto": ("foto_diseno_unas.jpg", "image/jpeg"), "demo-voz": ("nota_de_voz.ogg", "audio/ogg")}
    for medio in MedioWhatsapp.objects.filter(pyme=pyme, media_id__in=archivos):
        nombre, mime = archivos[medio.media_id]
        services.medio_guardar_contenido(medio, (MUESTRAS / nombre).read_bytes(), mime)
    ticket = Ticket.objects.get(pyme=pyme, cliente__telefono="+525587650001", canal=Canal.WHATSAPP)
    services.ticket_responder(
        actor=agente, ticket=ticket, texto="¡Hola Mariana! Sí hacemos ese diseño. ¿Te acomoda el sábado a las 11:00?"
    )
    _simular_entrega(pyme, numero, ticket, "leida", ["sent", "delivered", "read"])
    # Two days ago, and nobody answered: now the 24-hour window is closed and Meta refuses free text.
    cliente = ("5215587650002", "Jorge Salas")
    services.whatsapp_procesar(
        payload=_payload_whatsapp(
            numero, *cliente, f"wamid.demo.{pyme.slug}.antiguo", "text", {"body": "¿Tienen lugar para pedicura?"}
        ),
        ahora=ahora - timedelta(days=2),
    )
    tardio = Ticket.objects.get(pyme=pyme, cliente__telefono="+525587650002", canal=Canal.WHATSAPP)
    services.ticket_responder(actor=agente, ticket=tardio, texto="Hola Jorge, sí: ¿qué día te gustaría venir?")
    error = {
        "code": 131047,
        "title": "Re-engagement message",
        "message": "Re-engagement message",
        "error_data": {"details": "Message failed to send because more than 24 hours have passed."},
    }
    _simular_entrega(pyme, numero, tardio, "rechazada", ["sent", "failed"], errores=[error])


def _simular_entrega(pyme, numero, ticket, clave, estados, errores=None):
    """What Meta would post back for the ticket's last reply: its wamid, then each status, through the service."""
    mensaje = MensajeSaliente.objects.filter(ticket=ticket).order_by("-id").first()
    wamid = f"wamid.demo.{pyme.slug}.{clave}"
    MensajeSaliente.objects.filter(pk=mensaje.pk).update(
        estado=MensajeSaliente.Estado.ENVIADO, externo_id=wamid, enviado_en=timezone.now(), intentos=1
    )
    for status in estados:
        services.whatsapp_estados_registrar(
            payload=_estado_whatsapp(numero, wamid, status, errores if status == "failed" else None)
        )


MUESTRA_CORREO = MUESTRAS / "correo_demo.eml"


def _buzon_imap(pyme):
    """Estética Luna's support address read by IMAP, and one customer email on a ticket as a poll leaves it: the
    shipped sample goes through the same parser and threading (the demo needs no IMAP server). Inactive, since
    its server is fictitious: beat would only record the failed connection every minute."""
    direccion = PYMES["pyme-estetica-luna"]["correo"]
    buzon, _ = BuzonImap.objects.get_or_create(
        servidor="imap.esteticaluna.demo",
        usuario=direccion,
        carpeta="INBOX",
        defaults={
            "pyme": pyme,
            "direccion": direccion,
            "puerto": 993,
            "seguridad": BuzonImap.Seguridad.SSL,
            "clave_variable": "ATENCION_IMAP_CLAVE_ESTETICA_LUNA",
            "activo": False,
        },
    )
    services.correo_ingresar_crudo(
        buzon=buzon,
        crudo=MUESTRA_CORREO.read_bytes(),
        uidvalidity=1,
        uid=1,
        fecha=timezone.now() - timedelta(hours=2),
    )
