from django.contrib.contenttypes.models import ContentType

from enlace.models import Evento, PdfPreparado


def eventos_visibles(user):
    """The event log as the user may read it, newest first, with actor and organisation joined."""
    return Evento.objects.visibles_para(user).select_related("actor", "organizacion").order_by("-secuencia")


def eventos_de(objeto):
    """The timeline of one object, oldest first."""

    return (
        Evento.objects.filter(objeto_tipo=ContentType.objects.get_for_model(objeto), objeto_id=str(objeto.pk))
        .select_related("actor")
        .order_by("secuencia")
    )


def pdf_preparado_de(usuario, pk):
    """The user's own prepared PDF, or None (anyone else's is not found)."""
    return PdfPreparado.objects.filter(pk=pk, usuario=usuario).first()
