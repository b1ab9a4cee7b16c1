"""Pages of ENROK, one module per sub-domain (URLs in atencion/urls.py); the actions each object page
offers are declared once in its module (``ACCIONES_…``, enlace.acciones_pagina)."""
