"""Money shown the way each country writes it: MXN and COP with "$", BOB with "Bs"."""

from decimal import ROUND_HALF_UP, Decimal

# currency → (symbol, thousands separator, decimal separator, decimals)
FORMATOS = {
    "MXN": ("$", ",", ".", 2),
    "BOB": ("Bs", ".", ",", 2),
    "COP": ("$", ".", ",", 0),
}


def formatear(monto, moneda):
    """``formatear(Decimal("1234.5"), "MXN")`` → ``"$1,234.50 MXN"``; ``None`` → ``"—"``."""
    if monto is None or monto == "":
        return "—"
    simbolo, miles, decimal, decimales = FORMATOS[moneda]
    cantidad = Decimal(str(monto)).quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)
    signo = "-" if cantidad < 0 else ""
    entero, _, fraccion = f"{abs(cantidad):.{decimales}f}".partition(".")
    entero = f"{int(entero):,}".replace(",", miles)
    numero = f"{entero}{decimal}{fraccion}" if decimales else entero
    separador = " " if simbolo == "Bs" else ""
    return f"{signo}{simbolo}{separador}{numero} {moneda}"
