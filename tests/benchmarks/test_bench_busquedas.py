"""The lists' searches at 100,000 rows each: the shared inventory (marca, modelo), the companies (razón
social, localidad, NIT) and the CRM prospects (client, document, SPIGA ID), read from the trigram and prefix
indexes of enlace.busqueda.IndiceBusqueda. Each case is measured on the page (median, p95, queries), then
again with the search indexes dropped (inside a transaction rolled back at the end) for the figures before them.
The seed is committed and vacuumed (transactional test), as production's rows are.
BENCH_FILAS_BUSQUEDA sets the size (smaller default on SQLite, which has no such indexes).
"""

import os
import time
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from comercial.crm.models import Prospecto
from comercial.empresas.models import Empresa
from operaciones.models import Unidad
from tests.comercial.crm.factories import ImportacionFactory, MarcaFactory, PerfilAsesorFactory
from tests.enlace.factories import UsuarioFactory
from tests.operaciones.factories import ConcesionarioFactory, RedFactory

PG = connection.vendor == "postgresql"
FILAS = int(os.environ.get("BENCH_FILAS_BUSQUEDA", 100_000 if PG else 5_000))
LOTE = 5_000
APELLIDOS = [
    "Gutiérrez", "Mamani", "Quispe", "Fernández", "Rojas", "Vargas", "Muñoz", "Choque", "Pérez", "Flores",
    "López", "Céspedes", "Ramírez", "Soto", "Claros", "Jiménez", "Peña", "Andrade", "Ortiz", "Núñez",
]  # fmt: skip
NOMBRES = ["María", "José", "Andrés", "Lucía", "Óscar", "Inés", "Raúl", "Sofía", "Tomás", "Elena"]
GIROS = ["Ferretería", "Distribuidora", "Constructora", "Farmacia", "Panadería", "Importadora", "Clínica", "Hotel"]
LOCALIDADES = ["Cala Cala", "Quillacollo", "Sacaba", "Tiquipaya", "Colcapirhua", "Vinto", "Sarco", "Queru Queru"]
MARCAS = [
    ("Nissan", "Versa Advance"),
    ("Mazda", "CX-5 Grand Touring"),
    ("Kia", "Rio Hatchback"),
    ("Toyota", "Corolla Híbrido"),
    ("Honda", "CR-V Turbo Plus"),
    ("Peugeot", "Partner Tepee"),
    ("Citroën", "Berlingo Furgón"),
    ("Chevrolet", "Aveo LS"),
    ("Volkswagen", "Jetta Comfortline"),
    ("Hyundai", "Tucson Limited"),
]
INDICES = {
    "operaciones_unidad": ["marca_prefijo", "modelo_trgm"],
    "comercial_empresas_empresa": ["razon_social_trgm", "localidad_trgm", "nit_prefijo"],
    "comercial_crm_prospecto": ["cliente_trgm", "documento_prefijo", "id_spiga_prefijo"],
}


def _en_lotes(modelo, filas):
    lote = []
    for fila in filas:
        lote.append(fila)
        if len(lote) == LOTE:
            modelo.objects.bulk_create(lote)
            lote = []
    modelo.objects.bulk_create(lote)


def sembrar_unidades(concesionarios):
    hoy = timezone.localdate()
    _en_lotes(
        Unidad,
        (
            Unidad(
                vin=f"Q{i:016d}",
                marca=MARCAS[i % 10][0],
                modelo=f"{MARCAS[i % 10][1]} {2015 + i % 10}",
                anio=2015 + i % 10,
                km=1000 + i % 150_000,
                color="Blanco",
                precio=Decimal(150_000 + (i * 37) % 600_000),
                concesionario=concesionarios[i % len(concesionarios)],
                ciudad="Monterrey",
                fecha_ingreso=hoy - timedelta(days=i % 150),
            )
            for i in range(FILAS)
        ),
    )


def sembrar_empresas(organizacion):
    _en_lotes(
        Empresa,
        (
            Empresa(
                organizacion=organizacion,
                razon_social=f"{GIROS[i % 8]} {APELLIDOS[i % 20]} {APELLIDOS[(i // 20) % 20]} {i}",
                nit=f"{1000000000 + i * 7}",
                giro="comercio",
                localidad=LOCALIDADES[(i // 8) % 8],
                situacion="cliente" if i % 3 else "prospecto",
            )
            for i in range(FILAS)
        ),
    )


def sembrar_prospectos(organizacion, perfiles):
    importacion = ImportacionFactory(organizacion=organizacion)
    ahora = timezone.now()

    def prospecto(i):
        perfil, dia = perfiles[i % len(perfiles)], date(2026, 3, 1) + timedelta(days=i % 31)
        return Prospecto(
            organizacion=organizacion,
            id_spiga=f"TE-{i:07d}",
            importacion=importacion,
            importado_en=ahora,
            fecha=dia,
            marca_id=perfil.marca_id,
            asesor_id=perfil.usuario_id,
            cliente=f"{NOMBRES[i % 10]} {APELLIDOS[(i // 10) % 20]} {APELLIDOS[(i // 200) % 20]}",
            documento=str(4_000_000 + i * 13),
            telefono="+573000000000",
            **Prospecto.derivados(dia, None),  # bulk_create skips save(), as the import does
        )

    _en_lotes(Prospecto, (prospecto(i) for i in range(FILAS)))  # every one in the month the list opens on


def quitar_indices():
    with connection.cursor() as cursor:
        for tabla, columnas in INDICES.items():
            for columna in columnas:
                cursor.execute(f'DROP INDEX "{tabla}_{columna}"')
        cursor.execute("ANALYZE")


@pytest.mark.django_db(transaction=True)
def test_busquedas_de_las_listas_a_escala(client, organizacion, medir, analizar):
    red = RedFactory()
    concesionarios = [ConcesionarioFactory(padre=red) for _ in range(20)]
    cop = UsuarioFactory(rol="cop", organizacion=red)
    responsable = UsuarioFactory(rol="responsable_empresas", organizacion=organizacion)
    lider = UsuarioFactory(rol="lider_crm", organizacion=organizacion)
    marcas = [MarcaFactory(organizacion=organizacion) for _ in range(3)]
    perfiles = [PerfilAsesorFactory(marca=marcas[i % 3]) for i in range(30)]
    inicio = time.perf_counter()
    sembrar_unidades(concesionarios)
    sembrar_empresas(organizacion)
    sembrar_prospectos(organizacion, perfiles)
    analizar()
    print(
        f"\nBENCH sembrar {FILAS} unidades, {FILAS} empresas y {FILAS} prospectos: {time.perf_counter() - inicio:.1f} s"
    )

    inventario = reverse("operaciones:inventario")
    empresas = reverse("comercial:empresas:empresas")
    prospectos = reverse("comercial:crm:prospectos")
    casos = [
        (cop, "inventario: marca por su inicio (maz)", inventario, {"marca": "maz"}),
        (cop, "inventario: parte del modelo (tepee)", inventario, {"modelo": "tepee"}),
        (cop, "inventario: marca y modelo (citro, furgón)", inventario, {"marca": "citro", "modelo": "furgón 2019"}),
        (cop, "inventario: modelo sin resultados (zzz)", inventario, {"modelo": "zzz"}),
        (responsable, "empresas: parte de la razón social (gutiérrez mamani)", empresas, {"q": "gutiérrez mamani"}),
        (responsable, "empresas: una empresa (ferretería gutiérrez quispe 840)", empresas,
         {"q": "ferretería gutiérrez quispe 840"}),
        (responsable, "empresas: localidad (quillacollo)", empresas, {"q": "quillacollo"}),
        (responsable, f"empresas: NIT por su inicio ({1000000000 + FILAS // 2 * 7})", empresas,
         {"q": str(1000000000 + FILAS // 2 * 7)}),
        (responsable, "empresas: sin resultados (zzz)", empresas, {"q": "zzz"}),
        (lider, "prospectos: parte del nombre (lucía muñoz)", prospectos, {"estado": "", "q": "lucía muñoz"}),
        (lider, "prospectos: nombre completo (inés peña núñez)", prospectos, {"estado": "", "q": "inés peña núñez"}),
        (lider, f"prospectos: documento ({4_000_000 + FILAS // 2 * 13})", prospectos,
         {"estado": "", "q": str(4_000_000 + FILAS // 2 * 13)}),
        (lider, f"prospectos: ID SPIGA (TE-{FILAS // 3:07d})", prospectos, {"estado": "", "q": f"TE-{FILAS // 3:07d}"}),
    ]  # fmt: skip

    def medir_casos(rotulo):
        mediciones = {}
        with time_machine.travel(date(2026, 3, 20), tick=False):
            for usuario, nombre, url, consulta in casos:
                client.force_login(usuario)
                assert client.get(url, consulta).status_code == 200
                mediciones[nombre] = medir(f"{nombre} {rotulo}", lambda u=url, c=consulta: client.get(u, c), 20)
        return mediciones

    con_indices = medir_casos(f"[{FILAS} filas]")
    if PG:
        with transaction.atomic():  # rolled back: the indexes come back for the next run
            quitar_indices()
            sin_indices = medir_casos(f"[{FILAS} filas, sin índices de búsqueda]")
            transaction.set_rollback(True)
        assert all(con_indices[n].consultas == sin_indices[n].consultas for n in con_indices)
