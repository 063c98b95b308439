#!/usr/bin/env python3
"""Generate the QMP command table, event table, type descriptors and the
query-qmp-schema data from Vireo's schema files (qapi/*.json).

Usage: qapi-gen.py -o OUTDIR qapi/qapi-schema.json

The schema format is described in docs/devel/qapi.md. In short: a file is a
sequence of JSON objects (comment lines start with '#'), each one of

  { "include": "file.json" }
  { "enum": "Name", "values": [ "a", "b" ] }
  { "struct": "Name", "members": { "m": "type", "*opt": "type" } }
  { "command": "name", "args": { ... } | "Struct", "returns": "type",
    "allow-oob": bool, "allow-preconfig": bool }
  { "event": "NAME", "data": { ... } | "Struct" }

A type is a builtin name, a declared enum or struct, or [ "type" ] for an
array. A '*' before a member name makes it optional.
"""

import argparse
import json
import os
import re
import sys

# name -> (kind, C name used in error messages, min, max, introspection name,
#          json-type)
BUILTINS = {
    'str': ('STR', 'string', 0, 0, 'str', 'string'),
    'bool': ('BOOL', 'boolean', 0, 0, 'bool', 'boolean'),
    'number': ('NUMBER', 'number', 0, 0, 'number', 'number'),
    'null': ('NULL', 'null', 0, 0, 'null', 'null'),
    'any': ('ANY', 'any', 0, 0, 'any', 'value'),
    'int': ('INT', 'int64_t', -(1 << 63), (1 << 63) - 1, 'int', 'int'),
    'int8': ('INT', 'int8_t', -(1 << 7), (1 << 7) - 1, 'int', 'int'),
    'int16': ('INT', 'int16_t', -(1 << 15), (1 << 15) - 1, 'int', 'int'),
    'int32': ('INT', 'int32_t', -(1 << 31), (1 << 31) - 1, 'int', 'int'),
    'int64': ('INT', 'int64_t', -(1 << 63), (1 << 63) - 1, 'int', 'int'),
    'uint8': ('INT', 'uint8_t', 0, (1 << 8) - 1, 'int', 'int'),
    'uint16': ('INT', 'uint16_t', 0, (1 << 16) - 1, 'int', 'int'),
    'uint32': ('INT', 'uint32_t', 0, (1 << 32) - 1, 'int', 'int'),
    'uint64': ('INT', 'uint64', 0, (1 << 64) - 1, 'int', 'int'),
    'size': ('INT', 'size', 0, (1 << 64) - 1, 'int', 'int'),
}

NAME_RE = re.compile(r'^[A-Za-z][A-Za-z0-9_-]*$')
KEYS = {
    'include': {'include'},
    'enum': {'enum', 'values'},
    'struct': {'struct', 'members'},
    'command': {'command', 'args', 'returns', 'allow-oob', 'allow-preconfig',
                'allow-extra-args', 'features'},
    'event': {'event', 'data'},
}


class SchemaError(Exception):
    pass


class Loc:
    def __init__(self, fname, line):
        self.fname = fname
        self.line = line

    def __str__(self):
        return '%s:%d' % (self.fname, self.line)


def c_ident(name):
    return re.sub(r'[^A-Za-z0-9_]', '_', name)


def c_string(s):
    return json.dumps(s)   # a JSON string literal is a valid C literal here


class Schema:
    def __init__(self):
        self.enums = {}       # name -> (values, loc)
        self.structs = {}     # name -> (members, loc); members: [(n, t, opt)]
        self.commands = []    # dicts
        self.events = []
        self.seen_files = set()
        self.structs[':empty'] = ([], None)
        self.extra_args = set()   # implicit arg structs open to more keys

    # ---- parsing -------------------------------------------------------
    def load(self, path):
        path = os.path.normpath(path)
        if path in self.seen_files:
            return
        self.seen_files.add(path)
        try:
            with open(path, encoding='utf-8') as f:
                text = f.read()
        except OSError as e:
            raise SchemaError('%s: %s' % (path, e.strerror))
        # Blank out comment lines, keeping offsets (and so line numbers).
        text = re.sub(r'(?m)^[ \t]*#.*$', lambda m: ' ' * len(m.group(0)),
                      text)
        dec = json.JSONDecoder(object_pairs_hook=self._pairs)
        pos = 0
        while True:
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if pos >= len(text):
                break
            loc = Loc(path, text.count('\n', 0, pos) + 1)
            try:
                expr, pos = dec.raw_decode(text, pos)
            except json.JSONDecodeError as e:
                raise SchemaError('%s: %s' % (Loc(path, e.lineno), e.msg))
            except SchemaError as e:
                raise SchemaError('%s: %s' % (loc, e))
            self._expr(expr, loc, os.path.dirname(path))

    @staticmethod
    def _pairs(pairs):
        d = {}
        for k, v in pairs:
            if k in d:
                raise SchemaError("duplicate key '%s'" % k)
            d[k] = v
        return d

    def _expr(self, expr, loc, basedir):
        if not isinstance(expr, dict):
            raise SchemaError('%s: expected a JSON object' % loc)
        meta = [k for k in KEYS if k in expr]
        if len(meta) != 1:
            raise SchemaError('%s: expected exactly one of %s'
                              % (loc, ', '.join(sorted(KEYS))))
        meta = meta[0]
        extra = set(expr) - KEYS[meta]
        if extra:
            raise SchemaError("%s: unknown key '%s' in %s"
                              % (loc, sorted(extra)[0], meta))
        name = expr[meta]
        if not isinstance(name, str):
            raise SchemaError("%s: '%s' must be a string" % (loc, meta))
        if meta == 'include':
            self.load(os.path.join(basedir, name))
            return
        if not NAME_RE.match(name):
            raise SchemaError("%s: bad name '%s'" % (loc, name))
        if meta == 'enum':
            vals = expr.get('values')
            if (not isinstance(vals, list) or not vals
                    or not all(isinstance(v, str) and NAME_RE.match(v)
                               for v in vals)
                    or len(set(vals)) != len(vals)):
                raise SchemaError("%s: enum '%s' needs a list of distinct "
                                  "names in 'values'" % (loc, name))
            self._define_type(name, loc)
            self.enums[name] = (vals, loc)
        elif meta == 'struct':
            self._define_type(name, loc)
            self.structs[name] = (self._members(expr.get('members', {}), loc,
                                                name), loc)
        elif meta == 'command':
            if any(c['name'] == name for c in self.commands):
                raise SchemaError("%s: command '%s' defined twice"
                                  % (loc, name))
            for flag in ('allow-oob', 'allow-preconfig', 'allow-extra-args'):
                if not isinstance(expr.get(flag, False), bool):
                    raise SchemaError("%s: '%s' must be a boolean"
                                      % (loc, flag))
            feats = expr.get('features', [])
            if not isinstance(feats, list) or not all(
                    isinstance(f, str) and NAME_RE.match(f) for f in feats):
                raise SchemaError("%s: 'features' must be a list of names"
                                  % loc)
            extra = expr.get('allow-extra-args', False)
            args = self._argtype(expr.get('args'), loc, name)
            if extra:
                if not isinstance(expr.get('args'), dict):
                    raise SchemaError("%s: 'allow-extra-args' needs inline "
                                      "'args'" % loc)
                self.extra_args.add(args)
            self.commands.append({
                'name': name, 'loc': loc, 'args': args,
                'returns': expr.get('returns'),
                'allow-oob': expr.get('allow-oob', False),
                'allow-preconfig': expr.get('allow-preconfig', False),
                'features': feats})
        elif meta == 'event':
            if any(e['name'] == name for e in self.events):
                raise SchemaError("%s: event '%s' defined twice"
                                  % (loc, name))
            data = expr.get('data')
            self.events.append({
                'name': name, 'loc': loc,
                'data': None if data is None
                else self._argtype(data, loc, name)})

    def _define_type(self, name, loc):
        if name in BUILTINS or name in self.enums or name in self.structs:
            raise SchemaError("%s: type '%s' defined twice" % (loc, name))

    def _members(self, members, loc, owner):
        if not isinstance(members, dict):
            raise SchemaError("%s: members of '%s' must be an object"
                              % (loc, owner))
        out = []
        for key, typ in members.items():
            opt = key.startswith('*')
            mname = key[1:] if opt else key
            if not NAME_RE.match(mname):
                raise SchemaError("%s: bad member name '%s' in '%s'"
                                  % (loc, key, owner))
            if any(m[0] == mname for m in out):
                raise SchemaError("%s: member '%s' of '%s' defined twice"
                                  % (loc, mname, owner))
            out.append((mname, typ, opt))
        return out

    def _argtype(self, args, loc, owner):
        """Inline members become an implicit struct; a name stays a name."""
        if not args:
            return ':empty'
        if isinstance(args, str):
            return args
        name = ':obj-%s-arg' % owner
        self.structs[name] = (self._members(args, loc, owner), loc)
        return name

    # ---- checking ------------------------------------------------------
    def check_type(self, typ, loc, what):
        if isinstance(typ, list):
            if len(typ) != 1:
                raise SchemaError("%s: %s: an array type is [ \"type\" ]"
                                  % (loc, what))
            return self.check_type(typ[0], loc, what)
        if not isinstance(typ, str):
            raise SchemaError('%s: %s: a type is a name or [ "name" ]'
                              % (loc, what))
        if typ not in BUILTINS and typ not in self.enums \
                and typ not in self.structs:
            raise SchemaError("%s: %s uses unknown type '%s'"
                              % (loc, what, typ))

    def check(self):
        for sname, (members, loc) in self.structs.items():
            for mname, typ, _ in members:
                self.check_type(typ, loc, "member '%s' of '%s'"
                                % (mname, sname))
        for cmd in self.commands:
            if cmd['args'] not in self.structs:
                raise SchemaError("%s: 'args' of '%s' must be a struct"
                                  % (cmd['loc'], cmd['name']))
            if cmd['returns'] is not None:
                self.check_type(cmd['returns'], cmd['loc'],
                                "'returns' of '%s'" % cmd['name'])
        for ev in self.events:
            if ev['data'] is not None and ev['data'] not in self.structs:
                raise SchemaError("%s: 'data' of '%s' must be a struct"
                                  % (ev['loc'], ev['name']))


# ---- C type descriptors -------------------------------------------------

def type_key(typ):
    """A hashable key for a type expression."""
    return ('[%s]' % type_key(typ[0])) if isinstance(typ, list) else typ


class TypeGen:
    def __init__(self, schema):
        self.schema = schema
        self.order = []       # type keys, in definition order
        self.exprs = {}

    def cvar(self, typ):
        key = type_key(typ)
        return 'qapi_type_' + c_ident(key.replace('[', 'arr_')
                                      .replace(']', '')
                                      .replace(':', '_'))

    def use(self, typ):
        key = type_key(typ)
        if key in self.exprs:
            return self.cvar(typ)
        self.exprs[key] = typ
        self.order.append(key)
        if isinstance(typ, list):
            self.use(typ[0])
        elif typ in self.schema.structs:
            for _, mtyp, _ in self.schema.structs[typ][0]:
                self.use(mtyp)
        return self.cvar(typ)

    def emit(self):
        decl = []
        body = []
        for key in self.order:
            typ = self.exprs[key]
            var = self.cvar(typ)
            decl.append('extern const QapiType %s;' % var)
            disp = key if not key.startswith(':') else 'arguments'
            if isinstance(typ, list):
                body.append('const QapiType %s = {\n'
                            '    .name = %s, .kind = QAPI_KIND_ARRAY,\n'
                            '    .element = &%s,\n};\n'
                            % (var, c_string(disp), self.cvar(typ[0])))
            elif typ in BUILTINS:
                kind, cname, lo, hi = BUILTINS[typ][:4]
                rng = ''
                if kind == 'INT':
                    unsigned = hi > (1 << 63) - 1
                    rng = ('    .int_min = %s, .int_max = %s,'
                           ' .is_unsigned = %s,\n'
                           % ('INT64_MIN' if lo == -(1 << 63) else str(lo),
                              'INT64_MAX' if hi >= (1 << 63) - 1
                              else str(hi) + 'LL',
                              'true' if unsigned else 'false'))
                body.append('const QapiType %s = {\n'
                            '    .name = %s, .c_name = %s,'
                            ' .kind = QAPI_KIND_%s,\n%s};\n'
                            % (var, c_string(typ), c_string(cname), kind,
                               rng))
            elif typ in self.schema.enums:
                vals = self.schema.enums[typ][0]
                body.append('static const char *const %s_values[] = {\n'
                            '    %s, NULL\n};\n'
                            'const QapiType %s = {\n'
                            '    .name = %s, .kind = QAPI_KIND_ENUM,\n'
                            '    .values = %s_values,\n};\n'
                            % (var, ', '.join(c_string(v) for v in vals),
                               var, c_string(typ), var))
            else:
                members = self.schema.structs[typ][0]
                lines = ''.join('    { %s, &%s, %s },\n'
                                % (c_string(m), self.cvar(t),
                                   'true' if o else 'false')
                                for m, t, o in members)
                if members:
                    body.append('static const QapiMember %s_members[] = {\n'
                                '%s};\n' % (var, lines))
                body.append('const QapiType %s = {\n'
                            '    .name = %s, .kind = QAPI_KIND_OBJECT,\n'
                            '    .members = %s, .n_members = %d,\n'
                            '    .allow_extra = %s,\n};\n'
                            % (var, c_string(disp),
                               ('%s_members' % var) if members else 'NULL',
                               len(members),
                               'true' if typ in self.schema.extra_args
                               else 'false'))
        return decl, body


# ---- introspection ------------------------------------------------------

class Introspect:
    """Builds the query-qmp-schema list: entities first, then the types
    they use, with non-builtin type names replaced by numbers as QEMU
    does (clients must not depend on type names)."""

    def __init__(self, schema):
        self.schema = schema
        self.names = {}
        self.pending = []
        self.out = []

    def name(self, typ):
        if isinstance(typ, str) and typ in BUILTINS:
            return BUILTINS[typ][4]
        if isinstance(typ, list) and typ[0] in BUILTINS:
            key = '[%s]' % BUILTINS[typ[0]][4]
        else:
            key = type_key(typ)
        if key not in self.names:
            if isinstance(typ, list) and typ[0] in BUILTINS:
                self.names[key] = key
            else:
                self.names[key] = str(len([n for n in self.names.values()
                                           if n.isdigit()]))
            self.pending.append(typ)
        return self.names[key]

    def build(self):
        empty = ':empty'
        for cmd in self.schema.commands:
            ent = {'name': cmd['name'], 'meta-type': 'command',
                   'arg-type': self.name(cmd['args']),
                   'ret-type': self.name(cmd['returns'] if cmd['returns']
                                         is not None else empty)}
            if cmd['allow-oob']:
                ent['allow-oob'] = True
            if cmd['features']:
                ent['features'] = cmd['features']
            self.out.append(ent)
        for ev in self.schema.events:
            self.out.append({'name': ev['name'], 'meta-type': 'event',
                             'arg-type': self.name(ev['data'] or empty)})
        done = set()
        builtins = set()
        while self.pending:
            typ = self.pending.pop(0)
            key = type_key(typ)
            if key in done:
                continue
            done.add(key)
            name = self.names[key]
            if isinstance(typ, list):
                self.out.append({'name': name, 'meta-type': 'array',
                                 'element-type': self.name(typ[0])})
            elif typ in self.schema.enums:
                vals = self.schema.enums[typ][0]
                self.out.append({'name': name, 'meta-type': 'enum',
                                 'members': [{'name': v} for v in vals],
                                 'values': vals})
            else:
                members = []
                for m, t, o in self.schema.structs[typ][0]:
                    ent = {'name': m, 'type': self.name(t)}
                    if o:
                        ent['default'] = None
                    members.append(ent)
                    for b in (t, t[0] if isinstance(t, list) else None):
                        if isinstance(b, str) and b in BUILTINS:
                            builtins.add(BUILTINS[b][4])
                self.out.append({'name': name, 'meta-type': 'object',
                                 'members': members})
            if isinstance(typ, list) and typ[0] in BUILTINS:
                builtins.add(BUILTINS[typ[0]][4])
        for cmd in self.schema.commands:
            if isinstance(cmd['returns'], str) and cmd['returns'] in BUILTINS:
                builtins.add(BUILTINS[cmd['returns']][4])
        seen = set()
        for b, info in BUILTINS.items():
            if info[4] in builtins and info[4] not in seen:
                seen.add(info[4])
                self.out.append({'name': info[4], 'meta-type': 'builtin',
                                 'json-type': info[5]})
        return self.out


# ---- output -------------------------------------------------------------

HEADER = ('/* Generated by scripts/qapi-gen.py from the qapi/ schema. '
          'Do not edit. */\n')


def write(outdir, fname, text):
    path = os.path.join(outdir, fname)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


def generate(schema, outdir):
    tg = TypeGen(schema)
    for cmd in schema.commands:
        tg.use(cmd['args'])
        if cmd['returns'] is not None:
            tg.use(cmd['returns'])
    for ev in schema.events:
        if ev['data'] is not None:
            tg.use(ev['data'])
    decl, body = tg.emit()

    write(outdir, 'qapi-types.h',
          HEADER + '#ifndef QAPI_QAPI_TYPES_H\n#define QAPI_QAPI_TYPES_H\n\n'
          '#include "qapi/qmp-registry.h"\n\n' + '\n'.join(decl) +
          '\n\n#endif\n')
    write(outdir, 'qapi-types.c',
          HEADER + '#include "qemu/osdep.h"\n#include "qapi/qapi-types.h"\n\n'
          + '\n'.join(body))

    cmds = sorted(schema.commands, key=lambda c: c['name'])
    protos = ''.join('void qmp_%s(JsonObject *args, JsonNode **ret, '
                     'Error **errp);\n' % c_ident(c['name']) for c in cmds)
    write(outdir, 'qapi-commands.h',
          HEADER + '#ifndef QAPI_QAPI_COMMANDS_H\n'
          '#define QAPI_QAPI_COMMANDS_H\n\n'
          '#include "qapi/qmp-registry.h"\n\n'
          '/* Handlers, one per schema command (qmp_ + name, - as _). */\n'
          + protos + '\n#endif\n')
    rows = []
    for c in cmds:
        flags = [f for f, k in (('QMP_CMD_ALLOW_OOB', 'allow-oob'),
                                ('QMP_CMD_ALLOW_PRECONFIG',
                                 'allow-preconfig')) if c[k]]
        rows.append('    { %s, qmp_%s, &%s, %s },\n'
                    % (c_string(c['name']), c_ident(c['name']),
                       tg.cvar(c['args']), ' | '.join(flags) or '0'))
    write(outdir, 'qapi-commands.c',
          HEADER + '#include "qemu/osdep.h"\n'
          '#include "qapi/qapi-commands.h"\n#include "qapi/qapi-types.h"\n\n'
          'const QmpCommand qmp_commands[] = {\n' + ''.join(rows) + '};\n'
          'const size_t qmp_commands_count = %d;\n' % len(cmds))

    evs = sorted(schema.events, key=lambda e: e['name'])
    defs = ''.join('#define QAPI_EVENT_%s %s\n' % (c_ident(e['name']),
                                                   c_string(e['name']))
                   for e in evs)
    write(outdir, 'qapi-events.h',
          HEADER + '#ifndef QAPI_QAPI_EVENTS_H\n#define QAPI_QAPI_EVENTS_H\n'
          '\n#include "qapi/qmp-registry.h"\n\n' + defs + '\n#endif\n')
    rows = ''.join('    { %s, %s },\n'
                   % (c_string(e['name']),
                      ('&' + tg.cvar(e['data'])) if e['data'] is not None
                      else 'NULL') for e in evs)
    write(outdir, 'qapi-events.c',
          HEADER + '#include "qemu/osdep.h"\n'
          '#include "qapi/qapi-events.h"\n#include "qapi/qapi-types.h"\n\n'
          'const QapiEvent qapi_events[] = {\n' + rows + '};\n'
          'const size_t qapi_events_count = %d;\n' % len(evs))

    data = json.dumps(Introspect(schema).build(), separators=(',', ':'))
    # Split the literal so no single line is huge.
    chunks = [data[i:i + 100] for i in range(0, len(data), 100)]
    write(outdir, 'qapi-introspect.c',
          HEADER + '#include "qemu/osdep.h"\n'
          '#include "qapi/qmp-registry.h"\n\n'
          'const char qapi_introspect_json[] =\n'
          + '\n'.join('    ' + c_string(c) for c in chunks) + ';\n')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('-o', '--output-dir', default='.')
    ap.add_argument('schema')
    args = ap.parse_args()
    schema = Schema()
    try:
        schema.load(args.schema)
        schema.check()
    except SchemaError as e:
        print('qapi-gen: %s' % e, file=sys.stderr)
        return 1
    os.makedirs(args.output_dir, exist_ok=True)
    generate(schema, args.output_dir)
    return 0


if __name__ == '__main__':
    sys.exit(main())
