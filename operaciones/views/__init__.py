"""Pages of operaciones, one module per part of the operación (URLs in operaciones/urls.py)."""
