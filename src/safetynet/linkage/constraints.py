"""What clustering must obey besides the scores, and how a broken cluster is rebuilt.

Splink's connected components can chain two people through records that lack what would tell
them apart (an ID, a sex, a birth date). These rules keep such chains apart; people's decisions
(same, different) are rules too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import pyarrow as pa
import pyarrow.compute as pc

from safetynet.core.twid import ID_SEX_CHARACTERS
from safetynet.linkage.model import GUESSED_YEARS

T = TypeVar("T")


@dataclass(frozen=True)
class Constraints:
    """What clustering must obey besides the scores.

    `exclusive`: a key per record (a valid ID, an index person); no cluster holds two keys
    that conflict. `sexes`: no cluster holds both a record saying M and one saying F (twins of
    either sex often have names that sound alike: 宇/妤), unless every record with a sex bears
    one name (`names`): a sex code typed wrong is a slip, twins have two names. `births`: no
    cluster holds birth dates more than one slip apart (a father and son of one name, joined
    through a record without a birth date). `cannot`: pairs a person said are
    different people. `must`: pairs a person said are one.
    """

    exclusive: Mapping[int, str] = field(default_factory=dict)
    cannot: set[tuple[int, int]] = field(default_factory=set)
    must: list[tuple[int, int]] = field(default_factory=list)
    sexes: Mapping[int, str] = field(default_factory=dict)
    births: Mapping[int, dt.date] = field(default_factory=dict)
    ids: Mapping[int, str] = field(default_factory=dict)  # as written, valid or not
    names: Mapping[int, str] = field(default_factory=dict)  # the clean name, where there is one


class RowFacts(Mapping[int, T], Generic[T]):
    """unique_id -> one prepared column's value, for the records that have one, where unique_id
    is the row number (as prepare_records numbers them). A million-entry dict per column cost
    about 3 s at 1M records; this keeps the column as a list (and as Arrow, for whole-file
    work) and converts a value when it is read: clustering reads few of them."""

    def __init__(
        self,
        column: pa.Array,
        convert: Callable[[Any], T] | None = None,
        *,
        raw: pa.Array | None = None,
    ) -> None:
        self.arrow = column  # nulls where a record has none
        self._values: list[Any] = (raw if raw is not None else column).to_pylist()
        self._convert = convert

    def __getitem__(self, uid: int) -> T:
        if 0 <= uid < len(self._values):
            value = self._values[uid]
            if value is not None:
                return self._convert(value) if self._convert else value
        raise KeyError(uid)

    def __contains__(self, uid: object) -> bool:
        return (
            isinstance(uid, int) and 0 <= uid < len(self._values) and self._values[uid] is not None
        )

    def __iter__(self) -> Iterator[int]:
        return (uid for uid, value in enumerate(self._values) if value is not None)

    def __len__(self) -> int:
        return len(self._values) - self._values.count(None)


class _Either(Mapping[int, T], Generic[T]):
    """The first mapping's value for a key, else the second's."""

    def __init__(self, first: Mapping[int, T], second: Mapping[int, T]) -> None:
        self.first, self.second = first, second

    def __getitem__(self, uid: int) -> T:
        return self.first[uid] if uid in self.first else self.second[uid]

    def __contains__(self, uid: object) -> bool:
        return uid in self.first or uid in self.second

    def __iter__(self) -> Iterator[int]:
        yield from self.first
        yield from (uid for uid in self.second if uid not in self.first)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def one_slip(a: str, b: str) -> bool:
    """One digit typed wrong, or two neighbours swapped. Taiwan's check digit misses some of
    these (weights 2, 4, 5, 6 and 8 let some changes through; the last two digits both weigh
    1), so two valid IDs this close are far likelier one person than two."""
    if len(a) != len(b):
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diff) != 2:
        return len(diff) == 1
    i, j = diff
    return j == i + 1 and a[i] == b[j] and a[j] == b[i]


def keys_conflict(a: str, b: str) -> bool:
    """Two keys that cannot be one person's: two index persons, or two valid IDs of the same
    kind more than one slip apart. IDs of different kinds (an old resident certificate and
    the new-format number that replaced it, a resident number and a later national ID) are
    one person's as often as not: no conflict."""
    if a == b:
        return False
    if a.startswith("id:") and b.startswith("id:"):
        kind_a, _, number_a = a[3:].partition(":")
        kind_b, _, number_b = b[3:].partition(":")
        return kind_a == kind_b and not one_slip(number_a, number_b)
    return True


def births_conflict(a: dt.date, b: dt.date) -> bool:
    """More than the slips records make: day and month swapped, one of year, month and day
    different, or a few days off (a day off across a month's end changes two fields). 1 January
    may stand for a year alone, or for one worked out from an age a caller guessed: it agrees
    with any date up to GUESSED_YEARS years away."""
    if (1, 1) in ((a.month, a.day), (b.month, b.day)) and abs(a.year - b.year) <= GUESSED_YEARS:
        return False
    same = (a.year == b.year) + (a.month == b.month) + (a.day == b.day)
    swapped = a.year == b.year and a.month == b.day and a.day == b.month
    return same < 2 and not swapped and abs((a - b).days) > 7


def births_agree(days: set[dt.date]) -> bool:
    """One person's records may each slip once from the true birth date: some date of theirs
    is within one slip of all the others. A 1 January is that date only when no other is: it
    may be a year alone, and as the centre it would agree with every date of its year."""
    if len(days) < 2:
        return True
    centres = {d for d in days if (d.month, d.day) != (1, 1)} or days
    return any(all(not births_conflict(center, day) for day in days) for center in centres)


def _present(values: pa.Array) -> pa.Array:
    """The column with '' (a string column's "none") as null."""
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    if pa.types.is_string(values.type):
        return pc.if_else(pc.equal(values, ""), pa.scalar(None, values.type), values)
    return values


def _by_row(records: pa.Table) -> bool:
    """Whether unique_id is the row number (prepare_records numbers them so)."""
    ids = records.column("unique_id")
    return bool(len(ids) == 0 or pc.all(pc.equal(ids, pa.array(range(len(ids)), ids.type))).as_py())


def _column_values(records: pa.Table, column: str, *, by_row: bool) -> Mapping[int, Any]:
    """unique_id -> the column's value, for the records that have one."""
    return _facts(records, _present(records.column(column)), by_row=by_row)


def _facts(records: pa.Table, values: pa.Array, *, by_row: bool) -> Mapping[int, Any]:
    """unique_id -> the value (one per record, null where it has none), for the records that
    have one: RowFacts where unique_id is the row number, else a dict."""
    if by_row:
        return RowFacts(values)
    present = pc.is_valid(values)
    return dict(
        zip(
            records.column("unique_id").filter(present).to_pylist(),
            values.filter(present).to_pylist(),
            strict=True,
        )
    )


def _births(records: pa.Table, *, by_row: bool) -> Mapping[int, dt.date]:
    if by_row and "dob_days" in records.column_names:
        # Days as integers, a date made when read: 1M date objects took about a second.
        return RowFacts(
            records.column("birth_date").combine_chunks(),
            dt.date.fromordinal,
            raw=records.column("dob_days").combine_chunks(),
        )
    return _column_values(records, "birth_date", by_row=by_row)


def with_record_facts(constraints: Constraints, records: pa.Table) -> Constraints:
    """The constraints plus what the prepared records say: valid IDs (the key wherever there
    is one; IDs are unique in the index, so index persons stay apart either way), sexes, birth
    dates and IDs as written."""
    by_row = _by_row(records)
    return Constraints(
        exclusive=_Either(_valid_id_keys(records, by_row=by_row), constraints.exclusive),
        cannot=constraints.cannot,
        must=constraints.must,
        sexes=_facts(records, _sexes(records), by_row=by_row),
        births=_births(records, by_row=by_row),
        ids=_column_values(records, "id_number", by_row=by_row),
        names=_column_values(records, "name_clean", by_row=by_row),
    )


def _sexes(records: pa.Table) -> pa.Array:
    """Each record's sex: as typed (or its title's), else the one its valid ID encodes — 余國昱
    with a woman's ID and no sex typed is no candidate for the boy 余國語. prepare_records has
    already dropped the typed sex where it and the ID disagree."""
    typed = _present(records.column("sex"))
    second = pc.utf8_slice_codeunits(records.column("id_number").combine_chunks(), 1, 2)
    at = pc.index_in(second, value_set=pa.array(list(ID_SEX_CHARACTERS), pa.string()))
    encoded = pa.array(list(ID_SEX_CHARACTERS.values()), pa.string()).take(at)
    valid = pc.fill_null(records.column("id_valid").combine_chunks(), False)
    return pc.coalesce(typed, pc.if_else(valid, encoded, pa.scalar(None, pa.string())))


def _sexed(constraints: Constraints, uids: Iterable[int]) -> set[tuple[str, str]]:
    """(sex, name) of the records among `uids` that have a sex (sexes_conflict's input)."""
    return {
        (constraints.sexes[u], constraints.names.get(u, "")) for u in uids if u in constraints.sexes
    }


def sexes_conflict(sexed: set[tuple[str, str]]) -> bool:
    """(sex, name) of a cluster's records with a sex: both sexes, unless all bear one name (a
    sex code typed wrong on one of them: 0.5-1.5 % of a hotline's records in generator 5).
    Twins of either sex with names that sound alike (宇/妤) have two names."""
    if len({sex for sex, _name in sexed}) < 2:
        return False
    names = {name for _sex, name in sexed}
    return len(names) > 1 or "" in names


def _valid_id_keys(records: pa.Table, *, by_row: bool) -> Mapping[int, str]:
    """unique_id -> id:<kind>:<number> for the records with a valid ID."""
    keys = pc.binary_join_element_wise(
        "id", records.column("id_kind"), records.column("id_number"), ":"
    ).combine_chunks()
    valid = pc.fill_null(records.column("id_valid"), False).combine_chunks()
    return _facts(records, pc.if_else(valid, keys, pa.scalar(None, pa.string())), by_row=by_row)


class _Components:
    """Union-find that refuses a union breaking a constraint."""

    def __init__(self, nodes: list[int], constraints: Constraints) -> None:
        self.parent = {u: u for u in nodes}
        self.keys = {
            u: {constraints.exclusive[u]} if u in constraints.exclusive else set() for u in nodes
        }
        self.members = {u: {u} for u in nodes}
        self.sexes = {u: _sexed(constraints, (u,)) for u in nodes}
        self.births = {
            u: {constraints.births[u]} if u in constraints.births else set() for u in nodes
        }
        self.ids = {u: {constraints.ids[u]} if u in constraints.ids else set() for u in nodes}
        self.cannot: dict[int, set[int]] = {u: set() for u in nodes}
        for a, b in constraints.cannot:
            if a in self.parent and b in self.parent:
                self.cannot[a].add(b)
                self.cannot[b].add(a)

    def root(self, u: int) -> int:
        while self.parent[u] != u:
            self.parent[u] = self.parent[self.parent[u]]
            u = self.parent[u]
        return u

    def join(self, u: int, v: int) -> bool:
        a, b = self.root(u), self.root(v)
        if a == b:
            return True
        if any(keys_conflict(x, y) for x in self.keys[a] for y in self.keys[b]):
            return False
        if self.cannot[a] & self.members[b] or sexes_conflict(self.sexes[a] | self.sexes[b]):
            return False
        if not (births_agree(self.births[a] | self.births[b]) or self.ids[a] & self.ids[b]):
            return False
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a] |= self.members.pop(b)
        self.keys[a] |= self.keys.pop(b)
        self.sexes[a] |= self.sexes.pop(b)
        self.births[a] |= self.births.pop(b)
        self.ids[a] |= self.ids.pop(b)
        self.cannot[a] |= self.cannot.pop(b)
        return True


def apply_constraints(
    clusters: dict[int, int], constraints: Constraints, edges: Any, *, margin: float = 0.0
) -> dict[int, int]:
    """Join what people joined; rebuild any cluster that breaks a constraint from its strongest
    links, refusing each link that would break one (a chain through records without an ID can
    otherwise join two people with different valid IDs). A record whose links pull it towards
    two parts that cannot be one, the stronger less than `margin` bits ahead, is left alone."""
    group_of = clusters
    if constraints.must:
        merged = _Components(sorted(set(clusters.values())), Constraints())
        for a, b in constraints.must:
            merged.join(clusters[a], clusters[b])
        group_of = {uid: merged.root(cluster) for uid, cluster in clusters.items()}
    broken = _broken_groups(group_of, constraints)
    fixed = _smallest(group_of)
    if not broken:
        return fixed
    nodes = sorted(u for uids in broken for u in uids)
    listed = ",".join(map(str, nodes))
    order = "ORDER BY match_weight DESC, unique_id_l, unique_id_r"
    sql = f"SELECT unique_id_l, unique_id_r, match_weight FROM {{this}} WHERE unique_id_l IN ({listed}) {order}"  # noqa: S608
    rows = edges.query_sql(sql).as_dict()
    links = [
        (int(left), int(right), float(weight))
        for left, right, weight in zip(
            rows["unique_id_l"], rows["unique_id_r"], rows["match_weight"], strict=True
        )
        if int(right) in group_of
    ]
    links = _identities_first(links, constraints)
    parts = _rebuild(nodes, constraints, links)
    # A link between parts pulls only if its two records could be one person; a link inside a
    # part was taken by the rebuild (which judges whole parts: a shared ID, a birth date between
    # two others) and counts as it is.
    pulls = [
        x
        for x in links
        if parts.root(x[0]) == parts.root(x[1]) or _can_merge({x[0]}, {x[1]}, constraints)
    ]
    torn = _torn(parts, pulls, margin)
    if torn:
        parts = _rebuild(nodes, constraints, [x for x in links if not {x[0], x[1]} & torn])
    for uids in parts.members.values():
        for uid in uids:
            fixed[uid] = min(uids)
    return fixed


# What a link between two records of one valid ID and one name weighs more than the model says.
IDENTITY_BITS = 1000.0


def _identities_first(
    links: list[tuple[int, int, float]], constraints: Constraints
) -> list[tuple[int, int, float]]:
    """The links, those between two records of one valid ID and one name first and beyond
    doubt (IDENTITY_BITS more: such a link outweighs any other by far, while two of them still
    weigh against each other: a record of one ID and name that a person said is not another
    such record is still pulled two ways). The model weighs a shared ID by what sets true pairs
    apart from all pairs, which at 120k records is barely more than the prior's odds against:
    游正芯 (born 2015) with her ID and no birth date linked to her own records (the same ID and
    name, 27.7 bits) and to her mother 游正欣 at one address and phone (a name heard alike, 28.5
    bits), so she joined neither. A form with another household member's ID bears another
    name and is not such a pair."""

    def same(left: int, right: int) -> bool:
        key = constraints.exclusive.get(left)
        name = constraints.names.get(left)
        return (
            key is not None
            and bool(name)
            and constraints.exclusive.get(right) == key
            and constraints.names.get(right) == name
        )

    marked = [(a, b, w + IDENTITY_BITS if same(a, b) else w) for a, b, w in links]
    return sorted(marked, key=lambda x: -x[2])


def _rebuild(
    nodes: list[int], constraints: Constraints, links: list[tuple[int, int, float]]
) -> _Components:
    """The nodes joined by the links, strongest first, refusing each that breaks a rule."""
    parts = _Components(nodes, constraints)
    for a, b in constraints.must:
        if a in parts.parent and b in parts.parent:
            parts.join(a, b)
    for left, right, _weight in links:
        parts.join(left, right)
    return parts


def _torn(parts: _Components, links: list[tuple[int, int, float]], margin: float) -> set[int]:
    """Records pulled towards two parts that cannot be one person, neither pull much stronger:
    陳家 (no ID, no birth date) links to both brothers 陳家豪 and 陳家瑋. Both links passed the
    link probability alone, but only one can be right: with odds 2^a against 2^b, the stronger
    is right with probability below the link probability unless a - b >= margin bits. Such a
    record is left on its own (its pairs stay in the review queue). The caller passes links
    between parts only where their two records could be one person: 余國語 (a boy born 2020)
    is not pulled towards his mother 余幗昱 (born 1991) by a link of their homophone names and
    one address."""
    inside: dict[int, float] = {}
    outside: dict[int, float] = {}
    for left, right, weight in links:
        same = parts.root(left) == parts.root(right)
        for uid in (left, right):
            best = inside if same else outside
            best[uid] = max(best.get(uid, weight), weight)
    return {
        uid
        for uid, weight in outside.items()
        if uid in inside
        and inside[uid] - weight < margin
        and len(parts.members[parts.root(uid)]) > 1
    }


def _whole_column(facts: Mapping[int, Any], rows: int) -> pa.Array | None:
    """The facts as one Arrow column in row order, where they are kept so (RowFacts; the
    valid IDs with the index persons' keys where a row has no valid ID)."""
    if isinstance(facts, RowFacts) and len(facts.arrow) == rows:
        return facts.arrow
    if isinstance(facts, _Either) and isinstance(facts.first, RowFacts):
        first = _whole_column(facts.first, rows)
        if first is None or not facts.second:
            return first
        values = first.to_pylist()
        for uid, value in facts.second.items():
            if 0 <= uid < rows and values[uid] is None:
                values[uid] = value
        return pa.array(values, first.type)
    return None


def _broken_groups(group_of: Mapping[int, int], constraints: Constraints) -> list[set[int]]:
    """The members of each group that breaks a constraint. Arrow counts the distinct keys,
    sexes and birth dates of every group at once; only groups with more than one are looked at
    closely, and only their members are gathered."""
    rows = len(group_of)
    by_row = rows > 0 and min(group_of) == 0 and max(group_of) == rows - 1
    uids: Iterable[int] = range(rows) if by_row else list(group_of)

    def column(facts: Mapping[int, Any], kind: pa.DataType) -> pa.Array:
        whole = _whole_column(facts, rows) if by_row else None
        return whole if whole is not None else pa.array([facts.get(u) for u in uids], kind)

    table = pa.table(
        {
            "group": pa.array([group_of[u] for u in uids], pa.int64()),
            "key": column(constraints.exclusive, pa.string()),
            "sex": column(constraints.sexes, pa.string()),
            "born": column(constraints.births, pa.date32()),
        }
    )
    counts = table.group_by("group").aggregate(
        [("key", "count_distinct"), ("sex", "count_distinct"), ("born", "count_distinct")]
    )
    several = pc.or_(
        pc.or_(
            pc.greater(counts.column("key_count_distinct"), 1),
            pc.greater(counts.column("sex_count_distinct"), 1),
        ),
        pc.greater(counts.column("born_count_distinct"), 1),
    )
    suspects = set(counts.column("group").filter(several).to_pylist())
    roots = {group_of[a] for a, b in constraints.cannot if group_of[a] == group_of[b]}
    members: dict[int, set[int]] = {}
    for uid, group in group_of.items():
        if group in suspects or group in roots:
            members.setdefault(group, set()).add(uid)
    for group in suspects:
        found = members[group]
        if sexes_conflict(_sexed(constraints, found)):
            roots.add(group)
            continue
        keys = [constraints.exclusive[u] for u in found if u in constraints.exclusive]
        if any(keys_conflict(a, b) for a in keys for b in keys):
            roots.add(group)
            continue
        if not births_agree({constraints.births[u] for u in found if u in constraints.births}):
            roots.add(group)
    return [members[r] for r in roots]


def _smallest(group_of: Mapping[int, int]) -> dict[int, int]:
    """uid -> the smallest uid of its group (the labels from pipeline._cluster_map are so
    already: then a copy)."""
    if all(uid >= group for uid, group in group_of.items()) and all(
        group_of.get(group) == group for group in set(group_of.values())
    ):
        return dict(group_of)
    smallest: dict[int, int] = {}
    for uid, group in group_of.items():
        if uid < smallest.get(group, uid + 1):
            smallest[group] = uid
    return {uid: smallest[group] for uid, group in group_of.items()}


def _can_merge(one: set[int], other: set[int], constraints: Constraints) -> bool:
    """Whether two clusters may become one: no conflicting keys, no sexes or birth dates that
    cannot be one person's, no person's "different"."""
    keys = [constraints.exclusive[u] for u in one if u in constraints.exclusive]
    if any(
        keys_conflict(a, constraints.exclusive[u])
        for u in other
        if u in constraints.exclusive
        for a in keys
    ):
        return False
    both = one | other
    if any(
        (a, b) in constraints.cannot or (b, a) in constraints.cannot for a in one for b in other
    ):
        return False
    if sexes_conflict(_sexed(constraints, both)):
        return False
    ids = [constraints.ids.get(u) for u in one]
    shared_id = any(constraints.ids.get(u) in ids for u in other if u in constraints.ids)
    return shared_id or births_agree(
        {constraints.births[u] for u in both if u in constraints.births}
    )


def attach_unnamed(
    clusters: dict[int, int],
    pairs: list[tuple[int, int, bool]],
    unnamed: set[int],
    constraints: Constraints,
) -> dict[int, int]:
    """Join a cluster of records without a name (陳先生, 陳○○, 無名氏, a blank) to the one
    person its strong pairs point to. `pairs`: (left, right, attachable) for every pair at or
    above the link probability with a side without a name; attachable when the pair says more
    than a household does (the same birth date and building, phone or ID). Such a record never
    links by itself (twins share a surname, a birth date and a home), but when all its strong
    pairs point to one cluster there is no twin to confuse it with in the file; pointing to two,
    it stays apart (its pairs stay in the review queue)."""
    candidates: dict[int, set[int]] = {}
    attachable: dict[int, set[int]] = {}
    for left, right, attach in pairs:
        for record, partner in ((left, right), (right, left)):
            if record not in unnamed or partner in unnamed:
                continue
            own, target = clusters[record], clusters[partner]
            if own != target:
                candidates.setdefault(own, set()).add(target)
                if attach:
                    attachable.setdefault(own, set()).add(target)
    needed = set(candidates).union(*candidates.values())
    members: dict[int, set[int]] = {}
    for uid, cluster in clusters.items():
        if cluster in needed:
            members.setdefault(cluster, set()).add(uid)
    out = dict(clusters)
    for own in sorted(candidates):
        (target, *others) = candidates[own]
        if others or target not in attachable.get(own, set()):
            continue
        if not members[own] <= unnamed or not _can_merge(
            members[own], members[target], constraints
        ):
            continue
        cluster = min(min(members[own]), min(members[target]))
        joined = members[own] | members[target]
        for uid in joined:
            out[uid] = cluster
        members[target] = joined
    return out
