/*
 * The chardev core: the abstract TYPE_CHARDEV, the registry by id,
 * creation from -chardev options, query-chardev, and the backend-side
 * entry points (data and events going to the frontend).
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "chardev-internal.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/option.h"

int term_escape_char = 0x01;   /* Ctrl-A */

static GHashTable *chardevs;        /* label -> Chardev* */
static GList *chardev_order;        /* creation order, for query-chardev */

static void chardev_instance_init(Object *obj)
{
    Chardev *chr = CHARDEV(obj);

    chr->logfd = -1;
    g_mutex_init(&chr->chr_write_lock);
}

static void chardev_instance_finalize(Object *obj)
{
    Chardev *chr = CHARDEV(obj);

    if (chr->be) {
        chr->be->chr = NULL;
    }
    if (chr->logfd >= 0) {
        close(chr->logfd);
    }
    g_free(chr->label);
    g_free(chr->filename);
    g_mutex_clear(&chr->chr_write_lock);
}

static const TypeInfo chardev_type_info = {
    .name = TYPE_CHARDEV,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Chardev),
    .instance_init = chardev_instance_init,
    .instance_finalize = chardev_instance_finalize,
    .abstract = true,
    .class_size = sizeof(ChardevClass),
};

static void chardev_register_types(void)
{
    type_register_static(&chardev_type_info);
}
type_init(chardev_register_types)

/* --- registry ---------------------------------------------------------- */

Chardev *qemu_chr_find(const char *label)
{
    return chardevs && label ? g_hash_table_lookup(chardevs, label) : NULL;
}

bool qemu_chr_is_mux(Chardev *chr)
{
    return chr && object_dynamic_cast(OBJECT(chr), TYPE_CHARDEV_MUX);
}

void qemu_chr_register(Chardev *chr)
{
    if (!chardevs) {
        chardevs = g_hash_table_new(g_str_hash, g_str_equal);
    }
    g_hash_table_insert(chardevs, chr->label, chr);
    chardev_order = g_list_append(chardev_order, chr);
    /* Visible to qom-list as /chardevs/<id>; the tree holds our ref. */
    object_property_add_child(container_get(object_get_root(), "/chardevs"),
                              chr->label, OBJECT(chr));
    object_unref(OBJECT(chr));
}

void qemu_chr_delete(Chardev *chr)
{
    if (!chr) {
        return;
    }
    if (chr->be) {
        qemu_chr_fe_deinit(chr->be, false);
    }
    if (chardevs && g_hash_table_lookup(chardevs, chr->label) == chr) {
        g_hash_table_remove(chardevs, chr->label);
        chardev_order = g_list_remove(chardev_order, chr);
        object_unparent(OBJECT(chr));
    } else {
        object_unref(OBJECT(chr));
    }
}

void qemu_chr_set_filename(Chardev *s, char *filename)
{
    g_free(s->filename);
    s->filename = filename;
}

/* --- creation ---------------------------------------------------------- */

static ChardevClass *chr_backend_class(const char *backend)
{
    g_autofree char *typename = g_strconcat("chardev-", backend, NULL);
    ObjectClass *oc = object_class_by_name(typename);

    if (!oc || object_class_is_abstract(oc) ||
        !object_class_dynamic_cast(oc, TYPE_CHARDEV) ||
        CHARDEV_CLASS(oc)->internal) {
        return NULL;
    }
    return CHARDEV_CLASS(oc);
}

/*
 * Like QEMU, a key belonging to any backend is accepted (and ignored by
 * the others), so existing command lines keep working; a key no backend
 * knows is an error.
 */
static bool chr_key_known(const char *key)
{
    static const char *const common[] = { CHARDEV_COMMON_KEYS, NULL };
    GSList *list, *l;
    bool found = g_strv_contains(common, key);

    list = object_class_get_list(TYPE_CHARDEV, false);
    for (l = list; l && !found; l = l->next) {
        const char *const *keys = CHARDEV_CLASS(l->data)->opt_keys;

        found = keys && g_strv_contains(keys, key);
    }
    g_slist_free(list);
    return found;
}

static bool chr_check_keys(JsonObject *opts, Error **errp)
{
    g_autoptr(GList) members = json_object_get_members(opts);

    for (GList *m = members; m; m = m->next) {
        if (!chr_key_known(m->data)) {
            error_setg(errp, "Invalid parameter '%s'", (char *)m->data);
            return false;
        }
    }
    return true;
}

static bool id_wellformed(const char *id)
{
    if (!g_ascii_isalpha(id[0])) {
        return false;
    }
    for (const char *p = id; *p; p++) {
        if (!g_ascii_isalnum(*p) && !strchr("-._", *p)) {
            return false;
        }
    }
    return true;
}

static bool chr_open_logfile(Chardev *chr, JsonObject *opts, Error **errp)
{
    const char *logfile = opt_get_str(opts, "logfile", NULL);
    Error *err = NULL;
    bool append = opt_get_bool(opts, "logappend", false, &err);
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC;

    if (err) {
        error_propagate(errp, err);
        return false;
    }
    if (!logfile) {
        return true;
    }
    flags |= append ? O_APPEND : O_TRUNC;
    chr->logfd = open(logfile, flags, 0666);
    if (chr->logfd < 0) {
        error_setg_errno(errp, errno, "Unable to open logfile '%s'",
                         logfile);
        return false;
    }
    return true;
}

Chardev *qemu_chr_create(const char *typename, const char *id,
                         JsonObject *opts, Error **errp)
{
    Chardev *chr = CHARDEV(object_new(typename));
    ChardevClass *cc = CHARDEV_GET_CLASS(chr);
    Error *err = NULL;
    bool be_opened = true;

    chr->label = g_strdup(id);
    if (!chr_open_logfile(chr, opts, errp)) {
        object_unref(OBJECT(chr));
        return NULL;
    }
    if (cc->open) {
        cc->open(chr, opts, &be_opened, &err);
        if (err) {
            error_propagate(errp, err);
            object_unref(OBJECT(chr));
            return NULL;
        }
    }
    if (!chr->filename) {
        chr->filename = g_strdup(typename + strlen("chardev-"));
    }
    if (be_opened) {
        qemu_chr_be_event(chr, CHR_EVENT_OPENED);
    }
    qemu_chr_register(chr);
    return chr;
}

Chardev *qemu_chr_new_from_opts(JsonObject *opts, Error **errp)
{
    const char *id = opt_get_str(opts, "id", NULL);
    const char *backend = opt_get_str(opts, "backend", NULL);
    g_autofree char *typename = NULL;
    g_autofree char *base_id = NULL;
    Error *err = NULL;
    Chardev *base, *mux;
    bool is_mux;

    if (!id) {
        error_setg(errp, "chardev: no id specified");
        return NULL;
    }
    if (!backend) {
        error_setg(errp, "chardev: \"%s\" missing backend", id);
        return NULL;
    }
    if (!id_wellformed(id)) {
        error_setg(errp, "Parameter 'id' expects an identifier");
        error_append_hint(errp, "Identifiers consist of letters, digits, "
                          "'-', '.', '_', starting with a letter.\n");
        return NULL;
    }
    if (!chr_backend_class(backend)) {
        error_setg(errp, "'%s' is not a valid char driver name", backend);
        return NULL;
    }
    if (!chr_check_keys(opts, errp)) {
        return NULL;
    }
    is_mux = opt_get_bool(opts, "mux", false, &err);
    if (err) {
        error_propagate(errp, err);
        return NULL;
    }
    if (qemu_chr_find(id)) {
        error_setg(errp, "Duplicate ID '%s' for chardev", id);
        return NULL;
    }
    typename = g_strconcat("chardev-", backend, NULL);
    if (!is_mux) {
        return qemu_chr_create(typename, id, opts, errp);
    }

    /* mux=on: the backend becomes "<id>-base", the mux takes the id. */
    base_id = g_strdup_printf("%s-base", id);
    if (qemu_chr_find(base_id)) {
        error_setg(errp, "Duplicate ID '%s' for chardev", base_id);
        return NULL;
    }
    base = qemu_chr_create(typename, base_id, opts, errp);
    if (!base) {
        return NULL;
    }
    mux = qemu_chr_new_mux(id, base, errp);
    if (!mux) {
        qemu_chr_delete(base);
    }
    return mux;
}

int qemu_chr_wait_connected(Chardev *chr, Error **errp)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(chr);

    return cc->chr_wait_connected ? cc->chr_wait_connected(chr, errp) : 0;
}

/* --- query / help ------------------------------------------------------ */

JsonArray *qemu_chr_query(void)
{
    JsonArray *arr = json_array_new();

    for (GList *l = chardev_order; l; l = l->next) {
        Chardev *chr = l->data;
        JsonObject *o = json_object_new();

        json_object_set_string_member(o, "label", chr->label);
        json_object_set_string_member(o, "filename",
                                      chr->filename ? chr->filename : "");
        json_object_set_boolean_member(o, "frontend-open",
                                       chr->be && chr->be->fe_open);
        json_array_add_object_element(arr, o);
    }
    return arr;
}

void qemu_chr_print_backends(FILE *f)
{
    GSList *list = object_class_get_list(TYPE_CHARDEV, false);

    fprintf(f, "Available chardev backend types: \n");
    for (GSList *l = list; l; l = l->next) {
        const char *name = object_class_get_name(l->data);

        if (!CHARDEV_CLASS(l->data)->internal &&
            g_str_has_prefix(name, "chardev-")) {
            fprintf(f, "  %s\n", name + strlen("chardev-"));
        }
    }
    g_slist_free(list);
}

/* --- backend side ------------------------------------------------------ */

int qemu_chr_be_can_write(Chardev *s)
{
    CharBackend *be = s->be;

    if (!be || !be->chr_can_read || !be->chr_read) {
        return 0;
    }
    return be->chr_can_read(be->opaque);
}

void qemu_chr_be_write(Chardev *s, const uint8_t *buf, int len)
{
    CharBackend *be = s->be;

    if (be && be->chr_read && len > 0) {
        be->chr_read(be->opaque, buf, len);
    }
}

void qemu_chr_be_event(Chardev *s, QEMUChrEvent event)
{
    CharBackend *be = s->be;
    ChardevClass *cc = CHARDEV_GET_CLASS(s);

    switch (event) {
    case CHR_EVENT_OPENED:
        s->be_open = true;
        break;
    case CHR_EVENT_CLOSED:
        s->be_open = false;
        break;
    default:
        break;
    }
    if (cc->chr_be_event) {
        cc->chr_be_event(s, event);
    }
    if (be && be->chr_event) {
        be->chr_event(be->opaque, event);
    }
}

/* --- writing ----------------------------------------------------------- */

static void chr_log(Chardev *s, const uint8_t *buf, int len)
{
    while (len > 0) {
        ssize_t r = write(s->logfd, buf, len);

        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            return;      /* a full log disk must not stop the guest */
        }
        buf += r;
        len -= r;
    }
}

int qemu_chr_write(Chardev *s, const uint8_t *buf, int len, bool write_all)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(s);
    int done = 0, r = 0;

    if (!cc->chr_write || len <= 0) {
        return len < 0 ? -1 : 0;
    }
    g_mutex_lock(&s->chr_write_lock);
    while (done < len) {
        r = cc->chr_write(s, buf + done, len - done);
        if (r < 0 && errno == EAGAIN && write_all) {
            g_usleep(100);
            continue;
        }
        if (r <= 0) {
            break;
        }
        done += r;
        if (!write_all) {
            break;
        }
    }
    if (done > 0 && s->logfd >= 0) {
        chr_log(s, buf, done);
    }
    g_mutex_unlock(&s->chr_write_lock);
    return done > 0 ? done : r;
}
