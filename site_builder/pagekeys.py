"""Page keys: a digest of everything a page's template receives, so an unchanged page is
neither rendered nor written again.

A page's key (`PageKeys.key(template, names, made_from)`) digests:

- the template and every template it extends, includes or imports
  (`TemplateDeps`), by their source;
- every value passed to it, walked field by field (`fingerprint`). A news item
  counts with all its fields, its image's processed variants, the variants
  of the images its body shows and the sizes of the files its body links to
  (filelinks.py); its `body_html` only when those templates read it of that
  item (a list page shows title, date and summary: editing a later paragraph
  leaves it alone; news.html reads `item.body_html`, its own item's, so the
  items it links under "Baca juga" count without their bodies). The same holds
  for the other HEAVY_FIELDS: `Document.aliases`, `Program.description_html`,
  `Tag.items`;
- the site config and the builder's version (`PageKeys(base)`).

A page's `page` (render.PageMeta: title, link preview, JSON-LD) counts by what it
is made from (render.py's `_Renderer.page`), so a page found unchanged costs
neither its preview image nor its JSON-LD.

What a template reads is found in its syntax tree, so the check is conservative:
- a heavy field read straight through a name the page is given (`item.body_html`,
  `item["aliases"]`) counts for the value of that name alone;
- one read through a name the templates bind themselves (a loop's, a macro's
  argument, a `set`), through any other expression, or named in a text
  (`map(attribute="body_html")`) counts for every value the page is given;
- a field used only through `| length` counts by its length;
- a template that includes a template by a computed name depends on all templates.
"""

from __future__ import annotations

import dataclasses
import os
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any, Callable, Iterable, Mapping, NamedTuple

import jinja2
from jinja2 import meta, nodes

from site_builder.buildcache import digest, joined_digest
from site_builder.filelinks import PublishedFiles, linked_files, linked_in_html
from site_builder.images import Picture, body_image_paths, description_image_paths
from site_builder.model import BodyHtml, Document, Image, Program, Tag

# Fields counted only when a template names them: those that hold much text or many
# objects, and what of a document no template shows: its old addresses (its redirect
# pages are made from its address and title, so adding one renders that page alone) and
# where it was read from (a line added to its front matter moves every line after it).
HEAVY_FIELDS = {Document: ("body_html", "aliases", "origin", "lines", "references",
                           "body_line"),
                Program: ("description_html", "aliases"), Tag: ("items",)}
COUNTED = "#length"   # after a field's name: a template uses only its length ("x.items | length")


_PLAIN = {str, int, float, bool, type(None), datetime, date, time}


def _plain_data(value: Any) -> bool:
    """Whether `value` is made of dicts, lists, text and numbers only (as JSON is)."""
    kind = type(value)
    if kind is dict:
        return all(_plain_data(item) for item in value.values())
    if kind is list or kind is tuple:
        return all(_plain_data(item) for item in value)
    return kind in _PLAIN


@lru_cache(maxsize=None)
def _is_dataclass(kind: type) -> bool:
    """Whether instances of `kind` are dataclass objects (dataclasses.is_dataclass, once
    per type)."""
    return dataclasses.is_dataclass(kind)


@lru_cache(maxsize=None)
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(kind))


@lru_cache(maxsize=None)
def _heavy_fields(kind: type) -> tuple[str, ...]:
    return next((fields for base, fields in HEAVY_FIELDS.items() if issubclass(kind, base)), ())


@lru_cache(maxsize=1024)
def _scope(kind: type, used: frozenset[str]) -> frozenset[str]:
    """What of `used` an object of `kind` is fingerprinted by: all of it, but for a
    document only the heavy fields named (the rest of it counts whatever is used), so a
    document's fingerprint is made once for all the templates that show it alike (news
    lists, year pages, the home page)."""
    if issubclass(kind, Document):
        return frozenset(name for name in _heavy_fields(kind) if name in used)
    return used


def _text(value: Any) -> bytes | str:
    """What identifies a heavy field: a body by its compressed bytes (different
    texts never compress alike; a new zlib compressing one text anew only renders its
    pages again), a text as it is, plain frozen values (old addresses) by their repr."""
    if isinstance(value, BodyHtml):
        return value.packed
    return value if isinstance(value, str) else repr(value)


PAGE = "page"   # the name templates read a page's PageMeta by (render.PageMeta)
# The heavy fields' names, and as `| length` reads them ("items#length").
_HEAVY_NAMES = frozenset(name for fields in HEAVY_FIELDS.values() for name in fields)
HEAVY_READS = _HEAVY_NAMES | {f"{name}{COUNTED}" for name in _HEAVY_NAMES}


class Facts(NamedTuple):
    """What a template's source reads and names (`_template_facts`)."""

    used: frozenset[str]                      # attribute names read
    templates: tuple[str | None, ...]         # templates named (None: a computed name)
    direct: tuple[tuple[str, str], ...]       # (name, heavy read) through a name not bound here
    indirect: frozenset[str]                  # heavy reads through anything else
    bound: frozenset[str]                     # names set or imported anywhere in it


_FACTS: dict[tuple[int, str], Facts] = {}


def _template_facts(environment: jinja2.Environment, source: str) -> Facts:
    """The attribute names a template's source reads and the templates it names
    (kept for the life of the process: the preview server parses each source once)."""
    memo = (id(environment.__class__), source)
    if memo not in _FACTS:
        if len(_FACTS) > 512:
            _FACTS.clear()
        tree = environment.parse(source)
        reads = _Reads()
        reads.visit(tree, frozenset())
        _FACTS[memo] = Facts(frozenset(reads.used), tuple(meta.find_referenced_templates(tree)),
                             tuple(sorted(reads.direct)), frozenset(reads.indirect),
                             frozenset(reads.bound))
    return _FACTS[memo]


class _Reads:
    """What a template reads: `used`, every attribute name (`x.title`, `x["title"]`,
    "items#length" for `x.items | length`, and a heavy field's name written in a text,
    as in `map(attribute="body_html")`); and where it reads heavy fields (HEAVY_READS):
    `direct`, (name, field) read straight through a name the page is given
    (`item.body_html`, `item["aliases"]`, `tag.items | length` outside any loop over
    tags); `indirect`, the fields read through anything else (a loop's or a macro's name,
    an expression) or named in a text; `bound`, the names a `set`, `import` or `from`
    gives a value, and those bound around an `include` (the included template sees
    them): any of them may hold anything."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.direct: set[tuple[str, str]] = set()
        self.indirect: set[str] = set()
        self.bound: set[str] = set()

    def visit(self, node: nodes.Node, inner: frozenset[str]) -> None:
        """`node` and what it holds; `inner`: the names bound around it (loops, macros)."""
        if isinstance(node, nodes.For):
            self.visit(node.iter, inner)
            looped = inner | _names(node.target) | {"loop"}
            self._visit_all([*node.body, *([node.test] if node.test else [])], looped)
            self._visit_all(node.else_, inner)
        elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
            if isinstance(node, nodes.CallBlock):
                self.visit(node.call, inner)
            self._visit_all(node.defaults, inner)
            called = inner | {arg.name for arg in node.args} | {"varargs", "kwargs", "caller"}
            self._visit_all(node.body, called)
        elif isinstance(node, nodes.With):
            self._visit_all(node.values, inner)
            self._visit_all(node.body, inner | {name for target in node.targets
                                                for name in _names(target)})
        elif isinstance(node, (nodes.Assign, nodes.AssignBlock)):
            self.bound |= _names(node.target)
            self._visit_all([child for child in node.iter_child_nodes()
                             if child is not node.target], inner)
        elif isinstance(node, (nodes.Include, nodes.Import, nodes.FromImport, nodes.Block)):
            # An included template (a scoped block, macros imported with the context) sees
            # the names bound around it: there, those names may be anything.
            if not isinstance(node, nodes.Block) or node.scoped:
                self.bound |= inner
            if isinstance(node, nodes.Import):
                self.bound.add(node.target)
            elif isinstance(node, nodes.FromImport):
                self.bound |= {name if isinstance(name, str) else name[1] for name in node.names}
            self._visit_all(node.iter_child_nodes(), inner)
        elif isinstance(node, nodes.Getattr):
            self._read(node.node, node.attr, inner)
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) \
                and isinstance(node.arg.value, str):
            self._read(node.node, node.arg.value, inner)
        elif (isinstance(node, nodes.Filter) and node.name in ("length", "count")
              and isinstance(node.node, nodes.Getattr)):
            self._read(node.node.node, f"{node.node.attr}{COUNTED}", inner)
            self._visit_all([*node.args, *node.kwargs, *filter(None, [node.dyn_args,
                                                                      node.dyn_kwargs])], inner)
        else:
            if isinstance(node, nodes.Const) and _heavy_name(node.value):
                self.used.add(node.value)
                self.indirect.add(node.value)
            self._visit_all(node.iter_child_nodes(), inner)

    def _visit_all(self, children: Iterable[nodes.Node], inner: frozenset[str]) -> None:
        for child in children:
            self.visit(child, inner)

    def _read(self, base: nodes.Node, field: str, inner: frozenset[str]) -> None:
        """Attribute `field` read of `base`."""
        self.used.add(field)
        if field not in HEAVY_READS:
            self.visit(base, inner)
        elif isinstance(base, nodes.Name) and base.name not in inner:
            self.direct.add((base.name, field))
        else:
            self.indirect.add(field)
            self.visit(base, inner)


def _heavy_name(value: Any) -> bool:
    return isinstance(value, str) and value in _HEAVY_NAMES


def _names(target: nodes.Node) -> set[str]:
    """The names a target (`x`, `a, b`) binds."""
    return {name.name for name in target.find_all(nodes.Name)} | (
        {target.name} if isinstance(target, nodes.Name) else set())


class TemplateDeps:
    """What each template of an environment depends on: sources and names used.

    `known` (source digest -> facts), when given, holds what earlier builds read of
    each source, so a template is parsed only when its source is new; `changed` is
    called when a source was read."""

    def __init__(self, environment: jinja2.Environment, known: dict[str, Facts] | None = None,
                 changed: Callable[[], None] = lambda: None):
        self.environment = environment
        self._known = {} if known is None else known
        self._changed = changed
        self._closure: dict[str, tuple[str, ...]] = {}
        self._sources: dict[str, str] = {}
        self._names: dict[str, frozenset[str]] = {}
        self._reads: dict[str, Reads] = {}
        self._parsed: dict[str, tuple[str, Facts]] = {}

    def _parse(self, name: str) -> tuple[str, Facts]:
        """The source of template `name` and its facts."""
        if name not in self._parsed:
            source, _, _ = self.environment.loader.get_source(self.environment, name)
            key = digest(source)
            facts = self._known.get(key)
            if facts is None:
                if len(self._known) > 256:   # sources of templates edited long ago
                    self._known.clear()
                facts = self._known[key] = _template_facts(self.environment, source)
                self._changed()
            self._parsed[name] = (source, facts)
        return self._parsed[name]

    def closure(self, name: str) -> tuple[str, ...]:
        """`name` and every template it reaches, sorted."""
        if name not in self._closure:
            seen, todo = set(), [name]
            while todo:
                current = todo.pop()
                if current in seen:
                    continue
                seen.add(current)
                for referenced in self._parse(current)[1].templates:
                    if referenced is None:   # a computed name: any template at all
                        todo += self.environment.list_templates()
                    else:
                        todo.append(referenced)
            self._closure[name] = tuple(sorted(seen))
        return self._closure[name]

    def source_digest(self, name: str) -> str:
        if name not in self._sources:
            self._sources[name] = digest(*(part for template in self.closure(name)
                                           for part in (template, self._parse(template)[0])))
        return self._sources[name]

    def prepare(self, name: str) -> None:
        """Work out all a key of `name` needs of its templates now, in this process (a
        forked process keying pages would parse them again, and the next build too)."""
        self.source_digest(name)
        self.reads(name)

    def names_used(self, name: str) -> frozenset[str]:
        """The attribute names `name` and the templates it reaches read ("title", "items",
        "items#length" for `x.items | length`)."""
        if name not in self._names:
            self._names[name] = frozenset().union(*(self._parse(template)[1].used
                                                    for template in self.closure(name)))
        return self._names[name]

    def reads(self, name: str) -> Reads:
        """What `name` and the templates it reaches read of each value they are given: of
        a value given under a name they read heavy fields through (`item.body_html`),
        those fields; of any other, only the heavy fields read through names the templates
        bind themselves (a loop over a list, a macro's argument: any value's, maybe)."""
        if name not in self._reads:
            facts = [self._parse(template)[1] for template in self.closure(name)]
            bound = frozenset().union(*(fact.bound for fact in facts))
            used = self.names_used(name)
            direct: dict[str, set[str]] = {}
            every = set(used - HEAVY_READS).union(*(fact.indirect for fact in facts))
            for fact in facts:
                for given, field in fact.direct:
                    if given in bound:
                        every.add(field)
                    else:
                        direct.setdefault(given, set()).add(field)
            self._reads[name] = Reads(used, frozenset(every), {
                given: frozenset(every | fields) for given, fields in direct.items()})
        return self._reads[name]


class Reads(NamedTuple):
    """What the templates of a page read of its values (TemplateDeps.reads)."""

    all: frozenset[str]                  # every attribute name read
    every: frozenset[str]                # of every value
    by_name: dict[str, frozenset[str]]   # of the value of each name read more of


def with_key_parts(document: Any) -> Any:
    """`document`, its key parts (ValueWalker._document_parts) worked out and kept on it.

    Called where a document is loaded (in a worker of a cold build), so the parts
    travel with it into the build cache, whichever process keys its pages later."""
    if isinstance(document, Document):
        ValueWalker({}, "")._document_parts(document, _heavy_fields(type(document)))
    return document


class ValueWalker:
    """Fingerprints of the values pages are given (see the module doc), each object's
    memoised for the walker's life; `pictures` are the build's processed images, `files`
    the content files it publishes as they are (their sizes show beside links to them)."""

    def __init__(self, pictures: Mapping[str, Picture], base_path: str,
                 files: PublishedFiles = PublishedFiles({})):
        self.pictures, self.base_path, self.files = pictures, base_path, files
        self._memo: dict[tuple[int, frozenset[str]], str] = {}   # (id, _scope) -> fingerprint
        self._shown: dict[int, list[str]] = {}   # id -> _shown_files
        self._keep: list[Any] = []   # objects memoised by id stay alive for the build

    def fingerprint(self, value: Any, used: frozenset[str]) -> str:
        """A text that changes whenever `value` changes in a way a template reading the
        attribute names `used` could show. repr() escapes control characters, so the
        separators below never occur inside a value's text."""
        kind = type(value)
        if kind in _PLAIN:
            return repr(value)
        if kind is list or kind is tuple:
            return "[" + "\x1f".join([self.fingerprint(item, used) for item in value]) + "]"
        if kind is dict:   # JSON-LD objects, field lines: plain data, repr() is exact
            return repr(value) if _plain_data(value) else "{" + "\x1f".join(
                [f"{key!r}\x1e{self.fingerprint(item, used)}" for key, item in value.items()]) + "}"
        if _is_dataclass(kind):
            memo = (id(value), _scope(kind, used))
            known = self._memo.get(memo)
            if known is None:
                known = self._memo[memo] = digest(self._object(value, used))
                self._keep.append(value)
            return known
        if isinstance(value, (frozenset, set)):
            return "<" + "\x1f".join(sorted(self.fingerprint(item, used) for item in value)) + ">"
        if isinstance(value, Mapping):
            return self.fingerprint(dict(value), used)
        # Paths, zones, subclasses of plain types; anything else by its repr, which for an
        # object without one holds its address: never equal twice, so never reused.
        return f"{kind.__qualname__}:{value!r}"

    def _object(self, value: Any, used: frozenset[str]) -> str:
        kind = type(value)
        heavy = _heavy_fields(kind)
        if isinstance(value, Document):
            light, heavy_parts = self._document_parts(value, heavy)
            return "\x1f".join([light, *(heavy_parts[name] for name in heavy if name in used),
                                *self._shown_files(value)])
        parts = [kind.__qualname__]
        if kind is Program and "description_html" in used:   # as _pictures_of a document
            parts += self._picture_parts(description_image_paths(value, self.base_path))
            parts += self._file_parts(linked_in_html(
                value.description_html, self.files, self.base_path, value.url_path))
        for name in _field_names(kind):
            if name in heavy and name not in used:
                if name + COUNTED in used:
                    parts.append(f"{name}#{len(getattr(value, name))}")
                continue
            parts.append(f"{name}\x1e{self.fingerprint(getattr(value, name), used)}")
        return "(" + "\x1f".join(parts) + ")"

    def _document_parts(self, document: Document, heavy: tuple[str, ...]
                        ) -> tuple[str, dict[str, str]]:
        """The digest of a document's fields but the heavy ones, and of each heavy one.

        Kept on the document itself (it is frozen, so beside its fields): it is saved
        with it in the build cache, and the next build does not walk it again.
        """
        kept = document.__dict__.get("_page_key_parts")
        if kept is None:
            parts = [type(document).__qualname__]
            for name in _field_names(type(document)):
                if name not in heavy:
                    parts.append(f"{name}\x1e{self.fingerprint(getattr(document, name), frozenset())}")
            kept = (digest(*parts), {name: digest(_text(getattr(document, name)))
                                     for name in heavy})
            object.__setattr__(document, "_page_key_parts", kept)
        return kept

    def _shown_files(self, document: Document) -> list[str]:
        """_pictures_of and _file_sizes_of a document, worked out once for all the scopes
        it is fingerprinted in (its own page's, with its body, and the lists')."""
        memo = id(document)
        known = self._shown.get(memo)
        if known is None:
            known = self._shown[memo] = [*self._pictures_of(document),
                                         *self._file_sizes_of(document)]
        return known

    def _pictures_of(self, document: Document) -> list[str]:
        """The variants of the images a document shows: its own `image` and those of its
        body (with_pictures turns them into <picture> elements)."""
        parts = [self.image(document.image)] if getattr(document, "image", None) else []
        return parts + self._body_pictures(document)

    def _file_sizes_of(self, document: Document) -> list[str]:
        """The sizes of the files the links of a document's body name (with_file_info
        shows them)."""
        return self._file_parts(linked_files(document, self.base_path, self.files))

    def _file_parts(self, paths: list[str]) -> list[str]:
        return [f"{path}:{self.files.size(path)}" for path in paths]

    def image(self, image: Image) -> str:
        """What a page shows of an image: its variants, or the file's size for one
        published as it is (width and height are read from it)."""
        picture = self.pictures.get(image.url_path)
        if picture is not None:
            return self.fingerprint(picture, frozenset())
        try:
            stat = os.stat(image.path)
        except OSError:
            return "missing"
        return f"{stat.st_size}:{stat.st_mtime_ns}"

    def _body_pictures(self, document: Document) -> list[str]:
        """The variants of the processed images the body shows (with_pictures uses them)."""
        return self._picture_parts(body_image_paths(document, self.base_path))

    def _picture_parts(self, paths: list[str]) -> list[str]:
        parts = []
        for path in paths:
            picture = self.pictures.get(path)
            if picture is not None:
                parts += [path, self.fingerprint(picture, frozenset())]
        return parts


class PageKeys(ValueWalker):
    """Keys of the pages of one build (see the module doc)."""

    def __init__(self, base: str, deps: TemplateDeps, pictures: Mapping[str, Picture],
                 base_path: str, files: PublishedFiles = PublishedFiles({})):
        super().__init__(pictures, base_path, files)
        self.base, self.deps = base, deps
        self._shared: dict[tuple[int, frozenset[str]], str] = {}

    def key(self, template: str, names: Mapping[str, Any], made_from: Any = None) -> str:
        """The page's key: its `names`, each walked by what the templates read of it
        (TemplateDeps.reads), and `made_from`, what its `page` (PageMeta) is made from,
        by all they read (render's Python may read any field of a document a PageMeta is
        derived from). A list, tuple or dict given to many pages as the same object (the
        menu, notices, closures of every page) is walked once for all of them."""
        reads = self.deps.reads(template)
        every, by_name = reads.every, reads.by_name
        parts = [self.base, template, self.deps.source_digest(template)]
        shared = self._shared
        for name in sorted({*names, PAGE}):
            if name == PAGE:   # (a PageMeta among `names`, made since: made_from stands for it)
                value, used = made_from, reads.all
            else:
                value, used = names[name], by_name.get(name, every)
            kind = type(value)
            if kind is list or kind is tuple or kind is dict:
                memo = (id(value), used)
                found = shared.get(memo)
                if found is None:
                    found = shared[memo] = self.fingerprint(value, used)
                    self._keep.append(value)
            else:
                found = self.fingerprint(value, used)
            parts.append(f"{name}={found}")
        return joined_digest(parts)
