"""/oai: the OAI-PMH 2.0 endpoint (GET and POST, as the protocol allows both)."""

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from scientix.oai import responses
from scientix.oai.protocol import VERBS, OaiError, OaiRequest, request_parse


@csrf_exempt  # harvesters POST without a session or a form token; every verb only reads
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint(request):
    """Protocol errors are answered with 200 and an <error> element, as OAI-PMH 2.0 requires."""
    params = request.POST if request.method == "POST" else request.GET
    try:
        oai_request, errors = request_parse(params), []
    except OaiError as error:
        oai_request, errors = _verb_only(params), [error]
    body = responses.document(oai_request=oai_request, errors=errors, request=request)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


def _verb_only(params):
    """The request as far as it is known, for the echo (left out anyway after badVerb/badArgument)."""
    verbs = params.getlist("verb")
    if len(verbs) == 1 and verbs[0] in VERBS:
        return OaiRequest(verb=verbs[0], arguments={
            name: params[name] for name in params if name != "verb" and len(params.getlist(name)) == 1})
    return None
