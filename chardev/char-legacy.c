/*
 * The short chardev forms of -serial, -monitor, -qmp, -parallel:
 *   stdio null none pty vc[:WxH] file:PATH pipe:PATH
 *   unix:PATH[,server=on,wait=off,...] tcp:[HOST]:PORT[,server=on,...]
 *   chardev:ID  mon:<any of these>
 * Each is turned into -chardev options with the label as id.
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "chardev-internal.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "qemu/option.h"

/* Merges "k=v,flag" options (legacy bare flags allowed) into opts. */
static bool legacy_merge_opts(JsonObject *opts, const char *text,
                              Error **errp)
{
    JsonObject *extra;
    g_autoptr(GList) members = NULL;

    if (!text || !*text) {
        return true;
    }
    extra = keyval_parse(text, NULL, KEYVAL_BARE_FLAGS, errp);
    if (!extra) {
        return false;
    }
    members = json_object_get_members(extra);
    for (GList *m = members; m; m = m->next) {
        json_object_set_member(opts, m->data,
                               json_object_dup_member(extra, m->data));
    }
    json_object_unref(extra);
    return true;
}

/* Splits "ADDR,opts" at the first comma (",," is not special here). */
static char *legacy_split(const char *s, const char **rest)
{
    const char *comma = strchr(s, ',');

    *rest = comma ? comma + 1 : NULL;
    return comma ? g_strndup(s, comma - s) : g_strdup(s);
}

static JsonObject *legacy_parse(const char *filename, Error **errp)
{
    g_autoptr(JsonObject) opts = json_object_new();
    const char *p, *rest;
    g_autofree char *addr = NULL;

    if (!strcmp(filename, "null") || !strcmp(filename, "stdio") ||
        !strcmp(filename, "pty") || !strcmp(filename, "msmouse") ||
        !strcmp(filename, "vc") || strstart(filename, "vc:", NULL)) {
        const char *be = strstart(filename, "vc", NULL) ? "vc" : filename;

        if (!strcmp(be, "msmouse")) {
            goto bad;
        }
        json_object_set_string_member(opts, "backend", be);
    } else if (strstart(filename, "file:", &p)) {
        json_object_set_string_member(opts, "backend", "file");
        json_object_set_string_member(opts, "path", p);
    } else if (strstart(filename, "pipe:", &p)) {
        json_object_set_string_member(opts, "backend", "pipe");
        json_object_set_string_member(opts, "path", p);
    } else if (strstart(filename, "unix:", &p)) {
        addr = legacy_split(p, &rest);
        json_object_set_string_member(opts, "backend", "socket");
        json_object_set_string_member(opts, "path", addr);
        if (!legacy_merge_opts(opts, rest, errp)) {
            return NULL;
        }
    } else if (strstart(filename, "tcp:", &p) ||
               strstart(filename, "telnet:", &p)) {
        char *colon;

        addr = legacy_split(p, &rest);
        colon = strrchr(addr, ':');
        if (!colon || !colon[1]) {
            error_setg(errp, "chardev: socket: no port given");
            return NULL;
        }
        json_object_set_string_member(opts, "backend", "socket");
        *colon = '\0';
        json_object_set_string_member(opts, "host", addr);
        json_object_set_string_member(opts, "port", colon + 1);
        if (strstart(filename, "telnet:", NULL)) {
            json_object_set_string_member(opts, "telnet", "on");
        }
        if (!legacy_merge_opts(opts, rest, errp)) {
            return NULL;
        }
    } else {
        goto bad;
    }
    return g_steal_pointer(&opts);

bad:
    error_setg(errp, "'%s' is not a valid char driver", filename);
    return NULL;
}

Chardev *qemu_chr_new(const char *label, const char *filename, Error **errp)
{
    g_autoptr(JsonObject) opts = NULL;
    const char *p;
    bool mux = false;
    Chardev *chr;

    if (!filename || !strcmp(filename, "none")) {
        return NULL;
    }
    if (strstart(filename, "chardev:", &p)) {
        chr = qemu_chr_find(p);
        if (!chr) {
            error_setg(errp, "chardev '%s' not found", p);
        }
        return chr;
    }
    if (strstart(filename, "mon:", &p)) {
        mux = true;
        filename = p;
    }
    opts = legacy_parse(filename, errp);
    if (!opts) {
        return NULL;
    }
    json_object_set_string_member(opts, "id", label);
    if (mux) {
        json_object_set_string_member(opts, "mux", "on");
    }
    return qemu_chr_new_from_opts(opts, errp);
}
