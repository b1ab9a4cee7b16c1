"""Demo data of the Carrazos CRM for ``manage.py demo`` (idempotent).

Marcas with their gerentes, asesor profiles (the demo asesor plus five more), six months of
targets (this month's Renault ones set by the Líder CRM in the app, with history), and the last
weeks of SPIGA reports (the Tráfico one with SPIGA's title rows above the header) loaded through
the real import service (a report already imported — same SHA-256 — is not imported again), with the older prospects
and activities validated by the demo Líder CRM.
"""

import csv
import hashlib
import io
import random
from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q

from comercial.crm import selectors, services
from comercial.crm.models import Actividad, Importacion, Marca, MetaMensual, PerfilAsesor, Prospecto
from enlace.management.commands.demo import CONTRASENA_DEMO, correo_demo
from enlace.models import Usuario

DIAS = 45
MARCAS = [
    # nombre, meta prospectos válidos, meta actividades válidas
    ("Renault", 40, 90),
    ("Kia", 30, 70),
    ("Chevrolet", 35, 80),
]
ASESORES = [
    # email (None = the demo asesor), nombre, apellido, marca, código SPIGA
    (None, "Andrés", "Ríos", "Renault", "RN-001"),
    ("laura.gomez@demo.enlace.mx", "Laura", "Gómez", "Renault", "RN-002"),
    ("camilo.pardo@demo.enlace.mx", "Camilo", "Pardo", "Kia", "KI-001"),
    ("diana.munoz@demo.enlace.mx", "Diana", "Muñoz", "Kia", "KI-002"),
    ("julian.ortiz@demo.enlace.mx", "Julián", "Ortiz", "Chevrolet", "CH-001"),
    ("paola.rincon@demo.enlace.mx", "Paola", "Rincón", "Chevrolet", "CH-002"),
]
NOMBRES = ["María", "Juan", "Sofía", "Carlos", "Valentina", "Santiago", "Daniela", "Felipe", "Natalia", "Sebastián"]
APELLIDOS = ["García", "Rodríguez", "Martínez", "López", "Hernández", "Vargas", "Castro", "Rojas", "Moreno", "Jiménez"]
VEHICULOS = {
    "Renault": ["Duster", "Logan", "Sandero", "Kwid", "Koleos"],
    "Kia": ["Picanto", "Sportage", "Seltos", "Sonet"],
    "Chevrolet": ["Onix", "Tracker", "Captiva", "Spark GT"],
}
MEDIOS = ["Showroom", "Web", "Referido", "Facebook", "Evento"]
TIPOS = ["Llamada", "Llamada", "Cotización", "Visita", "Prueba de manejo", "WhatsApp", "Matrícula", "Entrega"]


def _usuario(email, nombre, apellido, organizacion, rol):
    usuario, creado = Usuario.objects.get_or_create(
        email=email,
        defaults={
            "first_name": nombre,
            "last_name": apellido,
            "organizacion": organizacion,
            "zona_horaria": organizacion.zona_horaria,
        },
    )
    if creado:
        usuario.set_password(CONTRASENA_DEMO)
        usuario.save(update_fields=["password"])
    usuario.groups.add(Group.objects.get(name=rol))
    return usuario


def _csv(encabezados, filas, nombre, titulos=()):
    """A report as SPIGA exports it: ``titulos`` rows (and a blank line) above the header."""
    salida = io.StringIO()
    escritor = csv.writer(salida, delimiter=";")
    for titulo in titulos:
        escritor.writerow([titulo])
    if titulos:
        escritor.writerow([])
    escritor.writerow(encabezados)
    escritor.writerows(filas)
    return SimpleUploadedFile(nombre, salida.getvalue().encode("utf-8"), content_type="text/csv")


def _importar(lider, organizacion, tipo, archivo):
    contenido = archivo.read()
    archivo.seek(0)
    sha = hashlib.sha256(contenido).hexdigest()
    if Importacion.objects.filter(organizacion=organizacion, sha256=sha).exists():
        return None
    return services.importacion_registrar(actor=lider, organizacion=organizacion, tipo=tipo, archivo=archivo)


def cargar(*, organizaciones, stdout):
    organizacion = organizaciones["carrazos"]
    lider = Usuario.objects.get(email=correo_demo("lider_crm"))
    gerente = Usuario.objects.get(email=correo_demo("gerente_comercial"))
    gerente_chevrolet = _usuario(
        "gerente.chevrolet@demo.enlace.mx", "Martha", "Salazar", organizacion, "gerente_comercial"
    )
    hoy = services.hoy(organizacion)
    marcas = {}
    for nombre, meta_p, meta_a in MARCAS:
        marcas[nombre], _ = Marca.objects.update_or_create(
            organizacion=organizacion,
            nombre=nombre,
            defaults={"gerente": gerente_chevrolet if nombre == "Chevrolet" else gerente},
        )
        mes = selectors.meses_atras(hoy.replace(day=1), 5)
        for _ in range(7):
            # Created when missing, never overwritten: targets changed in the app stay as they were set.
            MetaMensual.objects.get_or_create(
                marca=marcas[nombre],
                periodo=mes,
                defaults={"organizacion": organizacion, "prospectos_validos": meta_p, "actividades_validas": meta_a},
            )
            mes = selectors.mes_siguiente(mes)
    # The Líder CRM raised this month's Renault targets in the app (the «Metas» page shows its history);
    # the same values again change nothing, so the demo stays idempotent.
    services.meta_guardar(
        actor=lider, marca=marcas["Renault"], periodo=hoy, prospectos_validos=45, actividades_validas=100
    )
    asesores = []
    for email, nombre, apellido, marca, codigo in ASESORES:
        if email is None:
            usuario = Usuario.objects.get(email=correo_demo("asesor_comercial"))
        else:
            usuario = _usuario(email, nombre, apellido, organizacion, "asesor_comercial")
        PerfilAsesor.objects.update_or_create(
            usuario=usuario,
            defaults={
                "organizacion": organizacion,
                "marca": marcas[marca],
                "gerente": marcas[marca].gerente,
                "nombre_spiga": f"{nombre} {apellido}".upper(),
                "codigo_spiga": codigo,
            },
        )
        asesores.append((f"{nombre} {apellido}".upper(), codigo, marca))

    azar = random.Random(2026)
    trafico, actividades = [], []
    for dias_atras in range(DIAS, -1, -1):
        fecha = hoy - timedelta(days=dias_atras)
        for n in range(azar.randint(2, 5)):
            nombre_asesor, codigo, marca = azar.choice(asesores)
            id_trafico = f"TE-{fecha:%y%m%d}-{n:02d}"
            cliente = f"{azar.choice(NOMBRES)} {azar.choice(APELLIDOS)}"
            trafico.append(
                [
                    id_trafico,
                    f"{fecha:%d/%m/%Y}",
                    marca,
                    "Bogotá Norte",
                    nombre_asesor,
                    codigo,
                    cliente,
                    str(azar.randint(10_000_000, 1_099_999_999)),
                    f"3{azar.randint(100000000, 199999999)}",
                    "",
                    azar.choice(VEHICULOS[marca]),
                    azar.choice(MEDIOS),
                ]
            )
            for k in range(azar.randint(0, 4)):
                programada = fecha + timedelta(days=azar.randint(0, 12))
                if programada > hoy + timedelta(days=3):
                    continue
                realizada = programada <= hoy and azar.random() < 0.75
                comentario = (
                    azar.choice(
                        [
                            "Cliente interesado, se envía cotización por correo.",
                            "Se agenda prueba de manejo para el sábado.",
                            "Cliente pide financiación a 60 meses.",
                            "Se confirma visita a la vitrina con su esposa.",
                            "",
                        ]
                    )
                    if realizada
                    else ""
                )
                actividades.append(
                    [
                        f"AC-{fecha:%y%m%d}-{n:02d}-{k}",
                        id_trafico,
                        nombre_asesor,
                        codigo,
                        azar.choice(TIPOS),
                        f"{programada:%d/%m/%Y}",
                        f"{programada:%d/%m/%Y}" if realizada else "",
                        "Realizada" if realizada else "No realizada",
                        comentario,
                    ]
                )
    _importar(
        lider,
        organizacion,
        Importacion.Tipo.TRAFICO,
        _csv(
            [
                "ID Tráfico",
                "Fecha",
                "Marca",
                "Sede",
                "Asesor",
                "Código asesor",
                "Cliente",
                "Documento",
                "Teléfono",
                "Correo",
                "Vehículo de interés",
                "Medio",
            ],
            trafico,
            f"trafico_exposicion_{hoy:%Y%m%d}.csv",
            titulos=(
                "SPIGA · CRM › Informes › Tráfico de Exposición",
                f"Período {hoy - timedelta(days=DIAS):%d/%m/%Y} - {hoy:%d/%m/%Y} · Carrazos S.A.S.",
            ),
        ),
    )
    _importar(
        lider,
        organizacion,
        Importacion.Tipo.ACTIVIDADES,
        _csv(
            [
                "ID Actividad",
                "ID Tráfico",
                "Asesor",
                "Código asesor",
                "Tipo de actividad",
                "Fecha programada",
                "Fecha realizada",
                "Estado",
                "Comentario",
            ],
            actividades,
            f"visitas_realizadas_y_no_realizadas_{hoy:%Y%m%d}.csv",
        ),
    )

    # The Líder CRM has called the prospects older than two days and reviewed the older activities; of the last
    # two days, half (the even SPIGA ids: every day has ids 00 and 01). So there is work to do on any day, and
    # validated rows to report even on the 1st of a month (the compliance report opens on the month to date).
    azar = random.Random(7)
    limite = hoy - timedelta(days=2)
    for prospecto in Prospecto.objects.filter(
        Q(fecha__lt=limite) | Q(id_spiga__regex=r"[02468]$"),
        organizacion=organizacion,
        estado=Prospecto.Estado.PENDIENTE,
    ).order_by("pk"):
        dado = azar.random()
        if dado < 0.06:
            resultado, asesoria = Prospecto.Estado.FALSO, False
        elif dado < 0.16:
            resultado, asesoria = Prospecto.Estado.NO_CONTACTADO, None
        else:
            resultado, asesoria = Prospecto.Estado.VALIDO, azar.random() < 0.9
        services.prospecto_validar(
            actor=lider,
            prospecto=prospecto,
            resultado=resultado,
            recibio_asesoria=asesoria,
            notas="Llamada de verificación (demo).",
        )
    for actividad in Actividad.objects.filter(
        Q(fecha_programada__lt=limite) | Q(fecha_programada__lte=hoy, id_spiga__regex=r"-[02468]$"),
        organizacion=organizacion,
        validacion=Actividad.Validacion.PENDIENTE,
    ).order_by("pk"):
        valida = actividad.estado_spiga == Actividad.EstadoSpiga.REALIZADA and bool(actividad.comentario)
        services.actividad_validar(
            actor=lider,
            actividad=actividad,
            valida=valida,
            motivo="" if valida else "Sin evidencia de seguimiento en el comentario.",
        )
    services.avisos_enviar(actor=lider, organizacion=organizacion)
    stdout.write(
        f"CRM Carrazos: {Prospecto.objects.filter(organizacion=organizacion).count()} prospectos, "
        f"{Actividad.objects.filter(organizacion=organizacion).count()} actividades."
    )
