"""Give every public item of an existing database its OAI-PMH record (no manual step after upgrading).

Works with the historical models only, so that it keeps running however the
page models change later; ``manage.py oai_rebuild`` does the same with the
current code. Datestamps are the items' last publication: no harvester has
seen this repository before, so nothing can be missed.
"""

from django.db import migrations
from django.utils import timezone

KINDS = {"resource": ("resources", "ResourcePage"), "project": ("projects", "ProjectPage"),
         "collection": ("resources", "CollectionPage")}
BATCH = 1000


def forwards(apps, schema_editor):
    OaiRecord = apps.get_model("oai", "OaiRecord")
    OaiRecordSet = apps.get_model("oai", "OaiRecordSet")
    Term = apps.get_model("vocabularies", "Term")
    restricted = list(apps.get_model("wagtailcore", "PageViewRestriction").objects.values_list("page__path", flat=True))
    parents = dict(Term.objects.filter(vocabulary="subject").values_list("pk", "parent_id"))
    codes = dict(Term.objects.filter(vocabulary="subject").values_list("pk", "code"))
    now = timezone.now().replace(microsecond=0)
    for kind, (app_label, model_name) in KINDS.items():
        model = apps.get_model(app_label, model_name)
        items: dict = {}
        pages = model.objects.filter(live=True).values_list("pk", "translation_key", "path", "last_published_at",
                                                            "locale__language_code")
        for pk, key, path, published, language in pages.iterator(chunk_size=BATCH):
            if any(path.startswith(prefix) for prefix in restricted):
                continue
            item = items.setdefault(key, {"when": None, "specs": {f"type:{kind}"}, "pks": []})
            if published and (item["when"] is None or published > item["when"]):
                item["when"] = published
            item["specs"].add(f"language:{language}")
            item["pks"].append(pk)
        subjects_of = _subjects(model, codes, parents) if hasattr(model, "terms") else {}
        keys = list(items)
        for start in range(0, len(keys), BATCH):
            chunk = keys[start:start + BATCH]
            records = OaiRecord.objects.bulk_create([
                OaiRecord(kind=kind, translation_key=key, deleted=False,
                          datestamp=(items[key]["when"] or now).replace(microsecond=0))
                for key in chunk
            ])
            memberships = []
            for record in records:
                item = items[record.translation_key]
                specs = set(item["specs"])
                for pk in item["pks"]:
                    specs.update(f"subject:{code}" for code in subjects_of.get(pk, ()))
                memberships += [OaiRecordSet(record_id=record.pk, spec=spec) for spec in sorted(specs)]
            OaiRecordSet.objects.bulk_create(memberships, batch_size=BATCH)


def _subjects(model, codes: dict, parents: dict) -> dict:
    """Page id -> subject codes, each with its broader subjects."""
    through = model.terms.through
    page_column = f"{model._meta.model_name}_id"
    found: dict = {}
    for page_id, term_id in through.objects.filter(term_id__in=codes).values_list(page_column, "term_id").iterator():
        node = term_id
        while node is not None:
            found.setdefault(page_id, set()).add(codes[node])
            node = parents.get(node)
    return found


def backwards(apps, schema_editor):
    apps.get_model("oai", "OaiRecord").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("oai", "0001_initial"),
        ("resources", "0002_rating_per_criterion"),
        ("projects", "0001_initial"),
        ("vocabularies", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
