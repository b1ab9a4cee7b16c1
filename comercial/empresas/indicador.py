"""The procedure's indicator: month-on-month billing growth and its bands.

variación = (facturación del mes − facturación del mes anterior) / facturación del mes anterior × 100

The seed's parameters: ≥ 10 % Aprobado, < 5 % Observado, < 0 % Rechazado. It says nothing about
5–10 %; that band gets its own explicit label. The thresholds come from settings (read at call
time) so the Div. Gestión Integral Territorios can change them without a release.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

APROBADO = "aprobado"
OBSERVADO = "observado"
RECHAZADO = "rechazado"
SIN_BANDA = "sin_banda"
SIN_BASE = "sin_base"
EN_CURSO = "en_curso"

ETIQUETA_SIN_BASE = "Sin base de comparación (el mes anterior no tiene facturación)"
ETIQUETA_EN_CURSO = "En curso (cifras hasta hoy; se evalúa al cerrar el mes)"
CLASES = {
    APROBADO: "semaforo-verde",
    SIN_BANDA: "semaforo-ambar",
    OBSERVADO: "semaforo-ambar",
    RECHAZADO: "semaforo-rojo",
    SIN_BASE: "",
    EN_CURSO: "semaforo-en-curso",
}


def umbrales():
    """(aprobado_desde, observado_bajo, rechazado_bajo) as Decimals, from settings."""
    return (
        Decimal(str(settings.EMPRESAS_INDICADOR_APROBADO_PCT)),
        Decimal(str(settings.EMPRESAS_INDICADOR_OBSERVADO_PCT)),
        Decimal(str(settings.EMPRESAS_INDICADOR_RECHAZADO_PCT)),
    )


def _numero(valor):
    texto = f"{valor.normalize():f}" if valor == valor.to_integral() else f"{valor:f}"
    return texto.replace(".", ",")


def etiquetas():
    aprobado, observado, _ = umbrales()
    return {
        APROBADO: "Aprobado",
        OBSERVADO: "Observado",
        RECHAZADO: "Rechazado",
        SIN_BANDA: f"Sin banda definida ({_numero(observado)}–{_numero(aprobado)} %)",
        SIN_BASE: ETIQUETA_SIN_BASE,
        EN_CURSO: ETIQUETA_EN_CURSO,
    }


def definicion():
    """The bands in words, shown on the indicator page and in the reports."""
    aprobado, observado, rechazado = umbrales()
    e = etiquetas()
    return [
        f"≥ {_numero(aprobado)} %: {e[APROBADO]}",
        f"≥ {_numero(observado)} % y < {_numero(aprobado)} %: {e[SIN_BANDA]} — el procedimiento no la define",
        f"≥ {_numero(rechazado)} % y < {_numero(observado)} %: {e[OBSERVADO]}",
        f"< {_numero(rechazado)} %: {e[RECHAZADO]}",
    ]


def banda_de(variacion):
    """The band code of a variation in percent (a Decimal, or None when there is no base)."""
    if variacion is None:
        return SIN_BASE
    aprobado, observado, rechazado = umbrales()
    if variacion >= aprobado:
        return APROBADO
    if variacion < rechazado:
        return RECHAZADO
    if variacion < observado:
        return OBSERVADO
    return SIN_BANDA


@dataclass(frozen=True)
class Indicador:
    actual: Decimal
    anterior: Decimal
    variacion: Decimal | None  # exact; shown rounded to 2 decimals; None with no base or a month in progress
    banda: str

    @property
    def en_curso(self):
        return self.banda == EN_CURSO

    @property
    def etiqueta(self):
        return etiquetas()[self.banda]

    @property
    def clase(self):
        return CLASES[self.banda]

    @property
    def variacion_redondeada(self):
        return None if self.variacion is None else self.variacion.quantize(Decimal("0.01"))


def calcular(actual, anterior, *, en_curso=False):
    """The indicator for this month's and last month's billing (Decimals, Bs.).

    A month still in progress is never judged: its figures so far, no variation and the EN_CURSO band.
    """
    actual, anterior = Decimal(actual or 0), Decimal(anterior or 0)
    if en_curso:
        return Indicador(actual=actual, anterior=anterior, variacion=None, banda=EN_CURSO)
    variacion = None if anterior == 0 else (actual - anterior) / anterior * Decimal(100)
    return Indicador(actual=actual, anterior=anterior, variacion=variacion, banda=banda_de(variacion))
