"""Money in one Spanish number format everywhere (comma decimal, point thousands, as NOM-008 writes it in
Mexico): «$5.560,00 MXN», «Bs 400,00», «$85.000.000 COP». "$" is shared by two currencies, so it carries
the code; "Bs" is unambiguous and does not."""

from decimal import ROUND_HALF_UP, Decimal

# currency → (symbol, decimals, code after the number)
FORMATOS = {
    "MXN": ("$", 2, " MXN"),
    "BOB": ("Bs ", 2, ""),
    "COP": ("$", 0, " COP"),
}


def miles(entero):
    """``miles(12345)`` → ``"12.345"``: whole numbers with the point as thousands separator."""
    return f"{int(entero):,}".replace(",", ".")


def redondear(numero, decimales):
    """``numero`` as a ``Decimal`` with ``decimales`` places, half up as people round (``0.15`` → ``0.2``)."""
    return Decimal(str(numero)).quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)


def formatear(monto, moneda):
    """``formatear(Decimal("1234.5"), "MXN")`` → ``"$1.234,50 MXN"``; ``None`` → ``"—"``."""
    if monto is None or monto == "":
        return "—"
    simbolo, decimales, codigo = FORMATOS[moneda]
    cantidad = redondear(monto, decimales)
    signo = "-" if cantidad < 0 else ""
    entero, _, fraccion = f"{abs(cantidad):.{decimales}f}".partition(".")
    numero = f"{miles(entero)},{fraccion}" if decimales else miles(entero)
    return f"{signo}{simbolo}{numero}{codigo}"
