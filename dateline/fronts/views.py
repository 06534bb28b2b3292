"""The read beacon's endpoint: ``POST /hit/<id>`` counts one read, and answers nothing."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from dateline.fronts.counter import count_read


@csrf_exempt  # A beacon carries no token, and a read changes nothing but a count.
@never_cache
def hit(request: HttpRequest, pk: int) -> HttpResponse:
    """Count one read of public item ``pk``; 204 whether counted or not (a beacon has no use
    for the answer), 405 for anything but POST. Nothing about the reader is kept."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    count_read(pk)
    return HttpResponse(status=204)
