"""Human names of the event types (``Evento.tipo``) shared by COMTECO's procedures (the product catalog)."""

NOMBRES_EVENTO = {
    "comercial.producto_creado": "Producto creado en el catálogo",
    "comercial.producto_editado": "Producto del catálogo editado",
}
