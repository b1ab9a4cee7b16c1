"""Issued documents: frozen PDFs with a public verification page (``/verificar/<código>/``)."""
