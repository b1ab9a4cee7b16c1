"""The one shape of a refused business action, which each app subclasses once."""


class ErrorNegocio(Exception):
    """A business rule refused the action; ``mensaje`` is the Spanish text shown to the user as is."""

    def __init__(self, mensaje):
        super().__init__(mensaje)
        self.mensaje = mensaje
