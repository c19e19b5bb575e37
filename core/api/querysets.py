"""What an API queryset reads from the database."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Model, Prefetch, QuerySet
from django.db.models.base import ModelState
from django.db.models.query import ModelIterable, RelatedPopulator


def shown(queryset: QuerySet, **related: Sequence[str]) -> QuerySet:
    """`queryset` reading its record's own columns (not the generated ones, such as the stored
    search vector, which no response shows) and of each record selected with it only the
    fields named, e.g. `shown(Deliverable.objects.select_related("owner"), owner=["code"])`
    for an owner shown as its code and link. A page of 100 deliverables otherwise builds a
    whole Group, with its dates, for every owner and distribution line."""
    own = [
        field.name
        for field in queryset.model._meta.concrete_fields
        if not getattr(field, "generated", False)
    ]
    others = [f"{path}__{name}" for path, names in related.items() for name in names]
    return queryset.only(*own, *others)


def _plain_model(model: type[Model]) -> bool:
    """Built as `Model.from_db` builds it: neither `from_db` nor `__init__` is the model's own."""
    return (
        model.from_db.__func__ is Model.from_db.__func__  # type: ignore[attr-defined]
        and model.__init__ is Model.__init__
    )


def _shown_instance(model: type[Model], db: str, names: list[str], values) -> Model:
    """What `model.from_db(db, names, values)` makes of a row, without `Model.__init__`."""
    obj = model.__new__(model)
    state = ModelState()
    state.adding = False
    state.db = db
    data = dict(zip(names, values, strict=True))
    data["_state"] = state
    obj.__dict__ = data
    return obj


class _ShownRelatedPopulator(RelatedPopulator):
    """Django's populator of a `select_related` record, building it as `_shown_instance`."""

    def __init__(self, klass_info, select, db) -> None:
        super().__init__(klass_info, select, db)  # type: ignore[call-arg]  # Django 5.2
        self.related_populators = _populators(klass_info, select, db)
        self.plain = _plain_model(self.model_cls)

    def populate(self, row, from_obj) -> None:
        if self.reorder_for_init:
            obj_data = self.reorder_for_init(row)
        else:
            obj_data = row[self.cols_start : self.cols_end]
        if obj_data[self.pk_idx] is None:
            obj = None
        else:
            if self.plain:
                obj = _shown_instance(self.model_cls, self.db, self.init_list, obj_data)
            else:
                obj = self.model_cls.from_db(self.db, self.init_list, obj_data)
            for rel_iter in self.related_populators:
                rel_iter.populate(row, obj)
        self.local_setter(from_obj, obj)
        if obj is not None:
            self.remote_setter(obj, from_obj)


def _populators(klass_info, select, db) -> list:
    return [
        _ShownRelatedPopulator(info, select, db)
        for info in klass_info.get("related_klass_infos", [])
    ]


class _ShownRowIterable(ModelIterable):
    """Model instances built without `Model.__init__`: no per-field argument handling and no
    `pre_init`/`post_init` signals (django-cleanup's `post_init` alone recorded the file field
    of every document read, through `get_deferred_fields()`, 6,500 times for a page of 100
    meetings). Each instance is what `from_db` makes of the same row (the loaded columns,
    `_state.adding` false, `_state.db` set; a column not read loads on access as a deferred one
    does; records selected with it cached on it as Django caches them; annotations set), so a
    serializer reads them the same. Rows known from a related manager, or a model with its own
    `from_db` or `__init__`, take Django's own path."""

    def __iter__(self):
        queryset = self.queryset
        if getattr(queryset, "_known_related_objects", None) or not _plain_model(queryset.model):
            yield from super().__iter__()
            return
        db = queryset.db
        compiler = queryset.query.get_compiler(using=db)
        results = compiler.execute_sql(chunked_fetch=self.chunked_fetch, chunk_size=self.chunk_size)
        select, klass_info, annotation_col_map = (
            compiler.select,
            compiler.klass_info,
            compiler.annotation_col_map,
        )
        model_cls = klass_info["model"]
        select_fields = klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        names = [f[0].target.attname for f in select[start:end]]
        related = _populators(klass_info, select, db)
        extra = list((annotation_col_map or {}).items())
        for row in compiler.results_iter(results):
            obj = _shown_instance(model_cls, db, names, row[start:end])
            for populator in related:
                populator.populate(row, obj)
            for name, position in extra:
                setattr(obj, name, row[position])
            yield obj


def shown_rows(queryset: QuerySet) -> QuerySet:
    """`queryset` yielding its rows as lightweight model instances (`_ShownRowIterable`), for
    records a response only shows: a page of a list, the links it names (a page of 100
    meetings links 6,500 documents). Not for records that are saved or deleted (their
    `post_init` hooks did not run). A queryset returning something else than instances
    (values(), values_list()) is left as it is."""
    if queryset._iterable_class not in (ModelIterable, _ShownRowIterable):
        return queryset
    queryset = queryset.all()
    queryset._iterable_class = _ShownRowIterable
    return queryset


def prefetched_attr(relation: str) -> str:
    """Where `shown_prefetch` leaves a relation's rows on each instance, for the serializers'
    fast read (core.api.serializers) to find them under the field's own source."""
    return f"_shown_{relation}"


def shown_prefetch(relation: str, queryset: QuerySet | None = None) -> Prefetch:
    """`Prefetch(relation, queryset)` with the rows left as a plain list on each instance
    (`to_attr`), for a to-many field a response shows. Without `to_attr` Django stores the
    rows through a related manager it builds for every instance, with a clone of `queryset`
    filtered to that instance, only to keep the rows already in hand: for a page of 100
    deliverables that was a third of the ORM's time. Only for a relation no model code reads
    through its manager (a property reading `self.from_groups.all()` would query again per
    row): those keep a plain `Prefetch`."""
    if queryset is not None:
        queryset = shown_rows(queryset)
    return Prefetch(relation, queryset=queryset, to_attr=prefetched_attr(relation))


def forget_shown_rows(instance: Model) -> None:
    """After a write: drops the rows `shown_prefetch` left on `instance`, so the response reads
    the relations as they now stand (as DRF's update drops the prefetch cache)."""
    for name in [name for name in instance.__dict__ if name.startswith("_shown_")]:
        del instance.__dict__[name]


# The name the links' querysets first had (a list of links is a list of records only shown).
link_rows = shown_rows
