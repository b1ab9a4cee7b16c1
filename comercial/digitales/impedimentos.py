"""Impediment check (step 4: NAF cartera, central de riesgos, equipment to return) behind one interface.

``consultar_impedimentos`` is what the services call; the provider is chosen by
``DIGITALES_IMPEDIMENTOS`` (a dotted path), so a connector to the real NAF can replace
the built-in one, which answers from ``RegistroImpedimento`` (importable from CSV).
"""

import csv
import io
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.module_loading import import_string

from comercial.digitales.models import RegistroImpedimento, TipoImpedimento
from comercial.digitales.validadores import clave_carnet, validar_carnet
from enlace.archivos import leer_texto_csv, separador_csv


@dataclass(frozen=True)
class ResultadoImpedimentos:
    impedimentos: list = field(default_factory=list)  # [{"tipo", "nombre", "detalle", "monto_bs"}]
    proveedor: str = ""
    consultado: str = ""

    @property
    def tiene_impedimento(self):
        return bool(self.impedimentos)

    def como_evidencia(self):
        return asdict(self)


class ImpedimentosPorTabla:
    """Built-in provider: the organisation's rows of the imported impediment table for that carnet."""

    nombre = "Tabla de impedimentos (importada de NAF)"

    def consultar(self, *, organizacion, carnet):
        filas = RegistroImpedimento.objects.filter(organizacion=organizacion, carnet=clave_carnet(carnet)).order_by(
            "tipo"
        )
        impedimentos = [
            {
                "tipo": fila.tipo,
                "nombre": fila.get_tipo_display(),
                "detalle": fila.detalle,
                "monto_bs": str(fila.monto_bs) if fila.monto_bs is not None else "",
            }
            for fila in filas
        ]
        return ResultadoImpedimentos(impedimentos, self.nombre, timezone.now().isoformat())


def consultar_impedimentos(*, organizacion, carnet):
    """Ask the configured provider; returns a ``ResultadoImpedimentos``."""
    proveedor = import_string(settings.DIGITALES_IMPEDIMENTOS)()
    return proveedor.consultar(organizacion=organizacion, carnet=carnet)


# --- CSV import (all-or-nothing, row-by-row Spanish errors) -------------------------------------

COLUMNAS = ("carnet", "tipo", "detalle", "monto_bs")
ERROR_COLUMNAS = "Faltan columnas en la cabecera: {faltantes}. Se esperan: carnet, tipo, detalle, monto_bs."
ERROR_VACIO = "El archivo no tiene filas de datos."
ERROR_TIPO = "Fila {fila}: el tipo «{valor}» no existe; use deuda_naf, central_riesgos o equipo_por_devolver."
ERROR_MONTO = "Fila {fila}: el monto «{valor}» no es un número positivo (use punto o coma decimal)."
ERROR_CARNET = "Fila {fila}: {mensaje}"
ERROR_DUPLICADO = "Fila {fila}: el carnet {carnet} ya tiene el tipo {tipo} en la fila {anterior}."
MAX_FILAS = 200_000

_TIPOS = {valor: valor for valor in TipoImpedimento.values} | {
    etiqueta.lower(): valor for valor, etiqueta in TipoImpedimento.choices
}


def leer_csv_impedimentos(contenido):
    """Parse the CSV bytes into rows ready to insert; raise ValidationError with every row's error.

    Accepts ``,`` or ``;`` as separator and Bolivian decimals (``1.234,50``).
    Returns a list of dicts (carnet key, tipo, detalle, monto_bs).
    """
    texto = leer_texto_csv(contenido)
    lector = csv.DictReader(io.StringIO(texto), delimiter=separador_csv(texto))
    cabecera = [(c or "").strip().lower() for c in (lector.fieldnames or [])]
    faltantes = [c for c in COLUMNAS if c not in cabecera]
    if faltantes:
        raise ValidationError(ERROR_COLUMNAS.format(faltantes=", ".join(faltantes)))
    lector.fieldnames = cabecera
    errores, filas, vistos = [], [], {}
    for numero, fila in enumerate(lector, start=2):  # row 1 is the header
        if numero - 1 > MAX_FILAS:
            errores.append(f"El archivo supera el máximo de {MAX_FILAS} filas.")
            break
        valores = {c: (fila.get(c) or "").strip() for c in COLUMNAS}
        if not any(valores.values()):
            continue
        try:
            carnet = clave_carnet(validar_carnet(valores["carnet"]))
        except ValidationError as error:
            errores.append(ERROR_CARNET.format(fila=numero, mensaje=error.messages[0]))
            carnet = None
        tipo = _TIPOS.get(valores["tipo"].lower())
        if tipo is None:
            errores.append(ERROR_TIPO.format(fila=numero, valor=valores["tipo"]))
        monto = None
        if valores["monto_bs"]:
            texto_monto = valores["monto_bs"]
            if "," in texto_monto:
                texto_monto = texto_monto.replace(".", "").replace(",", ".")
            try:
                monto = Decimal(texto_monto)
                if monto < 0 or not monto.is_finite():
                    raise InvalidOperation
                monto = monto.quantize(Decimal("0.01"))
            except InvalidOperation:
                errores.append(ERROR_MONTO.format(fila=numero, valor=valores["monto_bs"]))
        if carnet and tipo:
            anterior = vistos.setdefault((carnet, tipo), numero)
            if anterior != numero:
                errores.append(ERROR_DUPLICADO.format(fila=numero, carnet=carnet, tipo=tipo, anterior=anterior))
        filas.append({"carnet": carnet, "tipo": tipo, "detalle": valores["detalle"][:250], "monto_bs": monto})
    if errores:
        raise ValidationError(errores)
    if not filas:
        raise ValidationError(ERROR_VACIO)
    return filas
